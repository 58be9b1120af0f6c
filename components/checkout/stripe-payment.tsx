'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, type Stripe } from '@stripe/stripe-js';
import { type FormEvent, useState } from 'react';
import { buttonClass } from '@/components/ui/field';
import type { ErrorCode } from '@/lib/errors';
import { confirmPaymentAction, startPaymentAction } from '@/server/actions/checkout';

// Stripe's own Payment Element, the way Stripe recommends ("collect payment details before
// creating an Intent"): card details go from the customer's browser to Stripe, never to us. On
// Pay: the element validates, our server creates the PaymentIntent for the hold's final price
// (startPaymentAction), Stripe.js confirms it (showing the bank's 3-D Secure challenge when
// asked), and our server books it (confirmPaymentAction) — or Stripe's webhook does, whichever is
// first. Stripe.js is loaded from js.stripe.com, which the CSP allows only when Stripe is on.

type ErrorResult = { code: ErrorCode; message: string; details?: unknown };

type Props = {
  publishableKey: string;
  holdId: string;
  amountMinor: number;
  currency: string;
  promoCode: string | null;
  disabled: boolean;
  totalLabel: string;
  onPaying: (paying: boolean) => void;
  onBooked: (reference: string) => void;
  /** Errors the checkout form knows how to show (ended hold, decline…). */
  onError: (error: ErrorResult) => void;
};

const stripes = new Map<string, Promise<Stripe | null>>();
function stripeFor(key: string): Promise<Stripe | null> {
  let s = stripes.get(key);
  if (!s) {
    s = loadStripe(key);
    stripes.set(key, s);
  }
  return s;
}

export function StripePayment(props: Props) {
  const dark = typeof document !== 'undefined' && document.documentElement.classList.contains('dark');
  return (
    <Elements
      stripe={stripeFor(props.publishableKey)}
      options={{
        mode: 'payment',
        amount: props.amountMinor,
        currency: props.currency.toLowerCase(),
        appearance: { theme: dark ? 'night' : 'stripe' },
      }}
    >
      <PaymentForm {...props} />
    </Elements>
  );
}

function PaymentForm({ holdId, promoCode, disabled, totalLabel, onPaying, onBooked, onError }: Props) {
  const stripe = useStripe();
  const elements = useElements();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!stripe || !elements || busy || disabled) return;
    setProblem(null);
    const { error: invalid } = await elements.submit();
    if (invalid) {
      setProblem(invalid.message ?? 'Check your payment details.');
      return;
    }
    setBusy(true);
    onPaying(true);
    try {
      const started = await startPaymentAction({ holdId, promoCode: promoCode ?? undefined });
      if (!started.ok) return onError(started.error);
      if (started.data.status === 'booked') return onBooked(started.data.reference);
      const { paymentId, clientSecret } = started.data;
      const { error: stripeError } = await stripe.confirmPayment({
        elements,
        clientSecret,
        confirmParams: {
          return_url: `${window.location.origin}/checkout/${holdId}/return?payment=${paymentId}`,
        },
        redirect: 'if_required',
      });
      // Ask our server either way: it books a payment that went through, and says what to do
      // about one that did not (the webhook may even have been first).
      const confirmed = await confirmPaymentAction({ paymentId });
      if (confirmed.ok) return onBooked(confirmed.data.reference);
      if (stripeError && confirmed.error.code === 'PAYMENT_PENDING') {
        // Stripe's own words for what went wrong in the browser (authentication cancelled, …).
        setProblem(stripeError.message ?? confirmed.error.message);
        return;
      }
      onError(confirmed.error);
    } catch {
      setProblem(
        'We could not reach Marquee, so we do not know yet whether the payment went through. If it did, your tickets will be emailed to you within a minute; pressing Pay again will not charge you twice.',
      );
    } finally {
      setBusy(false);
      onPaying(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby="pay-note">
      <PaymentElement options={{ layout: 'tabs' }} />
      {problem ? (
        <div
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problem}
        </div>
      ) : null}
      <button type="submit" className={buttonClass} disabled={!stripe || disabled || busy} aria-busy={busy}>
        {busy ? 'Paying…' : `Pay ${totalLabel}`}
      </button>
    </form>
  );
}
