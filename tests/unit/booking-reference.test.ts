import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { referenceParamsSchema } from '@/lib/schemas/booking';
import {
  BOOKING_REFERENCE_MAX,
  bookingReference,
  parseBookingReference,
} from '@/server/tickets/booking-reference';

// The database CHECK on bookings.reference and the API's path parameter pattern.
const DB_CHECK = /^[0-9A-Z-]{6,20}$/;
const API_PARAM = /^MQ-[0-9A-Z]{4,12}$/;

function differingChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('booking references', () => {
  it('look like MQ- and seven Crockford base32 characters, valid for the DB and the API', () => {
    const ref = bookingReference(1n);
    expect(ref).toMatch(/^MQ-[0-9A-HJKMNP-TV-Z]{7}$/);
    expect(ref).toMatch(DB_CHECK);
    expect(ref).toMatch(API_PARAM);
    expect(referenceParamsSchema.parse({ reference: ref.toLowerCase() }).reference).toBe(ref);
  });

  it('never repeat over the first 200,000 bookings, and each parses back to its number', () => {
    const seen = new Set<string>();
    for (let n = 1n; n <= 200_000n; n++) {
      const ref = bookingReference(n);
      seen.add(ref);
      if (n % 997n === 0n) {
        expect(ref).toMatch(API_PARAM);
        expect(ref).toMatch(DB_CHECK);
      }
      if (parseBookingReference(ref) !== n) throw new Error(`${ref} does not parse back to ${n}`);
    }
    expect(seen.size).toBe(200_000);
  });

  it('round-trips random values across the whole range, including both ends', () => {
    const samples = [1n, 2n, BOOKING_REFERENCE_MAX - 1n, BOOKING_REFERENCE_MAX];
    for (let i = 0; i < 50_000; i++) samples.push(BigInt(randomInt(1, 2 ** 35 + 1)));
    const refs = new Map<string, bigint>();
    for (const n of samples) {
      const ref = bookingReference(n);
      expect(ref).toMatch(API_PARAM);
      const previous = refs.get(ref);
      if (previous !== undefined && previous !== n) throw new Error(`${n} and ${previous} share ${ref}`);
      refs.set(ref, n);
      expect(parseBookingReference(ref)).toBe(n);
    }
  });

  it('covers about 34 billion bookings and refuses numbers outside 1..2^35', () => {
    expect(BOOKING_REFERENCE_MAX).toBe(34_359_738_368n);
    for (const bad of [0n, -1n, BOOKING_REFERENCE_MAX + 1n]) {
      expect(() => bookingReference(bad)).toThrow(RangeError);
    }
  });

  it('does not look sequential: consecutive bookings differ in several characters', () => {
    let min = Number.POSITIVE_INFINITY;
    let total = 0;
    let previous = bookingReference(1n);
    const count = 50_000;
    for (let n = 2n; n <= BigInt(count); n++) {
      const ref = bookingReference(n);
      const d = differingChars(previous, ref);
      min = Math.min(min, d);
      total += d;
      previous = ref;
    }
    expect(min).toBeGreaterThanOrEqual(3);
    // Random strings would differ in 7 × 31/32 ≈ 6.8 positions on average.
    expect(total / (count - 1)).toBeGreaterThan(6.5);
  });

  it('parses what a person types: lower case, O for 0, I or L for 1, and rejects the rest', () => {
    const ref = bookingReference(123_456n);
    expect(parseBookingReference(ref.toLowerCase())).toBe(123_456n);
    expect(parseBookingReference(` ${ref} `)).toBe(123_456n);
    let n = 1n;
    while (!bookingReference(n).slice(3).includes('0')) n++;
    const withZero = bookingReference(n);
    expect(parseBookingReference(`MQ-${withZero.slice(3).replaceAll('0', 'O')}`)).toBe(n);
    for (const bad of [
      '',
      'MQ-',
      'MQ-ABC',
      'MQ-ABCDEFGH',
      'XX-ABCDEFG',
      'MQ-ABCDEFU',
      'MQ-ABC$EFG',
      'MQABCDEFGH',
    ]) {
      expect(parseBookingReference(bad)).toBeNull();
    }
  });
});
