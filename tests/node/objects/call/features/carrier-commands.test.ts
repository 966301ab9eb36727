// Carrier commands as a feature: each command goes out with its stored command id; one
// no longer wanted is not sent; a refusal the carrier may recover from is retried until
// the last try, and a dial refused for good ends the call as failed.
import { describe, expect, it } from "vitest";
import { LOCAL_EVENTS, type CarrierEvent } from "../../../../../objects/call/carrier-event";
import { carrierCommands } from "../../../../../objects/call/features/carrier-commands";
import { HANGUP_CONFIRM_MS, type CarrierCommand } from "../../../../../objects/call/features/carrier-commands/desired-commands";
import type { CallSituation, TaskOutcome } from "../../../../../objects/call/features/feature";
import { foldCall } from "../../../../../objects/call/machine";
import { event, hangup, spec, T0 } from "../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";

const directSpec = spec();
/** The command of that action the call wants in that situation. */
function wanted<Action extends CarrierCommand["action"]>(situation: CallSituation, action: Action): Extract<CarrierCommand, { action: Action }> {
  const command = carrierCommands.desiredTasks(situation).find((c): c is Extract<CarrierCommand, { action: Action }> => c.action === action);
  if (!command) throw new Error(`no ${action} wanted`);
  return command;
}
const dialCustomer = () => wanted(situationOf(directSpec, [], T0), "dial");
const answered = [event("call.initiated", 0), event("call.answered", 2)];
const eventsOf = (outcome: TaskOutcome): CarrierEvent[] => (outcome.kind === "retry" ? [] : (outcome.events ?? []));

describe("carrier commands", () => {
  it("sends a dial with its stored command id and notes that the carrier accepted it, transcribing from the answer", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 100));
    const outcome = await carrierCommands.runners.dial(dialCustomer(), contextOf(situationOf(directSpec, [], T0), ports, { commandId: "cmd-dial" }));
    expect(ports.sent).toEqual([{ command: dialCustomer(), commandId: "cmd-dial" }]);
    expect(outcome.kind).toBe("done");
    expect(eventsOf(outcome)).toEqual([
      expect.objectContaining({ type: LOCAL_EVENTS.dialAccepted, callControlId: "v3:customer", occurredAtMs: T0 + 100 }),
      expect.objectContaining({ type: LOCAL_EVENTS.transcribedFromAnswer, leg: "customer", occurredAtMs: T0 + 100 }),
    ]);
    // Folded, the call sends no transcription_start of its own once answered.
    const answeredLater = situationOf(directSpec, [...eventsOf(outcome), ...answered], T0 + 3000);
    expect(carrierCommands.desiredTasks(answeredLater).map((c) => c.action)).not.toContain("transcription_start");
  });

  it("a dial from an older build's task (no transcription asked) lands no transcription event, so transcription starts at the answer", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 100));
    const { transcribe: _asked, ...olderDial } = dialCustomer();
    const outcome = await carrierCommands.runners.dial(olderDial, contextOf(situationOf(directSpec, [], T0), ports));
    expect(eventsOf(outcome).map((e) => e.type)).toEqual([LOCAL_EVENTS.dialAccepted]);
    expect(carrierCommands.desiredTasks(situationOf(directSpec, [...eventsOf(outcome), ...answered], T0 + 3000)).map((c) => c.action)).toContain("transcription_start");
  });

  it("does not send a command the call no longer wants", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const hangingUp = [...answered, event(LOCAL_EVENTS.hangupRequested, 3)];
    const hangupCommand = wanted(situationOf(directSpec, hangingUp, T0 + 3000), "hangup");
    // The customer hung up first, before our hang-up went out.
    const over = situationOf(directSpec, [...hangingUp, hangup(4, "normal_clearing")], T0 + 4000);
    expect(await carrierCommands.runners.hangup(hangupCommand, contextOf(over, ports))).toEqual({ kind: "done", note: "no longer needed" });
    expect(ports.sent).toEqual([]);
  });

  it("retries a refusal the carrier may recover from, and fails the call when the last try is refused too", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.carrierAnswers = [{ kind: "retry", error: "503 busy" }, { kind: "retry", error: "503 busy" }];
    const situation = situationOf(directSpec, [], T0);
    expect(await carrierCommands.runners.dial(dialCustomer(), contextOf(situation, ports))).toEqual({ kind: "retry", error: "503 busy" });
    const last = await carrierCommands.runners.dial(dialCustomer(), contextOf(situation, ports, { attempts: 7, isLast: true }));
    expect(last).toMatchObject({ kind: "failed", error: "503 busy" });
    const record = foldCall(directSpec, eventsOf(last));
    expect(record.status).toBe("failed");
    expect(record.timeline.map((t) => t.text)).toContain("Carrier refused: 503 busy");
  });

  it("treats a command for a call the carrier already ended as done", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.carrierAnswers = [{ kind: "moot", error: "422 90018 call already ended" }];
    const situation = situationOf(directSpec, [...answered, event(LOCAL_EVENTS.hangupRequested, 3)], T0 + 3000);
    expect(await carrierCommands.runners.hangup(wanted(situation, "hangup"), contextOf(situation, ports))).toEqual({
      kind: "done",
      note: "422 90018 call already ended",
    });
  });

  it("closes the record itself when the carrier never confirms our hang-up, and wakes for it", () => {
    const hangupSentAtMs = T0 + 10_000;
    const situation = (nowMs: number): CallSituation => ({
      ...situationOf(directSpec, answered, nowMs),
      tasks: { state: () => null, lastDoneAtMs: (prefix) => (prefix === "hangup-" ? hangupSentAtMs : null) },
    });
    expect(carrierCommands.wakeAtMs?.(situation(hangupSentAtMs))).toBe(hangupSentAtMs + HANGUP_CONFIRM_MS);
    expect(carrierCommands.dueEvents?.(situation(hangupSentAtMs + HANGUP_CONFIRM_MS - 1))).toEqual([]);
    const due = carrierCommands.dueEvents?.(situation(hangupSentAtMs + HANGUP_CONFIRM_MS)) ?? [];
    expect(foldCall(directSpec, [...answered, ...due]).status).toBe("completed");
  });
});
