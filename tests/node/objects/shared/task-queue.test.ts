// The durable task queue against a real SQLite and a fake clock: a task is added once,
// keeps its command id across retries, backs off 1 s doubling to 30 s, gives up after 8
// tries, and a row no build can read is failed rather than retried forever.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_TASK_ATTEMPTS, TaskQueue, TASKS_TABLE_SQL } from "../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

const pingSchema = z.object({ name: z.string(), action: z.literal("ping"), target: z.string() });
type Ping = z.infer<typeof pingSchema>;

let sql: TestSqlStorage;
let queue: TaskQueue<Ping>;
let ids = 0;
beforeEach(async () => {
  sql = await openTestSqlStorage();
  runSqliteMigrations(sql, [{ id: "0001-tasks", sql: TASKS_TABLE_SQL }]);
  queue = new TaskQueue(sql, pingSchema, () => `command-${++ids}`);
});
afterEach(() => sql.close());

const ping = (name = "ping-a"): Ping => ({ name, action: "ping", target: "a" });

describe("the task queue", () => {
  it("adds a task once: a second add under the same name changes nothing", () => {
    expect(queue.addOnce(ping(), 1000)).toBe(true);
    expect(queue.addOnce({ ...ping(), target: "b" }, 2000)).toBe(false);
    expect(queue.get("ping-a")).toMatchObject({ task: { target: "a" }, state: "pending", attempts: 0, nextAttemptAtMs: 1000 });
  });

  it("adds a task once across queues on the same storage (an actor started again), and reads back the body it stored", () => {
    expect(queue.addOnce(ping(), 1000)).toBe(true);
    const commandId = queue.get("ping-a")?.commandId;
    const again = new TaskQueue(sql, pingSchema, () => `command-${++ids}`);
    expect(again.addOnce({ ...ping(), target: "b" }, 2000)).toBe(false);
    expect(again.due(1000)).toEqual(queue.due(1000));
    expect(again.due(1000)[0]).toMatchObject({ commandId, task: { target: "a" } });
  });

  it("is due from the time it was added, oldest first", () => {
    queue.addOnce(ping("second"), 2000);
    queue.addOnce(ping("first"), 1000);
    expect(queue.due(999)).toEqual([]);
    expect(queue.due(2000).map((t) => t.name)).toEqual(["first", "second"]);
    expect(queue.nextAttemptAtMs()).toBe(1000);
  });

  it("retries with the same command id, 1 s doubling to 30 s, then gives up after 8 tries", () => {
    let now = 0;
    queue.addOnce(ping(), now);
    const commandId = queue.get("ping-a")!.commandId;
    const waits: number[] = [];
    for (;;) {
      const [due] = queue.due(now);
      expect(due?.commandId).toBe(commandId);
      if (queue.retryOrFail(due!, "carrier said 503", now) === "failed") break;
      const next = queue.nextAttemptAtMs()!;
      waits.push(next - now);
      now = next;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(queue.get("ping-a")).toMatchObject({ state: "failed", attempts: MAX_TASK_ATTEMPTS, lastError: "carrier said 503", doneAtMs: now });
    expect(queue.due(now + 60_000)).toEqual([]);
    expect(queue.nextAttemptAtMs()).toBeNull();
  });

  it("finishes a task done, counting the try, and remembers when the last of a kind was done", () => {
    queue.addOnce(ping("hangup-customer"), 0);
    queue.addOnce(ping("hangup-agent"), 0);
    queue.finish("hangup-customer", "done", 5000);
    queue.finish("hangup-agent", "done", 7000);
    expect(queue.get("hangup-customer")).toMatchObject({ state: "done", attempts: 1, doneAtMs: 5000 });
    expect(queue.lastDoneAtMs("hangup-")).toBe(7000);
    expect(queue.lastDoneAtMs("dial-")).toBeNull();
  });

  it("answers each task's state as its row says, through adds, retries and finishes, and again after a restart", () => {
    queue.addOnce(ping("dial"), 0);
    expect(queue.state("dial")).toBe("pending");
    expect(queue.state("hangup")).toBeNull();
    queue.addOnce(ping("hangup"), 0);
    queue.retryOrFail(queue.get("hangup")!, "carrier said 503", 0);
    queue.finish("dial", "done", 10);
    queue.finish("never-added", "done", 10);
    expect([queue.state("dial"), queue.state("hangup"), queue.state("never-added")]).toEqual(["done", "pending", null]);
    const rowState = (name: string) => sql.exec<{ state: string }>("SELECT state FROM tasks WHERE name = ?", name).toArray()[0]?.state ?? null;
    expect([rowState("dial"), rowState("hangup"), rowState("never-added")]).toEqual(["done", "pending", null]);
    const again = new TaskQueue(sql, pingSchema, () => `command-${++ids}`);
    again.finish("hangup", "failed", 20);
    expect([again.state("dial"), again.state("hangup")]).toEqual(["done", "failed"]);
  });

  it("retries at a time the owner chooses (polling), counting the try", () => {
    queue.addOnce(ping(), 0);
    queue.retryAt("ping-a", 200, "nobody free yet");
    expect(queue.due(199)).toEqual([]);
    expect(queue.due(200)[0]).toMatchObject({ attempts: 1, lastError: "nobody free yet" });
  });

  it("fails a stored task this build cannot read instead of retrying it forever", () => {
    sql.exec("INSERT INTO tasks (name, command_id, json, state, next_attempt_at_ms) VALUES ('from-the-future', 'c', '{\"name\":\"from-the-future\",\"action\":\"teleport\"}', 'pending', 0)");
    queue.addOnce(ping(), 0);
    expect(queue.due(10).map((t) => t.name)).toEqual(["ping-a"]);
    expect(queue.get("from-the-future")).toBeNull();
    const row = sql.exec<{ state: string; last_error: string }>("SELECT state, last_error FROM tasks WHERE name = 'from-the-future'").one();
    expect(row.state).toBe("failed");
    expect(row.last_error).toMatch(/unreadable task/);
  });
});
