// The call's named timers as plain code: a live call always has a heartbeat, an ended one
// wakes only for what is still owed (a retry, a feature's own timer), never to idle.
import { describe, expect, it } from "vitest";
import { callTimers, HEARTBEAT_MS, HEARTBEAT_STEP_MS } from "../../../../objects/call/call-timers";
import { soonestAlarm } from "../../../../objects/shared/durable";
import { event, hangup, spec, T0 } from "./events";
import { situationOf } from "./fake-ports";

const nothingWaiting = { taskRetryAtMs: null, outboxRetryAtMs: null };
const ringing = [event("call.initiated", 0)];
const ended = [event("call.initiated", 0), event("call.answered", 5), hangup(40, "normal_clearing")];

describe("a call's timers", () => {
  it("looks at a live call again within a heartbeat even when nothing is due", () => {
    const nowMs = T0 + 1000;
    const timers = callTimers(situationOf(spec(), ringing, nowMs), nothingWaiting);
    expect(timers.heartbeat).toBeLessThanOrEqual(nowMs + HEARTBEAT_MS);
    expect(timers.heartbeat).toBeGreaterThan(nowMs + HEARTBEAT_MS - HEARTBEAT_STEP_MS);
    expect(soonestAlarm(timers, nowMs)?.atMs).toBeLessThanOrEqual(nowMs + HEARTBEAT_MS);
  });

  it("asks for the same heartbeat on every pass within a step, so the alarm is not rewritten per event", () => {
    const stepStart = Math.ceil(T0 / HEARTBEAT_STEP_MS) * HEARTBEAT_STEP_MS;
    const heartbeatAt = (nowMs: number) => callTimers(situationOf(spec(), ringing, nowMs), nothingWaiting).heartbeat;
    expect(heartbeatAt(stepStart + 10)).toBe(heartbeatAt(stepStart + HEARTBEAT_STEP_MS - 1));
    expect(heartbeatAt(stepStart + HEARTBEAT_STEP_MS)).toBe(heartbeatAt(stepStart)! + HEARTBEAT_STEP_MS);
  });

  it("lets an ended call sleep once nothing is owed", () => {
    const nowMs = T0 + 41_000;
    const timers = callTimers(situationOf(spec(), ended, nowMs), nothingWaiting);
    expect(timers.heartbeat).toBeNull();
    expect(soonestAlarm(timers, nowMs)).toBeNull();
  });

  it("wakes an ended call for a task or outbox retry, whichever is sooner, naming it", () => {
    const nowMs = T0 + 41_000;
    const timers = callTimers(situationOf(spec(), ended, nowMs), { taskRetryAtMs: nowMs + 4000, outboxRetryAtMs: nowMs + 2000 });
    expect(soonestAlarm(timers, nowMs)).toEqual({ name: "outboxRetry", atMs: nowMs + 2000 });
  });

  it("carries each feature's own wake time under the feature's name", () => {
    const timers = callTimers(situationOf(spec(), ringing, T0 + 1000), nothingWaiting);
    expect(Object.keys(timers)).toEqual(expect.arrayContaining(["carrierCommands", "dialer", "poolUpdates", "recordingCopy", "taskRetry", "outboxRetry", "heartbeat"]));
  });
});
