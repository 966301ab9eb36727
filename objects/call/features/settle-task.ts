// What a runner's outcome means for its stored task: done, failed, or tried again (at the
// feature's own time, or with the queue's backoff until it gives up). The queue's part
// of applying an outcome (run-task.ts applies the rest), shared with tests.
import type { StoredTask, TaskQueue } from "../../shared/durable";
import type { CallTaskShape, TaskOutcome } from "./feature";

export function settleTask<Task extends CallTaskShape>(tasks: TaskQueue<Task>, stored: StoredTask<Task>, outcome: TaskOutcome, nowMs: number): void {
  switch (outcome.kind) {
    case "done":
      tasks.finish(stored.name, "done", nowMs, outcome.note ?? null);
      return;
    case "failed":
      tasks.finish(stored.name, "failed", nowMs, outcome.error);
      return;
    case "retry":
      if (outcome.atMs === undefined) tasks.retryOrFail(stored, outcome.error, nowMs);
      else tasks.retryAt(stored.name, outcome.atMs, outcome.error);
      return;
  }
}
