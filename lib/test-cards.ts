// The sandbox payment provider's test cards (server/payments/sandbox.ts decides outcomes from this
// list, so the hints the checkout page shows can never drift from what the sandbox does). The
// numbers are Stripe's well-known test cards so developers recognise them; none is a real card.
// Safe to import on the client: it holds nothing secret.

export type TestCardOutcome =
  | 'succeeded'
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error';

export type TestCard = {
  /** As a person would type it, grouped in fours. */
  number: string;
  outcome: TestCardOutcome;
  description: string;
};

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242 4242 4242 4242', outcome: 'succeeded', description: 'Payment succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'card_declined', description: 'Declined (generic decline)' },
  {
    number: '4000 0000 0000 9995',
    outcome: 'insufficient_funds',
    description: 'Declined: insufficient funds',
  },
  { number: '4000 0000 0000 0069', outcome: 'expired_card', description: 'Declined: expired card' },
  {
    number: '4000 0000 0000 0127',
    outcome: 'incorrect_cvc',
    description: 'Declined: incorrect security code',
  },
  { number: '4000 0000 0000 0119', outcome: 'processing_error', description: 'Declined: processing error' },
];

/** Rules the sandbox applies to numbers not in the list, for the same hints. */
export const TEST_CARD_RULES: readonly string[] = [
  'Any other number that passes the Luhn check succeeds.',
  'A number that fails the Luhn check is declined as incorrect.',
  'An expiry date in the past is declined as expired.',
  'Use any future expiry date and any 3-digit security code.',
];

/** The test card with this number (spaces and dashes ignored), if any. */
export function findTestCard(number: string): TestCard | undefined {
  const digits = number.replace(/[\s-]/g, '');
  return TEST_CARDS.find((c) => c.number.replace(/\s/g, '') === digits);
}
