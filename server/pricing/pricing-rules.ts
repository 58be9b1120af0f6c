import 'server-only';
import { AppError } from '@/lib/errors';
import { parseTimeOfDay, zonedInstant } from '@/lib/local-time';
import type {
  PricingRuleFields,
  PricingRuleView,
  SavePricingRuleBody,
  SeatPricePreview,
  SeatPricePreviewQuery,
} from '@/lib/schemas/pricing-admin';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import type { PricingRuleRow } from '@/server/booking/showtime-context';
import { db, type Tx } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { cardPrice, dayPartAt } from '@/server/pricing/price-card';
import { priceSelection } from '@/server/pricing/price-selection';
import { loadProgrammeContext } from '@/server/programme/programme-context';

// A cinema's pricing rules (matinee by time of day, weekend by day of the week, demand by
// occupancy with a cap), edited by its managers, and a preview of what a seat will cost under
// them, computed by the one pricing function holds use (price-selection.ts). A rule change is
// published after it commits, so holds made afterwards are priced with it; a hold already made
// keeps the price it locked. Rules of every cinema (cinema_id null) are shown to managers and
// edited by admins only.

const SELECT = {
  id: true,
  cinemaId: true,
  name: true,
  kind: true,
  adjustmentBps: true,
  daysOfWeek: true,
  startMinute: true,
  endMinute: true,
  minOccupancyBps: true,
  capBps: true,
  active: true,
} as const;

async function rulesOf(client: Tx, cinemaId: string): Promise<PricingRuleView[]> {
  return client.pricingRule.findMany({
    where: { OR: [{ cinemaId }, { cinemaId: null }] },
    select: SELECT,
    orderBy: [{ cinemaId: { sort: 'asc', nulls: 'last' } }, { name: 'asc' }],
  });
}

export async function listPricingRules(options: {
  viewer: Viewer;
  cinemaId: string;
}): Promise<{ rules: PricingRuleView[] }> {
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  await loadProgrammeContext(db(), options.cinemaId);
  return { rules: await rulesOf(db(), options.cinemaId) };
}

const NO_SUCH_RULE = (cinemaId: string | null) =>
  cinemaId === null ? 'There is no such rule of every cinema.' : 'This cinema has no such pricing rule.';

/** The columns a rule's kind uses; the others are cleared (CHECK pricing_rules_shape). */
function columns(rule: PricingRuleFields) {
  return {
    name: rule.name,
    kind: rule.kind,
    adjustmentBps: rule.adjustmentBps,
    active: rule.active,
    daysOfWeek: rule.kind === 'DAY_OF_WEEK' ? [...new Set(rule.daysOfWeek)].sort() : [],
    startMinute: rule.kind === 'TIME_OF_DAY' ? rule.startMinute : null,
    endMinute: rule.kind === 'TIME_OF_DAY' ? rule.endMinute : null,
    minOccupancyBps: rule.kind === 'OCCUPANCY' ? rule.minOccupancyBps : null,
    capBps: rule.kind === 'OCCUPANCY' ? rule.capBps : null,
  };
}

/** A cinema's managers (and admins) for its own rules; admins alone for the rules of every cinema. */
function authorizeRules(viewer: Viewer, cinemaId: string | null) {
  return cinemaId === null
    ? authorize(viewer, { roles: ['ADMIN'] })
    : authorize(viewer, { roles: ['MANAGER'], cinemaId });
}

/** After a rule changed: every cinema's cached contexts for a rule of every cinema. */
const ruleChanged = (cinemaId: string | null) =>
  publishCatalogChange(cinemaId === null ? {} : { cinemaIds: [cinemaId] });

/**
 * Adds or changes a rule of one cinema or, with `cinemaId` null, of every cinema (admins only).
 * Only rules of that scope are found by id: a cinema's manager cannot reach a rule of every cinema
 * or of another cinema through it.
 */
export async function savePricingRule(options: {
  viewer: Viewer;
  cinemaId: string | null;
  body: SavePricingRuleBody;
}): Promise<PricingRuleView> {
  const { cinemaId, body } = options;
  const viewer = authorizeRules(options.viewer, cinemaId);
  if (body.rule.kind === 'TIME_OF_DAY' && body.rule.endMinute <= body.rule.startMinute)
    throw new AppError('VALIDATION_FAILED', 'The rule ends after it starts.', {
      details: [{ path: 'rule.endMinute', message: 'The rule ends after it starts.' }],
    });
  const saved = await readCommitted(
    async (tx) => {
      if (cinemaId !== null) await loadProgrammeContext(tx, cinemaId);
      const data = columns(body.rule);
      if (!body.id) {
        const created = await tx.pricingRule.create({ data: { cinemaId, ...data }, select: SELECT });
        await recordAudit(tx, {
          actor: viewer,
          action: 'pricing-rule.created',
          entityType: 'pricing-rule',
          entityId: created.id,
          after: created,
        });
        return created;
      }
      // Only rules of this scope: a rule of every cinema, or of another, is not found here.
      const before = await tx.pricingRule.findFirst({ where: { id: body.id, cinemaId }, select: SELECT });
      if (!before) throw new AppError('NOT_FOUND', NO_SUCH_RULE(cinemaId));
      const after = await tx.pricingRule.update({ where: { id: body.id }, data, select: SELECT });
      await recordAudit(tx, {
        actor: viewer,
        action: 'pricing-rule.updated',
        entityType: 'pricing-rule',
        entityId: after.id,
        before,
        after,
      });
      return after;
    },
    { label: 'save-pricing-rule' },
  );
  // Cached showtime contexts forget their rules: the next hold pays the new price.
  ruleChanged(cinemaId);
  return saved;
}

/**
 * Deletes one of the cinema's own rules, or with `cinemaId` null a rule of every cinema (admins
 * only); a rule of another scope is not found.
 * Holds already priced keep their price; the next hold is priced without it. Audited with the rule
 * as it was. Turning a rule off (`active: false`) keeps it for later; deleting is for mistakes.
 */
export async function deletePricingRule(options: {
  viewer: Viewer;
  cinemaId: string | null;
  ruleId: string;
}): Promise<void> {
  const { cinemaId, ruleId } = options;
  const viewer = authorizeRules(options.viewer, cinemaId);
  await readCommitted(
    async (tx) => {
      if (cinemaId !== null) await loadProgrammeContext(tx, cinemaId);
      const before = await tx.pricingRule.findFirst({ where: { id: ruleId, cinemaId }, select: SELECT });
      if (!before) throw new AppError('NOT_FOUND', NO_SUCH_RULE(cinemaId));
      await tx.pricingRule.delete({ where: { id: ruleId } });
      await recordAudit(tx, {
        actor: viewer,
        action: 'pricing-rule.deleted',
        entityType: 'pricing-rule',
        entityId: ruleId,
        before,
      });
    },
    { label: 'delete-pricing-rule' },
  );
  ruleChanged(cinemaId);
}

/**
 * What a seat of a category in a format would cost at a local date and time with so many seats
 * taken, under the cinema's active rules (or with a draft rule in place of one of them). Nothing
 * is written.
 */
export async function previewSeatPrice(options: {
  viewer: Viewer;
  cinemaId: string;
  query: SeatPricePreviewQuery;
}): Promise<SeatPricePreview> {
  const { cinemaId, query } = options;
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  const ctx = await loadProgrammeContext(db(), cinemaId);
  const cinema = await db().cinema.findUniqueOrThrow({
    where: { id: cinemaId },
    select: { bookingFeeMinor: true, taxRateBps: true },
  });
  const minute = parseTimeOfDay(query.time);
  const dayPart = dayPartAt(minute, ctx.cinema);
  const base = cardPrice(ctx.card, query.category, query.format, dayPart);
  const saved = (await rulesOf(db(), cinemaId)).filter((r) => r.id !== query.draft?.id);
  const draft = query.draft
    ? [{ id: query.draft.id ?? 'draft', cinemaId, ...columns(query.draft.rule) }]
    : [];
  const rules: PricingRuleRow[] = [...saved, ...draft].filter((r) => r.active);
  if (base === null)
    return { dayPart, baseMinor: null, rules: [], adjustmentBps: 0, priceMinor: null, totalMinor: null };
  const breakdown = priceSelection({
    ctx: {
      prices: new Map([[query.category, base]]),
      rules,
      startsAt: zonedInstant(query.date, minute, ctx.cinema.timeZone),
      cinema: { timeZone: ctx.cinema.timeZone, ...cinema } as Parameters<
        typeof priceSelection
      >[0]['ctx']['cinema'],
    },
    seats: [
      {
        id: 'preview',
        label: '',
        row: '',
        number: 0,
        rowIndex: 0,
        col: 0,
        category: query.category,
        kind: 'STANDARD',
        blocked: false,
      },
    ],
    occupancyBps: query.occupancyBps,
  });
  const seat = breakdown.seats[0];
  return {
    dayPart,
    baseMinor: base,
    rules: breakdown.rules,
    adjustmentBps: seat?.adjustmentBps ?? 0,
    priceMinor: seat?.priceMinor ?? null,
    totalMinor: breakdown.totalMinor,
  };
}
