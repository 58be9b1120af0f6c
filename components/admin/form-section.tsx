import { type ReactNode, useId } from 'react';

/** One titled block of an admin form (a landmark region named by its heading). */
export function FormSection(props: { title: string; description?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className="space-y-4 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
    >
      <div>
        <h2 id={id} className="font-display text-xl font-bold">
          {props.title}
        </h2>
        {props.description ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">{props.description}</p>
        ) : null}
      </div>
      {props.children}
    </section>
  );
}
