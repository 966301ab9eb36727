// Recording copy as a feature, run through the real task queue (SQLite) on a fake clock:
// a saved recording is copied and its row written; a copy that keeps failing is retried
// with backoff and then given up.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordingCopy, type CopyRecordingTask } from "../../../../../objects/call/features/recording-copy";
import { copyRecordingTaskSchema } from "../../../../../objects/call/features/recording-copy";
import { settleTask } from "../../../../../objects/call/features/settle-task";
import { isLastAttempt, TaskQueue, TASKS_TABLE_SQL } from "../../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../../support/sqlite-storage";
import { event, hangup, spec, T0 } from "../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";

const callSpec = spec();
const saved = event("call.recording.saved", 40, "customer", { recording: { url: "http://sim/r.wav", startedAtMs: T0 + 5000, endedAtMs: T0 + 40_000 } });
const events = [event("call.initiated", 0), event("call.answered", 5), hangup(40, "normal_clearing"), saved];

let sql: TestSqlStorage;
let queue: TaskQueue<CopyRecordingTask>;
beforeEach(async () => {
  sql = await openTestSqlStorage();
  runSqliteMigrations(sql, [{ id: "0001-tasks", sql: TASKS_TABLE_SQL }]);
  queue = new TaskQueue(sql, copyRecordingTaskSchema);
});
afterEach(() => sql.close());

/** Runs whatever is due, as the call actor's pass does, until nothing is pending. */
async function runUntilSettled(ports: FakePorts, clock: FakeClock) {
  const rows = [];
  for (const task of recordingCopy.desiredTasks(situationOf(callSpec, events, clock.nowMs))) queue.addOnce(task, clock.nowMs);
  for (let next = queue.nextAttemptAtMs(); next !== null; next = queue.nextAttemptAtMs()) {
    clock.nowMs = Math.max(clock.nowMs, next);
    for (const stored of queue.due(clock.nowMs)) {
      const attempt = { commandId: stored.commandId, attempts: stored.attempts, isLast: isLastAttempt(stored) };
      const outcome = await recordingCopy.runners.copy_recording(stored.task, contextOf(situationOf(callSpec, events, clock.nowMs), ports, attempt));
      if (outcome.kind === "done") rows.push(...(outcome.rows ?? []));
      settleTask(queue, stored, outcome, clock.nowMs);
    }
  }
  return rows;
}

describe("recording copy", () => {
  it("copies each saved recording under its call and writes its row, retrying a failed download", async () => {
    const clock = new FakeClock(T0 + 41_000);
    const ports = new FakePorts(clock);
    ports.recordingFailures = 2;
    const rows = await runUntilSettled(ports, clock);
    expect(ports.copied).toEqual([{ url: "http://sim/r.wav", storageKey: `${callSpec.organizationId}/${callSpec.id}/${saved.id}` }]);
    expect(clock.nowMs).toBe(T0 + 41_000 + 1000 + 2000);
    expect(rows).toEqual([
      {
        key: `recording:${saved.id}`,
        row: { table: "recording", row: expect.objectContaining({ id: saved.id, callId: callSpec.id, sizeBytes: 1234, startedAt: new Date(T0 + 5000) }) },
      },
    ]);
    expect(queue.get(`copy-recording-${saved.id}`)).toMatchObject({ state: "done", attempts: 3 });
  });

  it("gives up after 8 tries, about two and a half minutes, and writes no row", async () => {
    const clock = new FakeClock(T0 + 41_000);
    const ports = new FakePorts(clock);
    ports.recordingFailures = Number.POSITIVE_INFINITY;
    expect(await runUntilSettled(ports, clock)).toEqual([]);
    expect(queue.get(`copy-recording-${saved.id}`)).toMatchObject({ state: "failed", attempts: 8, lastError: "Error: recording download answered 503" });
    expect(clock.nowMs - (T0 + 41_000)).toBe(1000 + 2000 + 4000 + 8000 + 16_000 + 30_000 + 30_000);
  });
});
