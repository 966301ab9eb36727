// How long to wait before trying again after a failure, for tasks and outboxes alike:
// 1 s, doubling, never more than 30 s apart; a task gives up after 8 tries.
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30_000;
export const MAX_TASK_ATTEMPTS = 8;

/** The wait after the `failures`-th failure in a row (0 for the first). */
export const retryDelayMs = (failures: number): number => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures));
