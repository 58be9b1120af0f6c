export function SiteFooter() {
  return (
    <footer className="print:hidden border-t border-stone-200 py-6 text-center text-sm text-stone-500 dark:border-ink-700 dark:text-stone-400">
      Marquee — open-source cinema ticketing. Prices include the seat; booking fee and GST are shown before
      you pay.
    </footer>
  );
}
