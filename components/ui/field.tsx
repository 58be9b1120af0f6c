import {
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

// Labelled form controls: the label, a hint and the error are tied to the control
// (aria-describedby, aria-invalid), the error read first.

const controlClass =
  'block w-full rounded-md border border-stone-300 bg-white px-3 text-base shadow-sm focus:border-brand-500 dark:border-ink-700 dark:bg-ink-900';

type Described = { label: string; error?: string; hint?: string };

function Frame(props: Described & { id: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium">
        {props.label}
      </label>
      {props.children}
      {props.hint ? (
        <p id={`${props.id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function ariaFor(id: string, { error, hint }: Described) {
  const describedBy =
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
}

export function Field({
  label,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> &
  Described & {
    /** Passed on to the input (react-hook-form's register gives one). */
    ref?: Ref<HTMLInputElement>;
  }) {
  const id = useId();
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <input {...ariaFor(id, { label, error, hint })} className={`${controlClass} h-11`} {...input} />
    </Frame>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...input
}: TextareaHTMLAttributes<HTMLTextAreaElement> & Described & { ref?: Ref<HTMLTextAreaElement> }) {
  const id = useId();
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <textarea {...ariaFor(id, { label, error, hint })} className={`${controlClass} py-2`} {...input} />
    </Frame>
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & Described & { ref?: Ref<HTMLSelectElement> }) {
  const id = useId();
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <select {...ariaFor(id, { label, error, hint })} className={`${controlClass} h-11`} {...select}>
        {children}
      </select>
    </Frame>
  );
}

export const buttonClass =
  'inline-flex h-11 w-full items-center justify-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60';
