// The CallActor's pass for live intelligence alone, in miniature, shared by the feature's
// tests: the feature's due events, a real task queue (SQLite) and the fake model port
// (fake-intelligence.ts) on a fake clock; the view and timeline as the console gets them.
import { afterEach, beforeEach } from "vitest";
import type { RecordRow } from "../../../../../../db/writers/call-rows";
import { toCallView } from "../../../../../../objects/call/call-view";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import type { CallSituation } from "../../../../../../objects/call/features/feature";
import { intelligence } from "../../../../../../objects/call/features/intelligence";
import { callTaskSchema, type CallTask } from "../../../../../../objects/call/features/registry";
import { applyTaskOutcome, runStoredTask } from "../../../../../../objects/call/features/run-task";
import { foldCall } from "../../../../../../objects/call/machine";
import type { CallSpec } from "../../../../../../objects/call/call-spec";
import { TaskQueue, TASKS_TABLE_SQL } from "../../../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../../../support/sqlite-storage";
import { spec } from "../../events";
import { FakeClock, FakePorts } from "../../fake-ports";

/** The call every MiniCall is, unless given another. */
export const callSpec = spec();
const defaultSpec = callSpec;
let sql: TestSqlStorage;

/** Gives each test a fresh SQLite for its task queue: call once at the top of a test file. */
export function useTaskSqlite(): void {
  beforeEach(async () => {
    sql = await openTestSqlStorage();
    runSqliteMigrations(sql, [{ id: "0001-tasks", sql: TASKS_TABLE_SQL }]);
  });
  afterEach(() => sql.close());
}

/** The CallActor's pass for this one feature: due events, then plan and run due tasks until none is left. */
export class MiniCall {
  readonly events: CarrierEvent[] = [];
  readonly rows: { key: string; row: RecordRow }[] = [];
  readonly queue = new TaskQueue<CallTask>(sql, callTaskSchema);
  readonly ports: FakePorts;

  constructor(
    startMs: number,
    readonly callSpec: CallSpec = defaultSpec,
  ) {
    this.ports = new FakePorts(new FakeClock(startMs));
  }

  add(...events: CarrierEvent[]): void {
    for (const each of events) if (!this.events.some((known) => known.id === each.id)) this.events.push(each);
  }

  situation(): CallSituation {
    return {
      spec: this.callSpec,
      record: foldCall(this.callSpec, this.events),
      events: [...this.events],
      nowMs: this.ports.clock.nowMs,
      tasks: { state: (name) => this.queue.get(name)?.state ?? null, lastDoneAtMs: (prefix) => this.queue.lastDoneAtMs(prefix) },
    };
  }

  async pass(): Promise<void> {
    this.add(...intelligence.dueEvents!(this.situation()));
    for (let round = 0; round < 8; round++) {
      for (const task of intelligence.desiredTasks(this.situation())) this.queue.addOnce(task, this.ports.clock.nowMs);
      const due = this.queue.due(this.ports.clock.nowMs);
      if (due.length === 0) break;
      for (const stored of due) {
        const outcome = await runStoredTask(stored, { situation: this.situation(), ports: this.ports });
        applyTaskOutcome({ tasks: this.queue, addEvent: (e) => this.add(e), outbox: { enqueue: (key, row) => void this.rows.push({ key, row }) } }, stored, outcome, this.ports.clock.nowMs);
      }
    }
  }

  /** Advance to the feature's own timer and run the pass the alarm would. */
  async alarm(): Promise<void> {
    const wake = intelligence.wakeAtMs!(this.situation());
    const retry = this.queue.nextAttemptAtMs();
    const next = Math.min(wake ?? Infinity, retry ?? Infinity);
    if (next === Infinity) throw new Error("nothing to wake for");
    this.ports.clock.nowMs = Math.max(this.ports.clock.nowMs, next);
    await this.pass();
  }

  view() {
    return toCallView(this.callSpec, foldCall(this.callSpec, this.events), undefined, "agent").intelligence!;
  }

  timeline(): string[] {
    return foldCall(this.callSpec, this.events).timeline.map((entry) => entry.text);
  }
}

