import 'server-only';
import { testMode } from '@/server/env';

// On every page while payments go to the sandbox provider (PAYMENT_PROVIDER=sandbox, or no Stripe
// outside production): nobody should mistake a demo for a real box office. A labelled landmark, so
// screen readers can find it; dark text on amber reads the same in both themes (over 12:1) and the line
// wraps at 360 px. Printed too: a printed ticket from a test booking must say so.
export function TestModeBanner() {
  if (!testMode()) return null;
  return (
    <aside
      aria-label="Test mode"
      className="border-b border-amber-500 bg-amber-300 px-3 py-1.5 text-center text-sm text-stone-950"
    >
      <strong className="font-bold tracking-wide">TEST MODE</strong>
      <span>: payments are simulated and no card is charged. Use the test cards listed at checkout.</span>
    </aside>
  );
}
