'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { PriceBreakdown } from '@/components/booking/price-breakdown';
import { EndedNotice, type NextStep } from '@/components/checkout/ended-notice';
import { HoldCountdown, useHoldRemaining } from '@/components/checkout/hold-countdown';
import { StripePayment } from '@/components/checkout/stripe-payment';
import { TestCards } from '@/components/checkout/test-cards';
import { buttonClass, Field } from '@/components/ui/field';
import type { ErrorCode } from '@/lib/errors';
import { formatMoney } from '@/lib/format';
import type { PriceBreakdown as Price } from '@/lib/schemas/pricing';
import type { TestCard } from '@/lib/test-cards';
import { checkoutAction, quoteHoldAction } from '@/server/actions/checkout';

type Props = {
  holdId: string;
  showtimeId: string;
  movieSlug: string;
  expiresAt: string;
  /** The server's clock when the page was rendered (see useHoldRemaining). */
  serverNow: string;
  price: Price;
  sandbox: boolean;
  /** Set when Stripe takes the payment: its Payment Element replaces the card form. */
  stripePublishableKey: string | null;
};

type CardField = 'number' | 'exp' | 'cvc' | 'name';
type Ended = { title: string; message: string; steps: NextStep[] };
type Problem = { message: string; signIn?: boolean };
type ErrorResult = { code: ErrorCode; message: string; details?: unknown };

/** An idempotency key; crypto.randomUUID exists only in secure contexts (https, localhost). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `mq-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Groups digits in fours as they are typed; leaves the text alone while the caret is mid-way. */
function cardNumberInput(e: ChangeEvent<HTMLInputElement>): string {
  const { value, selectionStart } = e.target;
  if (selectionStart !== value.length) return value;
  return value
    .replace(/\D/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}

function expiryInput(e: ChangeEvent<HTMLInputElement>, previous: string): string {
  const { value, selectionStart } = e.target;
  if (selectionStart !== value.length) return value;
  const digits = value.replace(/\D/g, '').slice(0, 4);
  // Deleting the slash deletes the digit before it too, or the slash would come straight back.
  if (previous.endsWith('/') && value.length < previous.length) return digits.slice(0, 1);
  if (digits.length === 1 && Number(digits) > 1) return `0${digits}/`;
  return digits.length >= 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

function parseExpiry(text: string): { expMonth: number; expYear: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const year = Number(m[2]);
  return { expMonth: Number(m[1]), expYear: year < 100 ? 2000 + year : year };
}

const FIELD_OF_PATH: Record<string, CardField> = {
  'payment.card.number': 'number',
  'payment.card.expMonth': 'exp',
  'payment.card.expYear': 'exp',
  'payment.card.cvc': 'cvc',
  'payment.card.name': 'name',
};

const sentence = (s: string) => (s ? `${s[0]?.toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}` : s);

function issues(details: unknown): { path: string; message: string }[] {
  return Array.isArray(details)
    ? details.filter(
        (d): d is { path: string; message: string } =>
          typeof d?.path === 'string' && typeof d?.message === 'string',
      )
    : [];
}

export function CheckoutForm({
  holdId,
  showtimeId,
  movieSlug,
  expiresAt,
  serverNow,
  price,
  sandbox,
  stripePublishableKey,
}: Props) {
  const router = useRouter();
  const remaining = useHoldRemaining(expiresAt, serverNow);
  const [current, setCurrent] = useState(price);
  // The code behind the price shown: paying sends exactly this, so the total on the button is
  // the total charged.
  const [appliedPromo, setAppliedPromo] = useState<string | null>(price.discount?.code ?? null);
  const [promoText, setPromoText] = useState('');
  const [promoError, setPromoError] = useState<string | null>(null);
  const [promoPending, setPromoPending] = useState(false);
  const [promoStatus, setPromoStatus] = useState('');

  const [card, setCard] = useState({ number: '', exp: '', cvc: '', name: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CardField, string>>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [paying, setPaying] = useState(false);
  const [paid, setPaid] = useState(false);
  const [focusTarget, setFocusTarget] = useState<{ field: CardField } | null>(null);

  // One key per payment attempt, reused when the same request is retried after an answer that
  // was not definite (network failure, BUSY), so a retry can never charge twice; renewed after a
  // definite answer or when the request changes (the server refuses one key for two requests).
  const attempt = useRef<{ key: string; request: string } | null>(null);
  const endedRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const expired = remaining <= 0 && !paying && !paid;
  const chooseAgain: NextStep = { href: `/showtimes/${showtimeId}`, label: 'Choose seats again' };
  const blocked = Boolean(ended) || expired;

  useEffect(() => {
    if (ended) endedRef.current?.focus();
  }, [ended]);
  // After the commit that re-enables the fields (they are disabled while paying).
  useEffect(() => {
    if (focusTarget)
      formRef.current?.querySelector<HTMLInputElement>(`[name="${focusTarget.field}"]`)?.focus();
  }, [focusTarget]);

  const setField = (field: CardField, value: string) => {
    setCard((c) => ({ ...c, [field]: value }));
    if (fieldErrors[field]) setFieldErrors((f) => ({ ...f, [field]: undefined }));
  };

  function fillTestCard(test: TestCard) {
    const yy = (new Date().getFullYear() + 3) % 100;
    setCard((c) => ({
      ...c,
      number: test.number,
      exp: c.exp || `12/${yy.toString().padStart(2, '0')}`,
      cvc: c.cvc || '123',
    }));
    setFieldErrors({});
  }

  /** Ends the checkout for errors that end the hold; false for the others. */
  function endWith(error: ErrorResult): boolean {
    const end = (title: string, steps: NextStep[] = [chooseAgain]) => {
      setEnded({ title, message: error.message, steps });
      return true;
    };
    switch (error.code) {
      case 'PAYMENT_DECLINED':
        // The seats stay held after a decline (another card can be tried) until too many.
        if ((error.details as { seatsReleased?: boolean } | undefined)?.seatsReleased === false) return false;
        return end('Payment declined');
      case 'HOLD_EXPIRED':
        return end('Your hold expired');
      case 'SEATS_UNAVAILABLE':
        return end('Seats no longer available');
      case 'SHOWTIME_NOT_BOOKABLE':
        return end('This show is no longer on sale', [
          { href: `/movies/${movieSlug}`, label: 'Choose another showtime' },
        ]);
      case 'HOLD_NOT_ACTIVE':
      case 'NOT_FOUND':
        // Booked already (by an attempt whose answer was lost) or gone: the page knows which.
        router.refresh();
        return end('This checkout has ended');
      default:
        return false;
    }
  }

  async function quote(code: string | undefined) {
    setPromoPending(true);
    setPromoError(null);
    setPromoStatus('');
    try {
      const result = await quoteHoldAction({ holdId, promoCode: code });
      if (result.ok) {
        setCurrent(result.data);
        setAppliedPromo(result.data.discount?.code ?? null);
        setPromoText('');
        const total = formatMoney(result.data.totalMinor, result.data.currency);
        setPromoStatus(
          result.data.discount
            ? `${result.data.discount.code} applied: you save ${formatMoney(result.data.discount.amountMinor, result.data.currency)}. New total ${total}.`
            : `Promo code removed. Total ${total}.`,
        );
        return;
      }
      const { error } = result;
      if (endWith(error)) return;
      const detail = issues(error.details).find((d) => d.path === 'promoCode');
      setPromoError(sentence(detail?.message ?? error.message));
    } catch {
      setPromoError('We could not reach Marquee. Check your connection and try again.');
    } finally {
      setPromoPending(false);
    }
  }

  function onApplyPromo(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = promoText.trim();
    if (!code) {
      setPromoError('Enter a promo code.');
      return;
    }
    void quote(code);
  }

  async function onPay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (paying || blocked) return;
    const errors: Partial<Record<CardField, string>> = {};
    const expiry = parseExpiry(card.exp);
    if (!card.number.trim()) errors.number = 'Enter your card number.';
    if (!expiry) errors.exp = 'Enter the expiry date as MM/YY.';
    if (!card.cvc.trim()) errors.cvc = 'Enter the security code.';
    setFieldErrors(errors);
    setProblem(null);
    if (!expiry || Object.keys(errors).length) {
      focusFirstInvalid(errors);
      return;
    }
    const input = {
      holdId,
      promoCode: appliedPromo ?? undefined,
      payment: {
        method: 'card' as const,
        card: {
          number: card.number,
          expMonth: expiry.expMonth,
          expYear: expiry.expYear,
          cvc: card.cvc.trim(),
          name: card.name.trim() || undefined,
        },
      },
    };
    const request = JSON.stringify(input);
    if (attempt.current?.request !== request) attempt.current = { key: newKey(), request };
    const idempotencyKey = attempt.current.key;

    setPaying(true);
    let result: Awaited<ReturnType<typeof checkoutAction>>;
    try {
      result = await checkoutAction({ ...input, idempotencyKey });
    } catch {
      // No answer: the payment may or may not have gone through. The same key makes pressing Pay
      // again safe: the server answers a repeat with the first attempt's outcome.
      setPaying(false);
      setProblem({
        message:
          'We could not reach Marquee, so we do not know yet whether the payment went through. Press Pay again: you will not be charged twice.',
      });
      return;
    }
    if (result.ok) {
      setPaid(true);
      router.push(`/bookings/${result.data.reference}?new=1`);
      return;
    }
    const { error } = result;
    const inProgress =
      error.code === 'IDEMPOTENCY_CONFLICT' &&
      (error.details as { reason?: string } | undefined)?.reason === 'in-progress';
    if (!(error.code === 'BUSY' || error.code === 'INTERNAL' || inProgress)) attempt.current = null;
    setPaying(false);
    if (endWith(error)) return;
    switch (error.code) {
      case 'VALIDATION_FAILED': {
        const found: Partial<Record<CardField, string>> = {};
        const other: string[] = [];
        for (const issue of issues(error.details)) {
          const field = FIELD_OF_PATH[issue.path];
          if (field === 'exp') found.exp = 'Enter a valid expiry date as MM/YY.';
          else if (field) found[field] ??= sentence(issue.message);
          else if (issue.path === 'promoCode') setPromoError(sentence(issue.message));
          else other.push(sentence(issue.message));
        }
        setFieldErrors(found);
        if (other.length || !Object.keys(found).length)
          setProblem({ message: other.join(' ') || error.message });
        focusFirstInvalid(found);
        return;
      }
      case 'PAYMENT_DECLINED':
        // Another card, then: the refused number and code go, the name and expiry may stay.
        setCard((c) => ({ ...c, number: '', cvc: '' }));
        setFocusTarget({ field: 'number' });
        return setProblem({ message: error.message });
      case 'PROMO_INVALID':
        setPromoError(error.message);
        return setProblem({ message: `${error.message} Remove the promo code or try another, then pay.` });
      case 'BUSY':
      case 'RATE_LIMITED':
      case 'CONFLICT':
        return setProblem({ message: `${error.message} Press Pay to try again.` });
      case 'IDEMPOTENCY_CONFLICT':
        return setProblem({
          message: 'Your payment is still being processed. Wait a moment, then press Pay again.',
        });
      case 'UNAUTHENTICATED':
        return setProblem({ message: 'Your session has ended. Sign in again to pay.', signIn: true });
      default:
        return setProblem({ message: error.message });
    }
  }

  function focusFirstInvalid(errors: Partial<Record<CardField, string>>) {
    const first = (['number', 'exp', 'cvc', 'name'] as const).find((f) => errors[f]);
    if (first) setFocusTarget({ field: first });
  }

  const total = formatMoney(current.totalMinor, current.currency);

  return (
    <div className="space-y-6">
      {paid ? null : ended ? (
        <EndedNotice ref={endedRef} title={ended.title} message={ended.message} steps={ended.steps} />
      ) : expired ? (
        <EndedNotice
          title="Your hold expired"
          message="The seats were held for you for a few minutes and are now free for others. Choose your seats again to book."
          steps={[chooseAgain]}
        />
      ) : (
        <HoldCountdown remainingMs={remaining} />
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px] lg:items-start">
        <section
          aria-labelledby="order-summary"
          className="space-y-4 rounded-lg border border-stone-200 bg-white p-4 sm:p-5 lg:order-2 dark:border-ink-700 dark:bg-ink-900"
        >
          <h2 id="order-summary" className="font-display text-lg font-bold">
            Order summary
          </h2>
          <PriceBreakdown price={current} />
          {appliedPromo ? (
            <div className="flex items-center justify-between gap-3 rounded-md bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950/50">
              <span>
                <span className="font-mono font-semibold">{appliedPromo}</span> applied
                {current.discount ? (
                  <>: you save {formatMoney(current.discount.amountMinor, current.currency)}</>
                ) : null}
              </span>
              <button
                type="button"
                onClick={() => void quote(undefined)}
                disabled={promoPending || blocked || paying}
                className="font-medium text-brand-700 underline disabled:opacity-60 dark:text-brand-400"
              >
                Remove<span className="sr-only"> promo code {appliedPromo}</span>
              </button>
            </div>
          ) : (
            <form onSubmit={onApplyPromo} noValidate className="flex items-start gap-2">
              <div className="min-w-0 flex-1">
                <Field
                  label="Promo code"
                  name="promo"
                  value={promoText}
                  onChange={(e) => {
                    setPromoText(e.target.value.toUpperCase());
                    setPromoError(null);
                  }}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={32}
                  error={promoError ?? undefined}
                  disabled={blocked || paying}
                />
              </div>
              <button
                type="submit"
                disabled={promoPending || blocked || paying}
                className="mt-6 inline-flex h-11 shrink-0 items-center rounded-md border border-stone-300 px-4 font-semibold hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-ink-700 dark:hover:bg-ink-800"
              >
                {promoPending ? 'Applying…' : 'Apply'}
              </button>
            </form>
          )}
          <p aria-live="polite" className="sr-only">
            {promoStatus}
          </p>
        </section>

        <section aria-labelledby="payment" className="space-y-4 lg:order-1">
          <h2 id="payment" className="font-display text-lg font-bold">
            {stripePublishableKey ? 'Payment' : 'Pay by card'}
          </h2>
          {stripePublishableKey ? (
            <StripePayment
              publishableKey={stripePublishableKey}
              holdId={holdId}
              amountMinor={current.totalMinor}
              currency={current.currency}
              promoCode={appliedPromo}
              disabled={blocked || paid}
              totalLabel={total}
              onPaying={setPaying}
              onBooked={(reference) => {
                setPaid(true);
                router.push(`/bookings/${reference}?new=1`);
              }}
              onError={(error) => {
                if (endWith(error)) return;
                if (error.code === 'PROMO_INVALID') setPromoError(error.message);
                setProblem({
                  message:
                    error.code === 'UNAUTHENTICATED'
                      ? 'Your session has ended. Sign in again to pay.'
                      : error.message,
                  signIn: error.code === 'UNAUTHENTICATED',
                });
              }}
            />
          ) : null}
          {stripePublishableKey && problem ? (
            <div
              role="alert"
              className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {problem.message}
            </div>
          ) : null}
          {stripePublishableKey ? null : (
            <form ref={formRef} onSubmit={onPay} noValidate className="space-y-4" aria-describedby="pay-note">
              <fieldset disabled={blocked || paying || paid} className="space-y-4 disabled:opacity-70">
                <legend className="sr-only">Card details</legend>
                <Field
                  label="Card number"
                  name="number"
                  value={card.number}
                  onChange={(e) => setField('number', cardNumberInput(e))}
                  autoComplete="cc-number"
                  inputMode="numeric"
                  placeholder="1234 1234 1234 1234"
                  maxLength={23}
                  error={fieldErrors.number}
                  required
                />
                <div className="grid grid-cols-2 gap-3">
                  <Field
                    label="Expiry (MM/YY)"
                    name="exp"
                    value={card.exp}
                    onChange={(e) => setField('exp', expiryInput(e, card.exp))}
                    autoComplete="cc-exp"
                    inputMode="numeric"
                    placeholder="MM/YY"
                    maxLength={7}
                    error={fieldErrors.exp}
                    required
                  />
                  <Field
                    label="Security code (CVC)"
                    name="cvc"
                    value={card.cvc}
                    onChange={(e) => setField('cvc', e.target.value.replace(/\D/g, '').slice(0, 4))}
                    autoComplete="cc-csc"
                    inputMode="numeric"
                    placeholder="123"
                    maxLength={4}
                    error={fieldErrors.cvc}
                    required
                  />
                </div>
                <Field
                  label="Name on card (optional)"
                  name="name"
                  value={card.name}
                  onChange={(e) => setField('name', e.target.value)}
                  autoComplete="cc-name"
                  maxLength={100}
                  error={fieldErrors.name}
                />
              </fieldset>
              {problem ? (
                <div
                  role="alert"
                  className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
                >
                  {problem.message}
                  {problem.signIn ? (
                    <>
                      {' '}
                      <Link
                        href={`/signin?callbackUrl=${encodeURIComponent(`/checkout/${holdId}`)}`}
                        className="font-semibold underline"
                      >
                        Sign in
                      </Link>
                    </>
                  ) : null}
                </div>
              ) : null}
              <button
                type="submit"
                className={buttonClass}
                disabled={blocked || paying || paid}
                aria-busy={paying}
              >
                {paid ? 'Paid: opening your tickets…' : paying ? 'Paying…' : `Pay ${total}`}
              </button>
              <p id="pay-note" className="text-xs text-stone-500 dark:text-stone-400">
                Booking fee and GST included. The booking fee is not refunded if you cancel.
              </p>
            </form>
          )}
          {sandbox && !blocked ? <TestCards onUse={fillTestCard} /> : null}
        </section>
      </div>
    </div>
  );
}
