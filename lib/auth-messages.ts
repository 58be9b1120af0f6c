// Sign-in answers the browser shows, shared by the server that decides them and the forms that
// display them, so the two can never drift (a different word would tell accounts apart).

export const WRONG_CREDENTIALS = 'That email and password do not match an account.';
export const LOCKED_MESSAGE = 'Too many failed sign-in attempts. Wait 15 minutes, or reset your password.';
export const NOT_VERIFIED_MESSAGE =
  'Verify your email first: enter the code we sent you, or ask for a new one.';
