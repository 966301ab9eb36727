// A bound on how long we wait for the database: past it the wait fails with
// DeadlineExceeded (the work itself is not cancelled; callers decide what that means).
export class DeadlineExceeded extends Error {}

/** How a DeadlineExceeded reads once an actor's RPC has turned it into a plain Error. */
export const DEADLINE_EXCEEDED_TEXT = / did not answer within \d+ ms$/;

export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what = "the database"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
