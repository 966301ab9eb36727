// What a sign-in attempt came to, as a person's sign-in history records it (the
// Postgres enum, the API's contract and the console read it here).
// No zod here: the console imports this module.

/**
 * succeeded: a session started (login, sign-up or accepted invitation);
 * wrong_password: the password was wrong;
 * locked: the password was wrong and that failure locked the account for a while.
 */
export const SIGN_IN_OUTCOMES = ["succeeded", "wrong_password", "locked"] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** How many rows a history shows: the latest ones. */
export const SIGN_IN_HISTORY_LIMIT = 50;
