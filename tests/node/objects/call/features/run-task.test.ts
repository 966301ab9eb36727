// One stored task run and settled as the call actor's pass does, on a real task queue
// (SQLite) and a fake clock: what the runner said lands in the inbox, the outbox and
// the queue, and a runner that throws backs off instead of leaving the call stuck.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RecordRow } from "../../../../../db/writers/call-rows";
import type { CarrierEvent } from "../../../../../objects/call/carrier-event";
import { desiredCommands } from "../../../../../objects/call/features/carrier-commands/desired-commands";
import { callTaskSchema, type CallTask } from "../../../../../objects/call/features/registry";
import { applyTaskOutcome, runStoredTask } from "../../../../../objects/call/features/run-task";
import { hangupRequested } from "../../../../../objects/call/local-events";
import { foldCall } from "../../../../../objects/call/machine";
import { FIRST_RETRY_MS, MAX_TASK_ATTEMPTS, TaskQueue, TASKS_TABLE_SQL, type StoredTask } from "../../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../../support/sqlite-storage";
import { spec, T0 } from "../events";
import { FakeClock, FakePorts, situationOf } from "../fake-ports";

const callSpec = spec();
const [dialCustomer] = desiredCommands(callSpec, foldCall(callSpec, []), T0);

let sql: TestSqlStorage;
let queue: TaskQueue<CallTask>;
let inbox: CarrierEvent[];
let outbox: { key: string; row: RecordRow }[];
beforeEach(async () => {
  sql = await openTestSqlStorage();
  runSqliteMigrations(sql, [{ id: "0001-tasks", sql: TASKS_TABLE_SQL }]);
  queue = new TaskQueue(sql, callTaskSchema);
  inbox = [];
  outbox = [];
});
afterEach(() => sql.close());

const sinks = () => ({ tasks: queue, addEvent: (event: CarrierEvent) => void inbox.push(event), outbox: { enqueue: (key: string, row: RecordRow) => void outbox.push({ key, row }) } });

/** The dial, added to the queue and due now. */
function storedDial(): StoredTask<CallTask> {
  if (!dialCustomer) throw new Error("a new call wants its dial");
  queue.addOnce(dialCustomer, T0);
  const [stored] = queue.due(T0);
  if (!stored) throw new Error("the dial is due");
  return stored;
}

async function runOnce(ports: FakePorts, stored: StoredTask<CallTask>): Promise<void> {
  const outcome = await runStoredTask(stored, { situation: situationOf(callSpec, inbox, ports.clock.nowMs), ports });
  applyTaskOutcome(sinks(), stored, outcome, ports.clock.nowMs);
}

describe("running a stored task", () => {
  it("sends with the command id fixed when the task was added, and lands the runner's events", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const stored = storedDial();
    await runOnce(ports, stored);
    expect(ports.sent).toEqual([{ command: dialCustomer, commandId: stored.commandId }]);
    expect(inbox.map((e) => e.type)).toEqual(["wib.dial.accepted", "wib.transcription.from_answer"]);
    expect(queue.get(stored.name)).toMatchObject({ state: "done", attempts: 1 });
  });

  it("counts a runner that throws as a try to back off from, adding nothing", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.carrier.send = async () => {
      throw new Error("socket hang up");
    };
    await runOnce(ports, storedDial());
    expect(inbox).toEqual([]);
    expect(queue.get(dialCustomer!.name)).toMatchObject({ state: "pending", attempts: 1, nextAttemptAtMs: T0 + FIRST_RETRY_MS, lastError: "runner threw: Error: socket hang up" });
  });

  it("gives a throwing runner up after the queue's last try, so the call is never stuck", async () => {
    const clock = new FakeClock(T0);
    const ports = new FakePorts(clock);
    ports.carrier.send = async () => {
      throw new Error("bug");
    };
    storedDial();
    for (let next = queue.nextAttemptAtMs(); next !== null; next = queue.nextAttemptAtMs()) {
      clock.nowMs = next;
      for (const stored of queue.due(clock.nowMs)) await runOnce(ports, stored);
    }
    expect(queue.get(dialCustomer!.name)).toMatchObject({ state: "failed", attempts: MAX_TASK_ATTEMPTS });
  });
});

describe("applying an outcome", () => {
  const row: RecordRow = { table: "event", row: { id: "e1", organizationId: callSpec.organizationId, callId: callSpec.id, eventType: "x", leg: "customer", occurredAt: new Date(T0), payload: {} } };
  const raised = hangupRequested(T0);

  it("writes a done task's rows and events", () => {
    const stored = storedDial();
    applyTaskOutcome(sinks(), stored, { kind: "done", events: [raised], rows: [{ key: "event:e1", row }] }, T0);
    expect(inbox).toEqual([raised]);
    expect(outbox).toEqual([{ key: "event:e1", row }]);
    expect(queue.get(stored.name)?.state).toBe("done");
  });

  it("lands a failed task's events (a refused dial ends its leg) but writes no rows", () => {
    const stored = storedDial();
    applyTaskOutcome(sinks(), stored, { kind: "failed", error: "refused", events: [raised] }, T0);
    expect(inbox).toEqual([raised]);
    expect(outbox).toEqual([]);
    expect(queue.get(stored.name)).toMatchObject({ state: "failed", lastError: "refused" });
  });

  it("tries again at the feature's own time when the retry names one", () => {
    const stored = storedDial();
    applyTaskOutcome(sinks(), stored, { kind: "retry", error: "nobody free", atMs: T0 + 200 }, T0);
    expect(queue.get(stored.name)).toMatchObject({ state: "pending", nextAttemptAtMs: T0 + 200, lastError: "nobody free" });
  });
});
