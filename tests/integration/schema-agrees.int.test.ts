import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Prisma } from '@/prisma/generated/client';
import { diffDatabaseToSchema } from '@/prisma/tools/schema-engine';
import { db } from '@/server/db';
import { createBookableShowtime, createHold, createUser } from '../support/factories';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';

// schema.prisma and the database built by prisma/migrations must agree, or Prisma would read
// and write columns that are not there. Two proofs: Prisma's own schema engine finds nothing
// to change, and every field of every model round-trips through Prisma on a real row. Both are
// shown to fail on a database that drifted.

afterAll(() => dropScratchDatabases());

describe('schema.prisma and the migrated database', () => {
  it('have no difference according to Prisma’s schema engine', async () => {
    const { empty, sql } = await diffDatabaseToSchema(inject('databaseUrl'));
    expect(sql.trim()).toBe('-- This is an empty migration.');
    expect(empty).toBe(true);
  }, 60_000);

  it('differ, by name, on a database that drifted from the migrations', async () => {
    const url = await createScratchDatabase({ migrated: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('ALTER TABLE reviews DROP COLUMN title');
      await client.query('ALTER TABLE cities ADD COLUMN nickname text');
    } finally {
      await client.end();
    }
    const { empty, sql } = await diffDatabaseToSchema(url);
    expect(empty).toBe(false);
    expect(sql).toMatch(/"reviews"[\s\S]*ADD COLUMN\s+"title"/);
    expect(sql).toMatch(/"cities"[\s\S]*DROP COLUMN\s+"nickname"/);
  }, 60_000);

  it('read and write every field of every model', async () => {
    const where = await buildOneOfEverything();
    const models = Object.values(Prisma.ModelName);
    expect(Object.keys(where).sort()).toEqual([...models].sort());

    type Delegate = {
      findUniqueOrThrow(args: unknown): Promise<Record<string, unknown>>;
      update(args: unknown): Promise<unknown>;
    };
    const client = db() as unknown as Record<string, Delegate>;
    const ns = Prisma as unknown as Record<string, Record<string, string>>;
    for (const model of models) {
      const fields = Object.values(ns[`${model}ScalarFieldEnum`] ?? {});
      expect(fields.length, model).toBeGreaterThan(0);
      const delegate = client[model.charAt(0).toLowerCase() + model.slice(1)]!;
      const row = await delegate.findUniqueOrThrow({
        where: where[model],
        select: Object.fromEntries(fields.map((f) => [f, true])),
      });
      for (const f of fields) expect(row, `${model}.${f}`).toHaveProperty(f);
      if (model === 'AuditLog') continue; // append-only by design: tested in invariants
      // Write every field back (keys included) with the value just read.
      const data = Object.fromEntries(fields.map((f) => [f, row[f] === null ? null : row[f]]));
      await delegate.update({ where: where[model], data: jsonSafe(data) });
    }
  });
});

function jsonSafe(data: Record<string, unknown>): Record<string, unknown> {
  // Prisma wants Prisma.JsonNull rather than null for nullable JSON columns.
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      v === null && ['before', 'after', 'response'].includes(k) ? Prisma.JsonNull : v,
    ]),
  );
}

async function buildOneOfEverything(): Promise<Record<string, Record<string, unknown>>> {
  const p = db();
  const user = await createUser({ emailVerifiedAt: new Date() });
  const { screen, seats, showtime } = await createBookableShowtime();
  const cinemaId = screen.cinemaId;
  const cinema = await p.cinema.findUniqueOrThrow({ where: { id: cinemaId } });
  const seat = seats[0]!;
  // A non-empty enum array, so the round trip below carries real values.
  await p.showtime.update({ where: { id: showtime.id }, data: { accessibility: ['CAPTIONED', 'RELAXED'] } });
  await p.userCredential.create({ data: { userId: user.id, passwordHash: 'x' } });
  await p.totpCredential.create({ data: { userId: user.id, secretEncrypted: 'x', lastUsedStep: 1n } });
  const recovery = await p.recoveryCode.create({ data: { userId: user.id, codeHash: randomUUID() } });
  const refresh = await p.refreshToken.create({
    data: {
      userId: user.id,
      familyId: randomUUID(),
      tokenHash: 'a'.repeat(64),
      sessionVersion: 0,
      expiresAt: new Date(Date.now() + 60_000),
      familyExpiresAt: new Date(Date.now() + 120_000),
      usedAt: new Date(),
      revokedAt: new Date(),
      revokedReason: 'logout',
    },
  });
  const otc = await p.oneTimeCode.create({
    data: {
      userId: user.id,
      purpose: 'VERIFY_EMAIL',
      codeHash: 'x',
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  await p.cinemaStaff.create({ data: { userId: user.id, cinemaId, role: 'STAFF' } });
  const credit = await p.movieCredit.create({
    data: { movieId: showtime.movieId, name: 'Actor', character: 'Hero', position: 1 },
  });
  const rule = await p.pricingRule.create({
    data: {
      cinemaId,
      name: 'Matinee',
      kind: 'TIME_OF_DAY',
      adjustmentBps: -1000,
      startMinute: 0,
      endMinute: 720,
    },
  });
  const promo = await p.promoCode.create({
    data: {
      code: `ALL${Date.now() % 1_000_000}`,
      description: 'every field',
      kind: 'PERCENT',
      value: 1000,
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 60_000),
      createdById: user.id,
      cinemas: { create: [{ cinemaId }] },
      films: { create: [{ movieId: showtime.movieId }] },
    },
  });
  await p.priceCardEntry.create({
    data: { cinemaId, category: 'PREMIUM', format: 'IMAX', dayPart: 'NIGHT', priceMinor: 45_000 },
  });
  const template = await p.programmeTemplate.create({
    data: {
      screenId: screen.id,
      movieIds: [showtime.movieId],
      firstShowMinute: 600,
      lastStartMinute: 1350,
      daysAhead: 7,
      active: false,
      extendedThrough: new Date('2026-12-24'),
    },
  });
  const accessSlot = await p.programmeTemplateAccessSlot.create({
    data: {
      templateId: template.id,
      position: 0,
      weekdays: [2, 7],
      fromMinute: 600,
      untilMinute: 720,
      features: ['CAPTIONED', 'RELAXED'],
    },
  });
  const hold = await createHold({ showtimeId: showtime.id, userId: user.id });
  const claim = await p.seatClaim.create({
    data: {
      holdId: hold.id,
      showtimeId: showtime.id,
      seatId: seat.id,
      state: 'SOLD',
      expiresAt: hold.expiresAt,
      category: 'STANDARD',
      priceMinor: 25_000,
    },
  });
  const booking = await p.booking.create({
    data: {
      reference: `MQ-${randomUUID().slice(0, 8).toUpperCase()}`,
      userId: user.id,
      showtimeId: showtime.id,
      holdId: hold.id,
      subtotalMinor: 25_000,
      discountMinor: 2_500,
      feeMinor: 3_000,
      taxMinor: 540,
      totalMinor: 26_040,
      price: { lines: [] },
      customerName: user.name,
      customerEmail: user.email,
      customerPhone: '+919820012345',
    },
  });
  const ticket = await p.ticket.create({
    data: {
      bookingId: booking.id,
      claimId: claim.id,
      showtimeId: showtime.id,
      seatId: seat.id,
      priceMinor: 25_000,
    },
  });
  const payment = await p.payment.create({
    data: {
      holdId: hold.id,
      bookingId: booking.id,
      provider: 'sandbox',
      providerRef: randomUUID(),
      amountMinor: 26_040,
      status: 'SUCCEEDED',
      cardLast4: '4242',
    },
  });
  const till = await p.till.create({
    data: { cinemaId, userId: user.id, openingFloatMinor: 100_000 },
  });
  const counterHold = await createHold({ showtimeId: showtime.id });
  const counterPayment = await p.payment.create({
    data: {
      holdId: counterHold.id,
      provider: 'counter',
      providerRef: randomUUID(),
      amountMinor: 26_040,
      status: 'SUCCEEDED',
      method: 'CASH',
      counterReference: 'slip 1',
      tenderedMinor: 30_000,
      tillId: till.id,
      soldById: user.id,
    },
  });
  await p.refund.create({
    data: {
      paymentId: counterPayment.id,
      amountMinor: 100,
      reason: 'counter',
      status: 'SUCCEEDED',
      tillId: till.id,
    },
  });
  await p.till.update({
    where: { id: till.id },
    data: { closedAt: new Date(), countedMinor: 125_940, expectedMinor: 125_940, closingNote: 'ok' },
  });
  const refund = await p.refund.create({
    data: {
      paymentId: payment.id,
      bookingId: booking.id,
      amountMinor: 100,
      reason: 'test',
      requestedById: user.id,
    },
  });
  const redemption = await p.promoRedemption.create({
    data: { promoCodeId: promo.id, userId: user.id, bookingId: booking.id, discountMinor: 2_500 },
  });
  const wait = await p.waitlistEntry.create({
    data: { showtimeId: showtime.id, userId: user.id, seatsWanted: 2 },
  });
  const review = await p.review.create({
    data: { movieId: showtime.movieId, userId: user.id, rating: 4, title: 't', body: 'b' },
  });
  const outbox = await p.notificationOutbox.create({
    data: { kind: 'test', recipient: 'a@b.c', payload: {}, requestId: 'r' },
  });
  const audit = await p.auditLog.create({
    data: {
      actorId: user.id,
      actorRole: 'ADMIN',
      action: 'test',
      entityType: 'x',
      before: {},
      after: {},
      requestId: 'r',
      ip: '::1',
      cinemaId,
    },
  });
  await p.idempotencyKey.create({
    data: {
      userId: user.id,
      key: 'k',
      scope: 'test',
      requestHash: 'h',
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  const attachment = await p.socketIoAttachment.create({ data: { payload: Buffer.from('x') } });
  const sandboxCharge = await p.sandboxCharge.create({
    data: {
      paymentId: randomUUID(),
      providerRef: `sbx_ch_${randomUUID()}`,
      amountMinor: 100,
      currency: 'INR',
      cardLast4: '4242',
    },
  });
  const sandboxRefund = await p.sandboxRefund.create({
    data: {
      refundId: randomUUID(),
      chargeRef: sandboxCharge.providerRef ?? '',
      amountMinor: 100,
      providerRef: `sbx_re_${randomUUID()}`,
    },
  });
  await p.cinema.update({
    where: { id: cinemaId },
    data: { gstin: '27AAPFU0939F1ZV', legalName: 'Test Cinemas Private Limited' },
  });
  // Long before any other test's documents: registers over "the last days" in the shared test
  // database (gst-register.int) must not meet these.
  const issuedAt = new Date('2025-06-15T10:00:00Z');
  await p.invoiceCounter.create({ data: { cinemaId, fiscalYear: 2025, lastNumber: 1 } });
  const invoice = await p.invoice.create({
    data: {
      bookingId: booking.id,
      cinemaId,
      fiscalYear: 2025,
      number: 1,
      invoiceNumber: `${cinema.invoicePrefix}/2526/00001`,
      issuedAt,
      supplierLegalName: 'Test Cinemas Private Limited',
      supplierGstin: '27AAPFU0939F1ZV',
      supplierAddress: '1 Test Road',
      supplierState: 'Maharashtra',
      supplierStateCode: '27',
      customerName: user.name,
      placeOfSupply: 'Maharashtra (27)',
      // One line, which the database copies into gst_document_lines.
      lines: [
        {
          description: 'Admission to the show',
          sac: '999615',
          quantity: 1,
          items: [],
          grossMinor: 25_500,
          discountMinor: 0,
          discountLabel: null,
          taxableMinor: 25_500,
          taxRateBps: 212,
          cgstMinor: 270,
          sgstMinor: 270,
        },
      ],
      taxableMinor: 25_500,
      cgstMinor: 270,
      sgstMinor: 270,
      totalMinor: 26_040,
    },
  });
  await p.creditNoteCounter.create({ data: { cinemaId, fiscalYear: 2025, lastNumber: 1 } });
  const creditNote = await p.creditNote.create({
    data: {
      invoiceId: invoice.id,
      bookingId: booking.id,
      refundId: refund.id,
      cinemaId,
      fiscalYear: 2025,
      number: 1,
      creditNoteNumber: `${cinema.invoicePrefix}CN2526/00001`,
      issuedAt,
      reason: 'test',
      // Its lines add up to its amounts, as every issued credit note's do.
      lines: [
        {
          description: 'Admission to the show',
          sac: '999615',
          quantity: 0,
          taxableMinor: 1_000,
          taxRateBps: 1800,
          cgstMinor: 90,
          sgstMinor: 90,
        },
      ],
      taxableMinor: 1_000,
      cgstMinor: 90,
      sgstMinor: 90,
      totalMinor: 1_180,
    },
  });
  const city = await p.city.findUniqueOrThrow({ where: { id: cinema.cityId } });
  const invitation = await p.staffInvitation.create({
    data: {
      email: `invited-${user.id}@test.local`,
      role: 'STAFF',
      tokenHash: `hash-${user.id}`,
      invitedById: user.id,
      acceptedById: user.id,
      acceptedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
      cinemas: { create: [{ cinemaId }] },
    },
  });
  // The rollups of everything above (refresh_report_rollups), and a showtime marked dirty since.
  await p.$queryRaw`SELECT refresh_report_rollups(true)`;
  const dirty = await p.reportDirtyShowtime.create({ data: { showtimeId: showtime.id } });
  const kvKey = `schema-agrees:${randomUUID()}`;
  await p.kvEntry.create({ data: { key: kvKey, value: '1', expiresAt: new Date(Date.now() + 60_000) } });
  // Written by every instance's recovery watch when it finds the row missing.
  await p.dbEpoch.upsert({ where: { id: 1 }, create: {}, update: {} });
  const jobName = `schema-agrees-${randomUUID()}`;
  await p.jobRun.create({ data: { name: jobName, lastStartedAt: new Date(), runs: 1n } });
  const walletRegistration = await p.walletRegistration.create({
    data: {
      deviceLibraryId: 'device-1',
      pushToken: 'ab'.repeat(32),
      passTypeId: 'pass.test',
      ticketId: ticket.id,
    },
  });
  const walletPush = await p.walletPush.create({
    data: { pushToken: 'cd'.repeat(32), passTypeId: 'pass.test', sentAt: new Date(), lastError: 'x' },
  });
  // Written back unchanged below: the immutability trigger lets that through.
  const mediaKey = `posters/schema-agrees-${randomUUID()}.webp`;
  await p.mediaObject.create({
    data: { key: mediaKey, contentType: 'image/webp', bytes: new Uint8Array([1, 2, 3]), size: 3 },
  });
  return {
    MediaObject: { key: mediaKey },
    WalletRegistration: { id: walletRegistration.id },
    WalletPush: { id: walletPush.id },
    KvEntry: { key: kvKey },
    // Made by the migration, bumped by triggers.
    CatalogVersion: { id: 1 },
    JobRun: { name: jobName },
    DbEpoch: { id: 1 },
    ReportShowtimeRollup: { showtimeId: showtime.id },
    ReportPromoRollup: { showtimeId_promoCodeId: { showtimeId: showtime.id, promoCodeId: promo.id } },
    ReportDirtyShowtime: { id: dirty.id },
    ReportRollupState: { id: 1 },
    User: { id: user.id },
    UserCredential: { userId: user.id },
    TotpCredential: { userId: user.id },
    RecoveryCode: { id: recovery.id },
    RefreshToken: { id: refresh.id },
    OneTimeCode: { id: otc.id },
    CinemaStaff: { userId_cinemaId: { userId: user.id, cinemaId } },
    City: { id: city.id },
    Cinema: { id: cinemaId },
    Screen: { id: screen.id },
    // Made with the screen, by the trigger screens_first_layout.
    ScreenLayout: { screenId_version: { screenId: screen.id, version: 1 } },
    Seat: { id: seat.id },
    Movie: { id: showtime.movieId },
    MovieCredit: { id: credit.id },
    Showtime: { id: showtime.id },
    ShowtimePrice: { showtimeId_category: { showtimeId: showtime.id, category: 'STANDARD' } },
    // Made with the showtime, by the trigger showtimes_add_seat_rows.
    ShowtimeSeatRow: { showtimeId_rowIndex: { showtimeId: showtime.id, rowIndex: 0 } },
    PricingRule: { id: rule.id },
    PromoCode: { id: promo.id },
    PromoCodeCinema: { promoCodeId_cinemaId: { promoCodeId: promo.id, cinemaId } },
    PromoCodeFilm: { promoCodeId_movieId: { promoCodeId: promo.id, movieId: showtime.movieId } },
    PromoRedemption: { id: redemption.id },
    SeatHold: { id: hold.id },
    SeatClaim: { id: claim.id },
    Booking: { id: booking.id },
    Ticket: { id: ticket.id },
    Payment: { id: payment.id },
    Refund: { id: refund.id },
    WaitlistEntry: { id: wait.id },
    Review: { id: review.id },
    NotificationOutbox: { id: outbox.id },
    AuditLog: { id: audit.id },
    IdempotencyKey: { userId_key: { userId: user.id, key: 'k' } },
    SocketIoAttachment: { id: attachment.id },
    SandboxCharge: { paymentId: sandboxCharge.paymentId },
    SandboxRefund: { refundId: sandboxRefund.refundId },
    Invoice: { id: invoice.id },
    InvoiceCounter: { cinemaId_fiscalYear: { cinemaId, fiscalYear: 2025 } },
    CreditNote: { id: creditNote.id },
    GstDocumentLine: { invoiceId_lineNo: { invoiceId: invoice.id, lineNo: 1 } },
    CreditNoteCounter: { cinemaId_fiscalYear: { cinemaId, fiscalYear: 2025 } },
    ProgrammeTemplate: { id: template.id },
    ProgrammeTemplateAccessSlot: { id: accessSlot.id },
    PriceCardEntry: {
      cinemaId_category_format_dayPart: { cinemaId, category: 'PREMIUM', format: 'IMAX', dayPart: 'NIGHT' },
    },
    StaffInvitation: { id: invitation.id },
    Till: { id: till.id },
    StaffInvitationCinema: { invitationId_cinemaId: { invitationId: invitation.id, cinemaId } },
  };
}
