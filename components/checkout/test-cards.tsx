import { TEST_CARD_RULES, TEST_CARDS, type TestCard } from '@/lib/test-cards';

// The sandbox provider's test cards, from the same list the sandbox decides outcomes with.

const FIRST = 3;

export function TestCards({ onUse }: { onUse: (card: TestCard) => void }) {
  const row = (card: TestCard) => (
    <li key={card.number} className="flex items-center justify-between gap-3">
      <span className="min-w-0">
        <span className="block font-mono text-[13px] tracking-tight">{card.number}</span>
        <span className="block text-xs text-stone-600 dark:text-stone-400">{card.description}</span>
      </span>
      <button
        type="button"
        onClick={() => onUse(card)}
        aria-label={`Use test card ${card.number}: ${card.description}`}
        className="shrink-0 rounded border border-sky-300 px-2.5 py-1 text-xs font-medium text-sky-900 hover:bg-sky-100 dark:border-sky-800 dark:text-sky-200 dark:hover:bg-sky-900"
      >
        Use
      </button>
    </li>
  );
  return (
    <aside
      aria-labelledby="test-cards"
      className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm dark:border-sky-900 dark:bg-sky-950/40"
    >
      <h3 id="test-cards" className="font-semibold">
        Test cards
      </h3>
      <p className="mb-2 text-xs text-stone-600 dark:text-stone-400">
        Sandbox payments: no real money moves. {TEST_CARD_RULES.at(-1)}
      </p>
      <ul className="space-y-2">{TEST_CARDS.slice(0, FIRST).map(row)}</ul>
      <details className="mt-2">
        <summary className="cursor-pointer text-xs font-medium text-sky-900 dark:text-sky-200">
          More test cards
        </summary>
        <ul className="mt-2 space-y-2">{TEST_CARDS.slice(FIRST).map(row)}</ul>
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-stone-600 dark:text-stone-400">
          {TEST_CARD_RULES.slice(0, -1).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </details>
    </aside>
  );
}
