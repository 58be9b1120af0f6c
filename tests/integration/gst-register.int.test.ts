import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/schemas/reports';
import { downloadReportCsvOp, getReportOp } from '@/server/api/operations/reports';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { db } from '@/server/db';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { issueInvoice } from '@/server/invoices/issue-invoice';
import { getReport } from '@/server/reports/get-report';
import { cinemaRanges, documents } from '@/server/reports/gst-register';
import { call } from '../support/api';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { adminViewer, customerViewer, managerOf } from '../support/viewers';

// The GST register against the real PostgreSQL: invoices and credit notes issued through the use
// cases that issue them in production (the invoice download, a customer's cancellation, the
// desk's partial refund), then the register held to SQL over the documents: one row each, credit
// notes negative, totals the net; the range on the issue date in the cinema's time zone (23:59:59
// and 00:00 India time are the same UTC day); a number range with a gap that shows; and a
// manager who sees no other cinema's documents.

const DAY = 86_400_000;
const indiaDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Kolkata',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** hh:mm:ss.mmm India time on `day`, as an instant (India is UTC+05:30 all year). */
const indiaTime = (day: string, time: string) => new Date(Date.parse(`${day}T${time}+05:30`));

/** The documents of a cinema issued from..to (India dates), straight from the tables, as the register should list them. */
async function documentsInSql(cinemaId: string, from: string, to: string) {
  return db().$queryRaw<
    {
      type: string;
      number: string;
      issueDate: string;
      booking: string;
      invoice: string | null;
      gstin: string | null;
      placeOfSupply: string;
      taxable: number;
      cgst: number;
      sgst: number;
      total: number;
      k: number;
      n: number;
    }[]
  >`
    SELECT * FROM (
      SELECT 'Tax invoice' AS type, i.invoice_number AS number,
             to_char(i.issued_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS "issueDate",
             b.reference AS booking, NULL AS invoice, i.supplier_gstin AS gstin, i.place_of_supply AS "placeOfSupply",
             i.taxable_minor AS taxable, i.cgst_minor AS cgst, i.sgst_minor AS sgst, i.total_minor AS total,
             0 AS k, i.number AS n
      FROM invoices i JOIN bookings b ON b.id = i.booking_id
      WHERE i.cinema_id = ${cinemaId}::uuid
      UNION ALL
      SELECT 'Credit note', n.credit_note_number,
             to_char(n.issued_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD'),
             b.reference, i.invoice_number, i.supplier_gstin, i.place_of_supply,
             -n.taxable_minor, -n.cgst_minor, -n.sgst_minor, -n.total_minor, 1, n.number
      FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id JOIN bookings b ON b.id = n.booking_id
      WHERE n.cinema_id = ${cinemaId}::uuid
    ) d
    WHERE "issueDate" BETWEEN ${from} AND ${to}
    ORDER BY "issueDate", k, n`;
}

const rowsOf = (r: Report) =>
  r.rows.map(({ cinema: _, ...rest }) => rest as Record<string, string | number | null>);

async function world() {
  const cinema = await createGstCinema();
  const { viewer: manager, token } = await managerOf(cinema.id);
  const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 10 });
  const seat = (i: number) => seats[i]!.id;
  const [b1, b2, b3, b4] = [
    await book({ showtimeId: showtime.id, seatIds: [seat(0), seat(1), seat(2)] }),
    await book({ showtimeId: showtime.id, seatIds: [seat(3)] }),
    await book({ showtimeId: showtime.id, seatIds: [seat(4), seat(5)] }),
    await book({ showtimeId: showtime.id, seatIds: [seat(6)] }),
  ];
  const today = indiaDay(new Date());
  const edge = addDays(today, -2);
  // The last millisecond of `edge` and the first of the next day, India time: one UTC date.
  await issueInvoice({ bookingId: b1!.id, issuedAt: indiaTime(edge, '23:59:59.999') });
  await issueInvoice({ bookingId: b2!.id, issuedAt: indiaTime(addDays(edge, 1), '00:00:00.000') });
  // Today: a customer cancels a booking with no invoice yet (its invoice, then its credit note),
  // and the desk refunds one of b1's three tickets (a credit note against b1's invoice).
  const b3User = await db().user.findUniqueOrThrow({ where: { id: b3!.userId } });
  await cancelBooking({ reference: b3!.reference, viewer: customerViewer(b3User) });
  const ticket = await db().ticket.findFirstOrThrow({ where: { bookingId: b1!.id }, select: { id: true } });
  await refundDeskBooking({
    viewer: manager,
    reference: b1!.reference,
    request: { mode: 'tickets', ticketIds: [ticket.id], reason: 'One could not come' },
  });
  return { cinema, manager, token, b1: b1!, b2: b2!, b3: b3!, b4: b4!, today, edge };
}

describe('the GST register', () => {
  it('lists every invoice and credit note as the tables hold them, credit notes negative, totals the net', async () => {
    const w = await world();
    const query = { from: w.edge, to: w.today, cinemaId: w.cinema.id };
    const report = await getReport({ viewer: w.manager, kind: 'gst', query });
    const expected = await documentsInSql(w.cinema.id, w.edge, w.today);
    expect(expected.map((d) => d.type)).toEqual([
      'Tax invoice',
      'Tax invoice',
      'Tax invoice',
      'Credit note',
      'Credit note',
    ]);
    expect(report.dateBasis).toBe('issue');
    expect(rowsOf(report)).toEqual(expected.map(({ k: _k, n: _n, ...d }) => d));
    expect(report.rows.every((r) => r.cinema === w.cinema.name)).toBe(true);
    // Each credit note names the invoice it corrects; every document the cinema's GSTIN.
    const invoices = await db().invoice.findMany({
      where: { cinemaId: w.cinema.id },
      select: { bookingId: true, invoiceNumber: true },
    });
    const invoiceOf = new Map(invoices.map((i) => [i.bookingId, i.invoiceNumber]));
    expect(report.rows.filter((r) => r.type === 'Credit note').map((r) => r.invoice)).toEqual([
      invoiceOf.get(w.b3.id),
      invoiceOf.get(w.b1.id),
    ]);
    expect(new Set(report.rows.map((r) => r.gstin))).toEqual(new Set([w.cinema.gstin]));
    expect(new Set(report.rows.map((r) => r.placeOfSupply))).toEqual(new Set(['Maharashtra (27)']));

    // Totals: what the invoices say less what the credit notes say, head by head.
    const [sums] = await db().$queryRaw<
      { taxable: bigint; cgst: bigint; sgst: bigint; total: bigint; cnTotal: bigint }[]
    >`
      SELECT (SELECT sum(taxable_minor) FROM invoices WHERE cinema_id = ${w.cinema.id}::uuid)
               - (SELECT sum(taxable_minor) FROM credit_notes WHERE cinema_id = ${w.cinema.id}::uuid) AS taxable,
             (SELECT sum(cgst_minor) FROM invoices WHERE cinema_id = ${w.cinema.id}::uuid)
               - (SELECT sum(cgst_minor) FROM credit_notes WHERE cinema_id = ${w.cinema.id}::uuid) AS cgst,
             (SELECT sum(sgst_minor) FROM invoices WHERE cinema_id = ${w.cinema.id}::uuid)
               - (SELECT sum(sgst_minor) FROM credit_notes WHERE cinema_id = ${w.cinema.id}::uuid) AS sgst,
             (SELECT sum(total_minor) FROM invoices WHERE cinema_id = ${w.cinema.id}::uuid)
               - (SELECT sum(total_minor) FROM credit_notes WHERE cinema_id = ${w.cinema.id}::uuid) AS total,
             (SELECT sum(total_minor) FROM credit_notes WHERE cinema_id = ${w.cinema.id}::uuid) AS "cnTotal"`;
    const net = {
      taxable: Number(sums!.taxable),
      cgst: Number(sums!.cgst),
      sgst: Number(sums!.sgst),
      total: Number(sums!.total),
    };
    expect(net.total).toBe(net.taxable + net.cgst + net.sgst);
    expect(report.totals).toMatchObject(net);

    // The summary: each series with its count and number range, then the net, then all cinemas.
    const fy = (await db().invoice.findFirstOrThrow({ where: { bookingId: w.b1.id } })).fiscalYear;
    const fyLabel = `${fy}–${String((fy + 1) % 100).padStart(2, '0')}`;
    const prefix = w.cinema.invoicePrefix;
    const yy = `${String(fy % 100).padStart(2, '0')}${String((fy + 1) % 100).padStart(2, '0')}`;
    const invoiceSums = { taxable: 0, cgst: 0, sgst: 0, total: 0 };
    for (const d of expected.filter((e) => e.type === 'Tax invoice'))
      for (const k of ['taxable', 'cgst', 'sgst', 'total'] as const) invoiceSums[k] += Number(d[k]);
    expect(report.summary?.rows).toEqual([
      {
        cinema: w.cinema.name,
        gstin: w.cinema.gstin,
        series: 'Invoices',
        fiscalYear: fyLabel,
        count: 3,
        first: `${prefix}/${yy}/00001`,
        last: `${prefix}/${yy}/00003`,
        missing: 0,
        ...invoiceSums,
      },
      {
        cinema: w.cinema.name,
        gstin: w.cinema.gstin,
        series: 'Credit notes',
        fiscalYear: fyLabel,
        count: 2,
        first: `${prefix}CN${yy}/00001`,
        last: `${prefix}CN${yy}/00002`,
        missing: 0,
        taxable: net.taxable - invoiceSums.taxable,
        cgst: net.cgst - invoiceSums.cgst,
        sgst: net.sgst - invoiceSums.sgst,
        total: -Number(sums!.cnTotal),
      },
      expect.objectContaining({ cinema: w.cinema.name, series: 'Net', count: null, ...net }),
      expect.objectContaining({ cinema: 'All cinemas', series: 'Invoices', count: 3, ...invoiceSums }),
      expect.objectContaining({ cinema: 'All cinemas', series: 'Credit notes', count: 2 }),
      expect.objectContaining({ cinema: 'All cinemas', series: 'Net', ...net }),
    ]);

    // The same through REST, as CSV: one line a document, and the Total line the net in rupees.
    const csv = await call(downloadReportCsvOp, {
      params: { kind: 'gst' },
      path: `?from=${query.from}&to=${query.to}&cinemaId=${query.cinemaId}`,
      token: w.token,
    });
    expect(csv.status).toBe(200);
    const lines = csv.raw.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(1 + expected.length + 1);
    expect(lines[0]).toBe(
      'Cinema,Document,Number,Issue date,Booking,Corrects invoice,GSTIN,Place of supply,Taxable value,CGST,SGST,Total',
    );
    expect(lines.at(-1)).toBe(
      `Total,,,,,,,,${net.taxable / 100},${net.cgst / 100},${net.sgst / 100},${net.total / 100}`,
    );
  });

  it('summarises per SAC code and rate, net of credit notes, as SQL over the documents’ lines; it adds up to the register', async () => {
    const w = await world();
    const query = { from: w.edge, to: w.today, cinemaId: w.cinema.id };
    const report = await getReport({ viewer: w.manager, kind: 'gst', query });
    // The world's credit notes: the customer's cancellation reverses b3's whole admission line
    // (its seats stated), the desk's refund of one of b1's three tickets a part of b1's (none).
    const creditLines = await db().$queryRaw<{ quantity: number; sac: string }[]>`
      SELECT (l->>'quantity')::int AS quantity, l->>'sac' AS sac
      FROM credit_notes n, jsonb_array_elements(n.lines) l WHERE n.cinema_id = ${w.cinema.id}::uuid
      ORDER BY n.number`;
    expect(creditLines).toEqual([
      { quantity: 2, sac: '999615' },
      { quantity: 0, sac: '999615' },
    ]);
    // Every document of this cinema is in the range (the first test holds that): no dates here.
    const expected = await db().$queryRaw<
      {
        sac: string;
        rate: number;
        quantity: number;
        lines: number;
        taxable: number;
        cgst: number;
        sgst: number;
      }[]
    >`
      SELECT sac, bps / 100.0 AS rate, sum(q)::int AS quantity, count(*)::int AS lines,
             sum(t)::int AS taxable, sum(cg)::int AS cgst, sum(sg)::int AS sgst
      FROM (
        SELECT l->>'sac' AS sac, (l->>'taxRateBps')::int AS bps, (l->>'quantity')::int AS q,
               (l->>'taxableMinor')::int AS t, (l->>'cgstMinor')::int AS cg, (l->>'sgstMinor')::int AS sg
        FROM invoices i, jsonb_array_elements(i.lines) l WHERE i.cinema_id = ${w.cinema.id}::uuid
        UNION ALL
        SELECT l->>'sac', (l->>'taxRateBps')::int, -(l->>'quantity')::int,
               -(l->>'taxableMinor')::int, -(l->>'cgstMinor')::int, -(l->>'sgstMinor')::int
        FROM credit_notes n, jsonb_array_elements(n.lines) l WHERE n.cinema_id = ${w.cinema.id}::uuid
      ) x
      GROUP BY sac, bps ORDER BY sac, bps`;
    expect(expected.length).toBeGreaterThan(0);
    expect(report.sacSummary?.rows).toEqual(
      expected.map((e) => ({
        cinema: w.cinema.name,
        gstin: w.cinema.gstin,
        sac: e.sac,
        description: e.sac === '999615' ? 'Admission to the show' : 'Online booking fee',
        rate: Number(e.rate),
        quantity: e.quantity,
        lines: e.lines,
        taxable: e.taxable,
        cgst: e.cgst,
        sgst: e.sgst,
        total: e.taxable + e.cgst + e.sgst,
      })),
    );
    // The summary reads the copy the database makes of each document's lines: it cannot be edited.
    await expect(
      db()
        .$executeRaw`UPDATE gst_document_lines SET taxable_minor = 0 WHERE cinema_id = ${w.cinema.id}::uuid`,
    ).rejects.toThrow(/cannot be changed/);
    // Admission's net quantity: the seats invoiced (3 + 1 + 2) less b3's two, whole reversals only.
    expect(report.sacSummary?.rows.find((r) => r.sac === '999615')?.quantity).toBe(4);
    // Per cinema, the SAC rows add up to the register's net, head by head.
    const net = report.summary?.rows.find((r) => r.series === 'Net' && r.cinema === w.cinema.name);
    for (const k of ['taxable', 'cgst', 'sgst', 'total'] as const) {
      const sum = (report.sacSummary?.rows ?? []).reduce((n, r) => n + Number(r[k]), 0);
      expect(sum).toBe(net?.[k]);
      expect(sum).toBe(report.totals[k]);
    }
    // An admin over every cinema: still the totals of the whole register.
    const admin = await getReport({
      viewer: await adminViewer(),
      kind: 'gst',
      query: { from: w.edge, to: w.today },
    });
    for (const k of ['taxable', 'cgst', 'sgst', 'total'] as const)
      expect((admin.sacSummary?.rows ?? []).reduce((n, r) => n + Number(r[k]), 0)).toBe(admin.totals[k]);
  });

  it('returns the first rows only when asked, with rowsTotal, totals and summaries over every row', async () => {
    const w = await world();
    const query = { from: w.edge, to: w.today, cinemaId: w.cinema.id };
    const full = await getReport({ viewer: w.manager, kind: 'gst', query });
    expect(full.rowsTotal).toBe(5);
    const page = await getReport({ viewer: w.manager, kind: 'gst', query, limit: 2 });
    expect(page.rows).toEqual(full.rows.slice(0, 2));
    expect(page.rowsTotal).toBe(5);
    expect(page.totals).toEqual(full.totals);
    expect(page.summary).toEqual(full.summary);
    expect(page.sacSummary).toEqual(full.sacSummary);

    const path = `?from=${query.from}&to=${query.to}&cinemaId=${query.cinemaId}`;
    const json = await call(getReportOp, {
      params: { kind: 'gst' },
      path: `${path}&limit=2`,
      token: w.token,
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ rowsTotal: 5, totals: full.totals });
    expect((json.body as Report).rows).toHaveLength(2);
    expect((json.body as Report).sacSummary?.rows).toEqual(full.sacSummary?.rows);
    const bad = await call(getReportOp, { params: { kind: 'gst' }, path: `${path}&limit=0`, token: w.token });
    expect(bad.status).toBe(400);
    // The downloads take no limit: every row, always.
    const csv = await call(downloadReportCsvOp, {
      params: { kind: 'gst' },
      path: `${path}&limit=2`,
      token: w.token,
    });
    expect(csv.raw.toString('utf8').trim().split('\r\n')).toHaveLength(1 + 5 + 1);
  });

  it('chooses documents by their issue date in the cinema’s time zone, and shows a gap in a number range', async () => {
    const w = await world();
    const dates = async (from: string, to: string) => {
      const r = await getReport({
        viewer: w.manager,
        kind: 'gst',
        query: { from, to, cinemaId: w.cinema.id },
      });
      return r.rows.map((row) => [row.number, row.issueDate]);
    };
    const inv = (n: number) =>
      expect.stringMatching(new RegExp(`^${w.cinema.invoicePrefix}/\\d{4}/0000${n}$`));
    // 23:59:59.999 on the edge day is in it; 00:00 the next morning (the same UTC day) is not.
    expect(await dates(w.edge, w.edge)).toEqual([[inv(1), w.edge]]);
    expect(await dates(addDays(w.edge, 1), addDays(w.edge, 1))).toEqual([[inv(2), addDays(w.edge, 1)]]);
    expect(await dates(addDays(w.edge, -1), addDays(w.edge, -1))).toEqual([]);
    const sql = await documentsInSql(w.cinema.id, addDays(w.edge, 1), w.today);
    expect(await dates(addDays(w.edge, 1), w.today)).toEqual(sql.map((d) => [d.number, d.issueDate]));

    // An invoice issued now but dated five days before the edge takes number 4: a register of the
    // five days up to the edge holds numbers 4 and 1, and says two are missing between them.
    await issueInvoice({ bookingId: w.b4.id, issuedAt: indiaTime(addDays(w.edge, -5), '12:00:00.000') });
    const gap = await getReport({
      viewer: w.manager,
      kind: 'gst',
      query: { from: addDays(w.edge, -5), to: w.edge, cinemaId: w.cinema.id },
    });
    expect(gap.rows.map((r) => r.number)).toEqual([inv(4), inv(1)]);
    expect(gap.summary?.rows[0]).toMatchObject({ series: 'Invoices', count: 2, missing: 2 });
    expect(gap.summary?.rows[0]?.first).toMatch(/\/00001$/);
    expect(gap.summary?.rows[0]?.last).toMatch(/\/00004$/);
  });

  it('shows a manager only their own cinemas’ documents; another cinema’s is refused', async () => {
    const w = await world();
    const other = await createGstCinema();
    const { viewer: otherManager, token: otherToken } = await managerOf(other.id);
    const { showtime, seats } = await createShowAt({ cinemaId: other.id, seats: 1 });
    const theirs = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    await issueInvoice({ bookingId: theirs.id });
    const range = { from: w.edge, to: w.today };

    await expect(
      getReport({ viewer: otherManager, kind: 'gst', query: { ...range, cinemaId: w.cinema.id } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const refused = await call(getReportOp, {
      params: { kind: 'gst' },
      path: `?from=${range.from}&to=${range.to}&cinemaId=${w.cinema.id}`,
      token: otherToken,
    });
    expect(refused.status).toBe(403);

    const own = await getReport({ viewer: otherManager, kind: 'gst', query: range });
    expect(own.cinemas.map((c) => c.id)).toEqual([other.id]);
    expect(own.rows.map((r) => [r.cinema, r.booking])).toEqual([[other.name, theirs.reference]]);
    const mine = await getReport({ viewer: w.manager, kind: 'gst', query: range });
    expect(mine.rows.map((r) => r.booking)).not.toContain(theirs.reference);
    expect(mine.rows).toHaveLength(5);

    // An admin sees both, each cinema's documents together, with a summary for each and all.
    const admin = await getReport({ viewer: await adminViewer(), kind: 'gst', query: range });
    const ours = new Set([w.b1.reference, w.b2.reference, w.b3.reference]);
    const whose = admin.rows
      .filter((r) => ours.has(String(r.booking)) || r.booking === theirs.reference)
      .map((r) => (ours.has(String(r.booking)) ? 'ours' : 'theirs'));
    expect(whose).toHaveLength(6);
    // Not interleaved by date (every test cinema has the same name: the id keeps them apart).
    expect(whose.filter((x, i) => x !== whose[i - 1])).toHaveLength(2);
    expect(admin.summary?.rows.filter((r) => r.series === 'Net').at(-1)).toMatchObject({
      cinema: 'All cinemas',
      total: admin.totals.total,
    });
  });

  it('marks an invoice issued without a GSTIN as no tax invoice, and keeps it in the series', async () => {
    const cinema = await createGstCinema({ gstin: null, legalName: null });
    const { viewer } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    await issueInvoice({ bookingId: b.id });
    const today = indiaDay(new Date());
    const report = await getReport({ viewer, kind: 'gst', query: { from: today, to: today } });
    expect(report.rows).toEqual([
      expect.objectContaining({ type: 'Invoice (no GSTIN)', gstin: null, booking: b.reference }),
    ]);
    expect(report.summary?.rows[0]).toMatchObject({ series: 'Invoices', gstin: null, count: 1, missing: 0 });
  });

  it('reads a cinema’s documents of a range through the (cinema_id, issued_at …) indexes', async () => {
    const w = await world();
    // A handful of test documents cost the same through any index that leads with cinema_id, so
    // the planner's choice is forced: no sequential scan, and (in a transaction rolled back) no
    // other index of the cinema's documents. A predicate the indexes could not bound would then
    // show as a Filter, not in the Index Cond. The SQL is the register's own (documents() over
    // the cinemas' ranges), as its rows query reads it.
    const ROLLBACK = new Error('rollback');
    let plan = '';
    await db()
      .$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        await tx.$executeRaw`DROP INDEX invoices_cinema_id_invoice_number_key, invoices_cinema_id_fiscal_year_number_key,
          credit_notes_cinema_id_credit_note_number_key, credit_notes_cinema_id_fiscal_year_number_key`;
        const ranges = cinemaRanges({ from: w.edge, to: w.today }, [w.cinema.id]);
        const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
          EXPLAIN WITH c AS MATERIALIZED (${ranges}) SELECT d.cinema_id FROM (${documents('c')}) d`;
        plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        throw ROLLBACK;
      })
      .catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
    expect(
      await db()
        .$queryRaw`SELECT 1 FROM pg_indexes WHERE indexname = 'invoices_cinema_id_invoice_number_key'`,
    ).toHaveLength(1);
    for (const index of ['invoices_gst_register_idx', 'credit_notes_cinema_id_issued_at_idx'])
      expect(plan).toMatch(
        new RegExp(
          `${index}[^\\n]*\\n\\s*Index Cond: \\(\\(cinema_id = c(_\\d)?\\.id\\) AND \\(issued_at >= c(_\\d)?\\.lo\\) AND \\(issued_at < c(_\\d)?\\.hi\\)\\)`,
        ),
      );
    expect(plan).not.toMatch(/Filter:/);
  });

  it('gives, for any limit, the full register’s first rows, across cinemas and within a day out of time order', async () => {
    const w = await world();
    // Today, by time: b3's invoice, b3's credit note, b1's credit note, then b4's invoice; the
    // register lists b4's invoice before both credit notes (invoices first within a day). A page
    // cut by issue time alone would miss it.
    await issueInvoice({ bookingId: w.b4.id });
    const other = await createGstCinema();
    const { showtime, seats } = await createShowAt({ cinemaId: other.id, seats: 3 });
    for (const s of seats)
      await issueInvoice({ bookingId: (await book({ showtimeId: showtime.id, seatIds: [s.id] })).id });
    const viewer = await adminViewer();
    const query = { from: w.edge, to: w.today };
    const full = await getReport({ viewer, kind: 'gst', query });
    const ours = full.rows.filter((r) => r.cinema === w.cinema.name).map((r) => r.type);
    expect(full.rowsTotal).toBeGreaterThanOrEqual(6 + 3);
    expect(ours).toContain('Credit note');
    for (let limit = 1; limit <= Math.min(full.rowsTotal + 1, 60); limit++) {
      const page = await getReport({ viewer, kind: 'gst', query, limit });
      expect(page.rows, `limit ${limit}`).toEqual(full.rows.slice(0, limit));
      expect(page.rowsTotal).toBe(full.rowsTotal);
      expect(page.totals).toEqual(full.totals);
    }
  });

  it('keeps a series whole across a change of GSTIN: one count, one number range, both GSTINs', async () => {
    const cinema = await createGstCinema({ gstin: null, legalName: null });
    const { viewer } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 3 });
    const issue = async (i: number) =>
      issueInvoice({ bookingId: (await book({ showtimeId: showtime.id, seatIds: [seats[i]!.id] })).id });
    await issue(0);
    await db().cinema.update({
      where: { id: cinema.id },
      data: { gstin: '27AABCM4821K1ZF', legalName: 'Test Cinemas Private Limited' },
    });
    await issue(1);
    await issue(2);
    const today = indiaDay(new Date());
    const report = await getReport({ viewer, kind: 'gst', query: { from: today, to: today } });
    expect(report.rows.map((r) => r.gstin)).toEqual([null, '27AABCM4821K1ZF', '27AABCM4821K1ZF']);
    const [invoices, net] = report.summary?.rows ?? [];
    expect(invoices).toMatchObject({
      series: 'Invoices',
      gstin: '27AABCM4821K1ZF',
      count: 3,
      first: report.rows[0]!.number,
      last: report.rows[2]!.number,
      missing: 0,
      total: report.rows.reduce((n, r) => n + Number(r.total), 0),
    });
    expect(net).toMatchObject({ series: 'Net', total: report.totals.total });
  });
});
