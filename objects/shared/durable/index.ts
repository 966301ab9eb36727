// The durable task runner's parts, for any actor: tasks with attempts and backoff, an
// outbox with one backoff, named timers behind the one alarm, one pass at a time, and
// slow tasks (the model) run beside the pass.
export { FIRST_RETRY_MS, MAX_RETRY_MS, MAX_TASK_ATTEMPTS, retryDelayMs } from "./backoff";
export { Outbox, OUTBOX_BACKOFF_TABLE_SQL, OUTBOX_TABLE_SQL, type OutboxEntry, type OutboxOptions } from "./outbox";
export { KeptAlarm, type AlarmBackend } from "./kept-alarm";
export { setSoonestAlarm, soonestAlarm, type AlarmStorage, type SoonestTimer, type TimerTimes } from "./named-timers";
export { OnePassAtATime } from "./one-pass-at-a-time";
export { OffPassRuns } from "./off-pass-runs";
export type { SqlDatabase, SqlRows, SqlValue } from "./sql";
export { parseJson, readJson, type Parsed } from "./stored-json";
export { isLastAttempt, nextAttemptAtMs, TaskQueue, TASKS_TABLE_SQL, type NamedTask, type StoredTask, type TaskState } from "./task-queue";
