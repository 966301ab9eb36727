// One stored task, run and settled. The runner is called with the task's fixed command
// id and its tries so far; a runner that throws is a bug, counted as a retry so it backs
// off and is given up, never a stuck call. What the runner said then lands: its events
// go into the call's inbox, its rows (only once done) into the outbox, and the task is
// settled in the queue (settle-task.ts). Runners never touch storage; this is the one
// place their outcomes are applied, so it is tested against a real queue.
import { isLastAttempt, type StoredTask, type TaskQueue } from "../../shared/durable";
import type { RecordRow } from "../../../db/writers/call-rows";
import type { CarrierEvent } from "../carrier-event";
import type { CallTaskShape, TaskContext, TaskOutcome } from "./feature";
import { runCallTask, type CallTask } from "./registry";
import { settleTask } from "./settle-task";

/** Runs the task with the runner for its action; never throws. */
export async function runStoredTask(stored: StoredTask<CallTask>, context: Omit<TaskContext, "attempt">): Promise<TaskOutcome> {
  const attempt = { commandId: stored.commandId, attempts: stored.attempts, isLast: isLastAttempt(stored) };
  try {
    return await runCallTask(stored.task, { ...context, attempt });
  } catch (error) {
    return { kind: "retry", error: `runner threw: ${String(error)}` };
  }
}

/** Where an outcome lands: the call's inbox, its outbox of rows for Postgres, its task queue. */
export interface OutcomeSinks<Task extends CallTaskShape> {
  addEvent(event: CarrierEvent): void;
  outbox: { enqueue(key: string, row: RecordRow): void };
  tasks: TaskQueue<Task>;
}

export function applyTaskOutcome<Task extends CallTaskShape>(sinks: OutcomeSinks<Task>, stored: StoredTask<Task>, outcome: TaskOutcome, nowMs: number): void {
  // A retry says nothing happened yet: its events and rows come when it is done or fails.
  if (outcome.kind !== "retry") for (const event of outcome.events ?? []) sinks.addEvent(event);
  if (outcome.kind === "done") for (const { key, row } of outcome.rows ?? []) sinks.outbox.enqueue(key, row);
  settleTask(sinks.tasks, stored, outcome, nowMs);
}
