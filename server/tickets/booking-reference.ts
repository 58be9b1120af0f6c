import 'server-only';

// Booking references like MQ-7K3F9X2, derived from booking_reference_seq by a bijection, so two
// bookings can never get the same one (no random strings racing a unique constraint), yet
// consecutive bookings do not get neighbouring references that invite guessing.
//
// The sequence value n (1 ≤ n ≤ 2^35) becomes x = n − 1, a 35-bit number, which is scrambled by a
// keyed Feistel network and written as 7 Crockford base32 characters (5 bits each). A Feistel
// network is a permutation whatever its round function, so the scramble is bijective by
// construction; parseBookingReference runs it backwards.
//
// The network works on 36 bits (two 18-bit halves) and "cycle-walks": it re-applies itself
// until the result fits in 35 bits. Restricting a permutation this way stays a permutation of
// the 35-bit range, and the expected number of extra passes is about one.
//
// The round keys are constants in code on purpose: references are not secrets (a reference
// alone grants nothing; reading a booking also needs its owner's session or email), the
// scramble only keeps them from looking sequential. Changing the keys would change every
// future reference and make old ones unparseable, so never change them.

const HALF_BITS = 18;
const HALF = 2 ** HALF_BITS;
const HALF_MASK = HALF - 1;
const WIDTH_BITS = 35;
const LIMIT = 2 ** WIDTH_BITS;
const CHARS = 7;
export const BOOKING_REFERENCE_MAX = BigInt(LIMIT);

const ROUND_KEYS = [
  0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced8b3b, 0x1b873593, 0xcc9e2d51, 0x85ebca6b, 0xc2b2ae35,
];

// Crockford base32: no I, L, O or U, so a reference read aloud or off paper is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'MQ-';

/** A well-mixed 18-bit function of (half, key) (the "lowbias32" integer hash). */
function round(half: number, key: number): number {
  let h = (half ^ key) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) & HALF_MASK;
}

function permute(x: number): number {
  let left = Math.floor(x / HALF);
  let right = x % HALF;
  for (const key of ROUND_KEYS) {
    const next = left ^ round(right, key);
    left = right;
    right = next;
  }
  return left * HALF + right;
}

function unpermute(y: number): number {
  let left = Math.floor(y / HALF);
  let right = y % HALF;
  for (let i = ROUND_KEYS.length - 1; i >= 0; i--) {
    const previous = right ^ round(left, ROUND_KEYS[i] as number);
    right = left;
    left = previous;
  }
  return left * HALF + right;
}

function encode(x: number): string {
  let out = '';
  for (let i = 0; i < CHARS; i++) {
    out = ALPHABET.charAt(x % 32) + out;
    x = Math.floor(x / 32);
  }
  return out;
}

/** The booking reference for a booking_reference_seq value (1 ≤ n ≤ 2^35). */
export function bookingReference(sequenceValue: bigint): string {
  if (sequenceValue < 1n || sequenceValue > BOOKING_REFERENCE_MAX) {
    throw new RangeError(`booking reference sequence value ${sequenceValue} is outside 1..2^35`);
  }
  let x = Number(sequenceValue - 1n);
  do x = permute(x);
  while (x >= LIMIT);
  return PREFIX + encode(x);
}

/** The sequence value a reference was made from, or null if it is not a reference. */
export function parseBookingReference(reference: string): bigint | null {
  const ref = reference.trim().toUpperCase();
  if (!ref.startsWith(PREFIX) || ref.length !== PREFIX.length + CHARS) return null;
  let x = 0;
  for (const c of ref.slice(PREFIX.length)) {
    // Crockford decoding: O reads as 0, I and L as 1, as people copy them off a ticket.
    const normal = c === 'O' ? '0' : c === 'I' || c === 'L' ? '1' : c;
    const digit = ALPHABET.indexOf(normal);
    if (digit < 0) return null;
    x = x * 32 + digit;
  }
  do x = unpermute(x);
  while (x >= LIMIT);
  return BigInt(x) + 1n;
}
