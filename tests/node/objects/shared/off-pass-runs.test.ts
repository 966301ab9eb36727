// Slow tasks run beside an actor's pass (the call's translations): against a real task
// queue, a run still under way is never started twice, even when its lease runs out
// first (the lease is renewed, so the alarm does not spin on it), and an outcome that
// arrives for a task no longer pending under its command id is dropped, not applied.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { OffPassRuns, TaskQueue, TASKS_TABLE_SQL } from "../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

const askSchema = z.object({ name: z.string(), action: z.literal("ask") });
type Ask = z.infer<typeof askSchema>;

let sql: TestSqlStorage;
let queue: TaskQueue<Ask>;
beforeEach(async () => {
  sql = await openTestSqlStorage();
  runSqliteMigrations(sql, [{ id: "0001-tasks", sql: TASKS_TABLE_SQL }]);
  queue = new TaskQueue(sql, askSchema);
});
afterEach(() => sql.close());

/** A run the test answers when it likes. */
function answerable<T>() {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (answer = resolve));
  return { promise, answer };
}

describe("runs beside the pass", () => {
  it("starts a task once while it runs, renewing its lease rather than starting it again, and settles it when it answers", async () => {
    queue.addOnce({ name: "translate:1", action: "ask" }, 1_000);
    const runs = new OffPassRuns(queue);
    const model = answerable<string>();
    const settled: string[] = [];
    const started = runs.start(queue.due(1_000)[0]!, { nowMs: 1_000, leaseMs: 15_000 }, () => model.promise, (_task, outcome) => void settled.push(outcome));
    expect(started).not.toBeNull();
    expect(queue.due(15_999)).toEqual([]);
    expect(queue.nextAttemptAtMs()).toBe(16_000);

    // The lease ran out while the model still thinks: due again, but not started twice.
    const again = queue.due(16_000)[0]!;
    expect(runs.start(again, { nowMs: 16_000, leaseMs: 15_000 }, () => Promise.resolve("second"), () => void settled.push("second"))).toBeNull();
    expect(queue.nextAttemptAtMs()).toBe(31_000);

    model.answer("first");
    await started;
    expect(settled).toEqual(["first"]);
    expect(runs.isRunning("translate:1")).toBe(false);
  });

  it("drops an answer for a task that was settled meanwhile", async () => {
    queue.addOnce({ name: "summary", action: "ask" }, 1_000);
    const runs = new OffPassRuns(queue);
    const model = answerable<string>();
    const settled: string[] = [];
    const started = runs.start(queue.due(1_000)[0]!, { nowMs: 1_000, leaseMs: 15_000 }, () => model.promise, (_task, outcome) => void settled.push(outcome));
    queue.finish("summary", "failed", 2_000, "given up");
    model.answer("late");
    await started;
    expect(settled).toEqual([]);
  });
});
