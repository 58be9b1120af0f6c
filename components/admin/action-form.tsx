'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { type ReactNode, type Ref, type TextareaHTMLAttributes, useId, useState } from 'react';
import {
  type Control,
  Controller,
  type DefaultValues,
  type FieldPath,
  type FieldValues,
  type UseFormReturn,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import type { ErrorBody } from '@/lib/errors';

// The one pattern of every admin form (the new-screen form set it): react-hook-form checks the
// fields with the zod schema the server validates with; the form sends through a server action;
// the server's field errors (`details: [{ path, message }]`) land on their fields and its other
// errors above the button; nothing typed is ever reset by an error. Components here are the
// pieces the forms share.

export type ActionOutcome<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

type Status = { kind: 'error'; message: string } | { kind: 'done'; message: string } | null;

export type ActionForm<I extends FieldValues, O> = {
  form: UseFormReturn<I, unknown, O>;
  status: Status;
  setStatus: (s: Status) => void;
  /**
   * Validates, sends (the caller's function gets the parsed values) and maps the answer: on an
   * error, field details go to their fields (the first one focused) and the message to `status`.
   * Returns the data on success, null otherwise.
   */
  submit: <T>(send: (values: O) => Promise<ActionOutcome<T>>) => Promise<T | null>;
};

/**
 * The last "done" message of each form that asked to keep it (`keepDoneAs`): a page that refreshes
 * after a change may give the form a new key, and the new form shows the message the old one had
 * set, once, instead of the confirmation vanishing with the old form.
 */
const keptDone = new Map<string, { status: Status; at: number }>();
/** Long enough for the refresh that follows a change; a later visit starts without it. */
const KEEP_DONE_MS = 15_000;

export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  options: { keepDoneAs?: string } = {},
): ActionForm<z.input<S>, z.output<S>> {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: 'onTouched',
  });
  const { keepDoneAs } = options;
  const [status, setOwnStatus] = useState<Status>(() => {
    if (!keepDoneAs) return null;
    const kept = keptDone.get(keepDoneAs);
    keptDone.delete(keepDoneAs);
    return kept && Date.now() - kept.at < KEEP_DONE_MS ? kept.status : null;
  });
  const setStatus = (s: Status) => {
    if (keepDoneAs && s?.kind === 'done') keptDone.set(keepDoneAs, { status: s, at: Date.now() });
    setOwnStatus(s);
  };

  async function submit<T>(send: (values: z.output<S>) => Promise<ActionOutcome<T>>): Promise<T | null> {
    let result: T | null = null;
    await form.handleSubmit(
      async (values) => {
        setStatus(null);
        const r = await send(values);
        if (r.ok) {
          result = r.data;
          return;
        }
        setStatus({ kind: 'error', message: applyServerErrors(form, r.error) });
      },
      () => setStatus({ kind: 'error', message: 'Some fields need another look: see the messages by them.' }),
    )();
    return result;
  }

  return { form, status, setStatus, submit };
}

/** Puts the server's field errors on the form's fields; returns the message to show above the button. */
export function applyServerErrors<I extends FieldValues>(
  form: UseFormReturn<I, unknown, unknown>,
  error: ErrorBody['error'],
): string {
  const details = Array.isArray(error.details)
    ? (error.details as { path?: unknown; message?: unknown }[])
    : [];
  const known = new Set(Object.keys(flatten(form.getValues())));
  let placed = 0;
  for (const d of details) {
    if (typeof d.path !== 'string' || typeof d.message !== 'string') continue;
    // A field the form has, or the nearest enclosing one (an array's item → the array).
    const path = [d.path, d.path.replace(/\.\d+$/, '')].find((p) => known.has(p) || hasPrefix(known, p));
    if (!path) continue;
    form.setError(
      path as FieldPath<I>,
      { type: 'server', message: d.message },
      { shouldFocus: placed === 0 },
    );
    placed++;
  }
  return placed ? `${error.message} See the ${placed === 1 ? 'field' : 'fields'} marked.` : error.message;
}

function hasPrefix(known: Set<string>, path: string): boolean {
  for (const k of known) if (k === path || k.startsWith(`${path}.`)) return true;
  return false;
}

function flatten(value: unknown, prefix = '', out: Record<string, true> = {}): Record<string, true> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = true;
  }
  return out;
}

/** The form's outcome above its button: an alert for an error, a status for a success. */
export function FormStatus({ status }: { status: Status }) {
  if (!status) return <p role="status" className="sr-only" />;
  return status.kind === 'error' ? (
    <p
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      {status.message}
    </p>
  ) : (
    <p
      role="status"
      className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
    >
      {status.message}
    </p>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex h-11 items-center justify-center rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:cursor-wait disabled:opacity-70"
    >
      {pending ? 'Saving…' : children}
    </button>
  );
}

export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset
      aria-labelledby={id}
      className="space-y-4 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
    >
      <legend id={id} className="px-1 font-display text-lg font-bold">
        {title}
      </legend>
      {description ? <p className="-mt-2 text-sm text-stone-600 dark:text-stone-400">{description}</p> : null}
      {children}
    </fieldset>
  );
}

const inputClass =
  'block w-full rounded-md border border-stone-300 bg-white px-3 text-base shadow-sm focus:border-brand-500 dark:border-ink-700 dark:bg-ink-900';

function Described({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;

export function TextAreaField({
  label,
  hint,
  error,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  hint?: string;
  error?: string;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  const id = useId();
  return (
    <Described id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${inputClass} min-h-24 py-2`}
        {...props}
      />
    </Described>
  );
}

/**
 * A number shown in one unit and kept in another, exactly: rupees ↔ paise (scale 100), per cent
 * ↔ basis points (scale 100), or plain (scale 1). Decimals are read from the text, not through
 * floating point, so "30.10" is 3010; a text that is no number, or has more decimals than the
 * scale holds, gives the schema a value it refuses with its own message.
 */
export function ScaledNumberField<I extends FieldValues>({
  control,
  name,
  label,
  hint,
  scale,
  suffix,
  prefix,
}: {
  control: Control<I, unknown, unknown>;
  name: FieldPath<I>;
  label: string;
  hint?: string;
  scale: 1 | 100;
  suffix?: string;
  prefix?: string;
}) {
  const id = useId();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <ScaledInput
          id={id}
          label={label}
          hint={hint}
          error={fieldState.error?.message}
          scale={scale}
          prefix={prefix}
          suffix={suffix}
          value={field.value as number}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
        />
      )}
    />
  );
}

export function toScaled(text: string, scale: 1 | 100): number {
  const t = text.trim().replace(/,/g, '');
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return Number.NaN;
  const [, sign, whole, fraction = ''] = m;
  const digits = scale === 100 ? 2 : 0;
  // Too many decimals: a fraction of the unit the schema's integer check refuses.
  if (fraction.replace(/0+$/, '').length > digits) {
    const v = (sign ? -1 : 1) * Number(`${whole}.${fraction}`) * scale;
    return Number.isInteger(v) ? v + 0.5 : v;
  }
  const exact = Number(whole) * scale + Number(`${fraction}00`.slice(0, digits) || '0');
  return sign ? -exact : exact;
}

export function fromScaled(value: number | undefined, scale: 1 | 100): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (scale === 1) return String(value);
  const whole = Math.trunc(value / 100);
  const cents = Math.abs(value % 100);
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : String(whole);
}

function ScaledInput(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  scale: 1 | 100;
  prefix?: string;
  suffix?: string;
  value: number;
  onChange: (v: number) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
}) {
  // The text as typed, so "30." or "18.5" stay as they are while being typed.
  const [text, setText] = useState(() => fromScaled(props.value, props.scale));
  const { id, hint, error } = props;
  return (
    <Described id={id} label={props.label} hint={hint} error={error}>
      <div className="flex items-center gap-2">
        {props.prefix ? <span aria-hidden="true">{props.prefix}</span> : null}
        <input
          id={id}
          ref={props.inputRef}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => {
            setText(e.target.value);
            props.onChange(toScaled(e.target.value, props.scale));
          }}
          onBlur={props.onBlur}
          className={`${inputClass} h-11 max-w-40 tabular-nums`}
        />
        {props.suffix ? (
          <span className="text-sm text-stone-600 dark:text-stone-400">{props.suffix}</span>
        ) : null}
      </div>
    </Described>
  );
}

export function CheckboxField({
  label,
  hint,
  ...props
}: React.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: string;
  ref?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 h-5 w-5"
        {...props}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...props
}: React.SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  hint?: string;
  error?: string;
  ref?: Ref<HTMLSelectElement>;
}) {
  const id = useId();
  return (
    <Described id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${inputClass} h-11`}
        {...props}
      >
        {children}
      </select>
    </Described>
  );
}
