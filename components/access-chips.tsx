import { ACCESS_LABELS, accessChips, type ShowtimeAccess } from '@/lib/accessibility';

// The accessible-showing features of a showtime as small chips: a short label ("AD") that is an
// image of its full name to assistive technology ("Audio described"), with the name as a tooltip
// for sighted people who do not know the abbreviation. Nothing at all for a plain showing.

const CHIP =
  'rounded border border-sky-700/50 bg-sky-50 px-1 text-[11px] font-semibold leading-4 text-sky-900 dark:border-sky-400/50 dark:bg-sky-950 dark:text-sky-200';

export function AccessChips({
  access,
  className = '',
  decorative = false,
}: {
  access: ShowtimeAccess;
  className?: string;
  /** Inside a control whose own accessible name already lists the features: hidden from AT. */
  decorative?: boolean;
}) {
  const chips = accessChips(access);
  if (!chips.length) return null;
  if (decorative)
    return (
      <span aria-hidden="true" className={`inline-flex flex-wrap justify-center gap-1 ${className}`}>
        {chips.map((f) => (
          <span key={f} title={ACCESS_LABELS[f].name} data-access={f} className={CHIP}>
            {ACCESS_LABELS[f].short}
          </span>
        ))}
      </span>
    );
  return (
    <span className={`inline-flex flex-wrap justify-center gap-1 ${className}`}>
      {chips.map((f) => (
        <span
          key={f}
          role="img"
          aria-label={ACCESS_LABELS[f].name}
          title={ACCESS_LABELS[f].name}
          data-access={f}
          className={CHIP}
        >
          {ACCESS_LABELS[f].short}
        </span>
      ))}
    </span>
  );
}

/** The features spelled out with their chips, where there is room (the seat map page, tickets). */
export function AccessDetails({ access, className = '' }: { access: ShowtimeAccess; className?: string }) {
  const chips = accessChips(access);
  if (!chips.length) return null;
  return (
    <ul aria-label="Accessible showing" className={`flex flex-wrap gap-x-4 gap-y-1 text-sm ${className}`}>
      {chips.map((f) => (
        <li key={f} data-access={f} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={CHIP}>
            {ACCESS_LABELS[f].short}
          </span>
          {ACCESS_LABELS[f].name}
        </li>
      ))}
    </ul>
  );
}
