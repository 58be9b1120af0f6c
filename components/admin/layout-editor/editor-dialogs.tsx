'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { TOOLS } from '@/components/admin/layout-editor/tools';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS } from '@/lib/schemas/layout';
import type { LayoutDraft, RowLabelling, RowNumbering } from '@/lib/seat-layout/draft';
import { MAX_SEAT_NUMBER } from '@/lib/seat-layout/numbering';
import { summarizeDraft } from '@/lib/seat-layout/summary';
import { blankDraft, LAYOUT_TEMPLATES, templateDraft } from '@/lib/seat-layout/templates';

// The editor's dialogs: start from a template or a blank grid, number seats, label rows, and the
// keyboard help. Native <dialog> (modal: focus stays inside, Escape closes, focus returns to the
// button that opened it). Forms follow the admin pattern: react-hook-form with a zod schema,
// errors at the field.

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `Enter the ${what} as a number.` })
    .int(`The ${what} is a whole number.`)
    .min(min, `At least ${min}.`)
    .max(max, `At most ${max}.`);

// ─── Templates ──────────────────────────────────────────────────────────────

const blankSchema = z.object({
  rows: whole('number of rows', 1, LAYOUT_MAX_ROWS),
  cols: whole('number of seats per row', 1, LAYOUT_MAX_COLS),
  filled: z.boolean(),
});
type BlankValues = z.infer<typeof blankSchema>;

function Preview({ draft }: { draft: LayoutDraft }) {
  const fill = { STANDARD: 'fill-sky-500', PREMIUM: 'fill-violet-500', RECLINER: 'fill-amber-500' } as const;
  return (
    <svg
      aria-hidden="true"
      viewBox={`0 -1.5 ${draft.cols} ${draft.rows.length + 1.5}`}
      className="h-20 w-full rounded bg-stone-50 p-1 dark:bg-ink-950"
    >
      <rect
        x={draft.cols * 0.15}
        y={-1.3}
        width={draft.cols * 0.7}
        height={0.35}
        rx={0.15}
        className="fill-brand-400"
      />
      {draft.rows.flatMap((row, r) =>
        row.cells.map((seat, c) =>
          seat ? (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are positions
              key={`${r}:${c}`}
              x={c + 0.1}
              y={r + 0.1}
              width={0.8}
              height={0.8}
              rx={0.2}
              className={seat.kind === 'STANDARD' ? fill[seat.category] : 'fill-emerald-600'}
            />
          ) : null,
        ),
      )}
    </svg>
  );
}

export function TemplatesDialog(props: {
  open: boolean;
  onClose: () => void;
  onPick: (draft: LayoutDraft, label: string) => void;
}) {
  const filledId = useId();
  const form = useForm<BlankValues>({
    resolver: zodResolver(blankSchema),
    defaultValues: { rows: 10, cols: 16, filled: true },
  });
  const errors = form.formState.errors;
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Start from a template" wide>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Replaces the drawing (Undo brings it back). The auditoriums are the demo cinemas’ own.
      </p>
      <ul className="grid gap-3 sm:grid-cols-2" aria-label="Templates">
        {LAYOUT_TEMPLATES.map((t) => {
          const draft = templateDraft(t.key);
          const s = summarizeDraft(draft);
          return (
            <li key={t.key} className="space-y-2 rounded-lg border border-stone-200 p-3 dark:border-ink-700">
              <Preview draft={draft} />
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0 text-sm">
                  <p className="font-semibold">{t.name}</p>
                  <p className="text-stone-600 dark:text-stone-400">
                    {s.seats} seats · {s.wheelchair} wheelchair {s.wheelchair === 1 ? 'space' : 'spaces'}
                  </p>
                </div>
                <button
                  type="button"
                  className={buttonBase}
                  aria-describedby={`tpl-${t.key}`}
                  onClick={() => props.onPick(draft, `Started from the ${t.name} template`)}
                >
                  Use {t.name}
                </button>
              </div>
              <p id={`tpl-${t.key}`} className="text-xs text-stone-600 dark:text-stone-400">
                {t.description}
              </p>
            </li>
          );
        })}
      </ul>
      <form
        noValidate
        className="space-y-3 rounded-lg border border-stone-200 p-3 dark:border-ink-700"
        onSubmit={form.handleSubmit((v) =>
          props.onPick(
            blankDraft(v.rows, v.cols, { filled: v.filled }),
            `Started from a blank ${v.rows} × ${v.cols} grid`,
          ),
        )}
      >
        <h3 className="font-semibold">Blank grid</h3>
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Rows"
            type="number"
            inputMode="numeric"
            error={errors.rows?.message}
            {...form.register('rows', { valueAsNumber: true })}
          />
          <Field
            label="Seats per row"
            type="number"
            inputMode="numeric"
            error={errors.cols?.message}
            {...form.register('cols', { valueAsNumber: true })}
          />
        </div>
        <div className="flex items-center gap-2">
          <input id={filledId} type="checkbox" className="h-4 w-4" {...form.register('filled')} />
          <label htmlFor={filledId} className="text-sm">
            Fill every cell with a seat
          </label>
        </div>
        <button type="submit" className={primaryButton}>
          Start with a blank grid
        </button>
      </form>
    </Dialog>
  );
}

// ─── Numbering ──────────────────────────────────────────────────────────────

// Fields the chosen order hides are not checked: a bad first number left behind by switching to
// odd/even must not block the form.
const numberingFormSchema = z
  .object({
    scope: z.enum(['selection', 'all']),
    order: z.enum(['left-to-right', 'right-to-left', 'odd-even']),
    // An emptied number field reads as NaN; whether that matters depends on the order (below).
    start: z.union([z.number(), z.nan()]),
    perBlock: z.boolean(),
    blockStep: z.union([z.number(), z.nan()]),
    oddOn: z.enum(['left', 'right']),
  })
  .superRefine((v, ctx) => {
    if (v.order === 'odd-even') return;
    const check = (path: 'start' | 'blockStep', schema: z.ZodType) => {
      const r = schema.safeParse(v[path]);
      if (!r.success)
        ctx.addIssue({ code: 'custom', path: [path], message: r.error.issues[0]?.message ?? 'Invalid.' });
    };
    check('start', whole('first number', 1, MAX_SEAT_NUMBER));
    if (v.perBlock) check('blockStep', whole('step between blocks', 2, MAX_SEAT_NUMBER));
  });
type NumberingValues = z.infer<typeof numberingFormSchema>;

function toScheme(v: NumberingValues): RowNumbering {
  if (v.order === 'odd-even') return { order: 'odd-even', oddOn: v.oddOn };
  return { order: v.order, start: v.start, blockStep: v.perBlock ? v.blockStep : 0 };
}

function Radios<N extends string>(props: {
  legend: string;
  name: N;
  options: readonly { value: string; label: string; hint?: string }[];
  register: (name: N) => object;
}) {
  const id = useId();
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{props.legend}</legend>
      {props.options.map((o) => (
        <div key={o.value} className="flex items-start gap-2 text-sm">
          <input
            id={`${id}-${o.value}`}
            type="radio"
            value={o.value}
            className="mt-0.5 h-4 w-4"
            {...props.register(props.name)}
          />
          <label htmlFor={`${id}-${o.value}`}>
            {o.label}
            {o.hint ? (
              <span className="block text-xs text-stone-600 dark:text-stone-400">{o.hint}</span>
            ) : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function NumberingDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Rows of the selection (or the focused row); empty when nothing is selected. */
  selectedRows: number[];
  current: RowNumbering;
  onApply: (rows: 'selection' | 'all', scheme: RowNumbering) => void;
}) {
  const c = props.current;
  const form = useForm<NumberingValues>({
    resolver: zodResolver(numberingFormSchema),
    values: {
      scope: props.selectedRows.length ? 'selection' : 'all',
      order: c.order === 'manual' ? 'left-to-right' : c.order,
      start: c.order === 'left-to-right' || c.order === 'right-to-left' ? c.start : 1,
      perBlock: (c.order === 'left-to-right' || c.order === 'right-to-left') && c.blockStep > 0,
      blockStep: c.order === 'left-to-right' || c.order === 'right-to-left' ? c.blockStep || 100 : 100,
      oddOn: c.order === 'odd-even' ? c.oddOn : 'right',
    },
  });
  const perBlockId = useId();
  const errors = form.formState.errors;
  const order = form.watch('order');
  const perBlock = form.watch('perBlock');
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Number seats">
      <form
        noValidate
        className="space-y-4"
        onSubmit={form.handleSubmit((v) => props.onApply(v.scope, toScheme(v)))}
      >
        <Radios
          legend="Which rows"
          name="scope"
          register={form.register}
          options={[
            ...(props.selectedRows.length
              ? [
                  {
                    value: 'selection',
                    label: `The selected ${props.selectedRows.length === 1 ? 'row' : `${props.selectedRows.length} rows`}`,
                  },
                ]
              : []),
            { value: 'all', label: 'Every row' },
          ]}
        />
        <Radios
          legend="Order"
          name="order"
          register={form.register}
          options={[
            { value: 'left-to-right', label: 'Left to right', hint: 'As drawn, screen at the top.' },
            { value: 'right-to-left', label: 'Right to left' },
            {
              value: 'odd-even',
              label: 'Odd and even from the centre aisle',
              hint: '1, 3, 5… on one side, 2, 4, 6… on the other, outwards from the middle.',
            },
          ]}
        />
        {order === 'odd-even' ? (
          <Radios
            legend="Odd numbers on the"
            name="oddOn"
            register={form.register}
            options={[
              { value: 'right', label: 'Right' },
              { value: 'left', label: 'Left' },
            ]}
          />
        ) : (
          <>
            <Field
              label="First number"
              type="number"
              inputMode="numeric"
              error={errors.start?.message}
              {...form.register('start', { valueAsNumber: true })}
            />
            <div className="flex items-start gap-2">
              <input
                id={perBlockId}
                type="checkbox"
                className="mt-0.5 h-4 w-4"
                {...form.register('perBlock')}
              />
              <label htmlFor={perBlockId} className="text-sm">
                Restart in every block between aisles
                <span className="block text-xs text-stone-600 dark:text-stone-400">
                  Block 1 from the first number, block 2 from it plus the step, and so on (seat numbers stay
                  unique in a row).
                </span>
              </label>
            </div>
            {perBlock ? (
              <Field
                label="Step between blocks"
                type="number"
                inputMode="numeric"
                error={errors.blockStep?.message}
                {...form.register('blockStep', { valueAsNumber: true })}
              />
            ) : null}
          </>
        )}
        <p className="text-xs text-stone-600 dark:text-stone-400">
          Rows keep their scheme: seats you add or remove later are numbered the same way.
        </p>
        <button type="submit" className={primaryButton}>
          Number seats
        </button>
      </form>
    </Dialog>
  );
}

// ─── Labelling ──────────────────────────────────────────────────────────────

const labellingFormSchema = z.object({
  style: z.enum(['letters', 'numbers']),
  skipIO: z.boolean(),
  from: z.enum(['screen', 'back']),
});
type LabellingValues = z.infer<typeof labellingFormSchema>;

export function LabellingDialog(props: {
  open: boolean;
  onClose: () => void;
  current: RowLabelling;
  onApply: (scheme: RowLabelling) => void;
}) {
  const c = props.current;
  const form = useForm<LabellingValues>({
    resolver: zodResolver(labellingFormSchema),
    values: {
      style: c.style === 'numbers' ? 'numbers' : 'letters',
      skipIO: c.style === 'letters' ? c.skipIO : false,
      from: c.style === 'manual' ? 'screen' : c.from,
    },
  });
  const skipId = useId();
  const style = form.watch('style');
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Label rows">
      <form
        noValidate
        className="space-y-4"
        onSubmit={form.handleSubmit((v) =>
          props.onApply(
            v.style === 'letters'
              ? { style: 'letters', skipIO: v.skipIO, from: v.from }
              : { style: 'numbers', from: v.from },
          ),
        )}
      >
        <Radios
          legend="Labels"
          name="style"
          register={form.register}
          options={[
            { value: 'letters', label: 'Letters: A, B, C… Z, AA, AB…' },
            { value: 'numbers', label: 'Numbers: 1, 2, 3…' },
          ]}
        />
        {style === 'letters' ? (
          <div className="flex items-start gap-2">
            <input id={skipId} type="checkbox" className="mt-0.5 h-4 w-4" {...form.register('skipIO')} />
            <label htmlFor={skipId} className="text-sm">
              Skip I and O
              <span className="block text-xs text-stone-600 dark:text-stone-400">
                They are easily read as 1 and 0.
              </span>
            </label>
          </div>
        ) : null}
        <Radios
          legend="Starting from"
          name="from"
          register={form.register}
          options={[
            { value: 'screen', label: 'The row nearest the screen' },
            { value: 'back', label: 'The back row' },
          ]}
        />
        <p className="text-xs text-stone-600 dark:text-stone-400">
          Rows without seats (cross-aisles) get no label. Renaming a row by hand keeps every label as it is
          from then on.
        </p>
        <button type="submit" className={primaryButton}>
          Label rows
        </button>
      </form>
    </Dialog>
  );
}

// ─── Help ───────────────────────────────────────────────────────────────────

const KEYS: readonly [string, string][] = [
  ['Tab', 'Into the plan and out of it (the plan is one stop)'],
  ['Arrow keys', 'Move between cells, row labels and column numbers'],
  ['Shift + arrows', 'Select a rectangle from where you started'],
  [
    'Space or Enter',
    'Select or unselect the cell; on a row label or column number, select the row or column',
  ],
  ['Home / End', 'First / last cell of the row (with Ctrl: of the plan)'],
  ['Page Up / Page Down', 'Five rows up / down'],
  ['Ctrl + A', 'Select every cell'],
  ['Escape', 'Clear the selection'],
  ['Delete', 'Remove the selected seats'],
  ['Ctrl + Z', 'Undo'],
  ['Ctrl + Shift + Z or Ctrl + Y', 'Redo'],
  ['+ / − / 0', 'Zoom in / out / back to 100 %'],
  ['?', 'This help'],
];

export function HelpDialog(props: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Keyboard and touch" wide>
      <div className="grid gap-4 text-sm sm:grid-cols-2">
        <section aria-labelledby="help-tools" className="space-y-2">
          <h3 id="help-tools" className="font-semibold">
            Tools
          </h3>
          <p className="text-stone-600 dark:text-stone-400">
            With cells selected, a tool applies to them at once. With nothing selected, it acts where you
            click, tap or drag (a drag covers a rectangle).
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {TOOLS.map((t) => (
              <div key={t.id} className="contents">
                <dt>
                  <kbd className="rounded border border-stone-300 px-1.5 font-mono dark:border-ink-700">
                    {t.key}
                  </kbd>
                </dt>
                <dd>
                  <span className="font-medium">{t.label}</span>: {t.hint}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="help-keys" className="space-y-2">
          <h3 id="help-keys" className="font-semibold">
            Keys in the plan
          </h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {KEYS.map(([k, what]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs">{k}</dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <p className="text-stone-600 dark:text-stone-400">
            On a Mac, ⌘ works wherever Ctrl is named. On a touch screen, choose Pan to scroll the plan with a
            finger.
          </p>
        </section>
      </div>
    </Dialog>
  );
}
