import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCall, durationSeconds, LOCAL_EVENTS } from "../../../../objects/call/machine";
import { amd, event, hangup, said, spec, T0 } from "./events";
import { agentReserved, dialAccepted } from "../../../../objects/call/local-events";
import { desiredCommands } from "../../../../objects/call/features/carrier-commands/desired-commands";
import { desiredPoolUpdates } from "../../../../objects/call/features/pool-updates/pool-tasks";
import { aiSpec } from "./features/ai-agent/ai-call";

describe("call state machine", () => {
  it("walks a live human call from ringing to completed, each step naming its event", () => {
    const events = [
      event("call.initiated", 0),
      event("call.answered", 9),
      amd(11, "human"),
      said(14, "Hello, who is this?"),
      hangup(60, "normal_clearing"),
    ];
    const record = foldCall(spec(), events);
    expect(record.status).toBe("completed");
    expect(record.amdResult).toBe("human");
    expect(record.timeline.filter((t) => t.status).map((t) => [t.status, t.eventId])).toEqual([
      ["ringing", events[0]!.id],
      ["answered", events[1]!.id],
      ["completed", events[4]!.id],
    ]);
    expect(record.transcript.map((s) => s.text)).toEqual(["Hello, who is this?"]);
    expect(durationSeconds(record)).toBe(51);
  });

  it("never rings again once answered, whatever time the carrier stamped on its ringing event", () => {
    // An independent carrier stamped call.initiated after call.answered.
    const events = [event("call.answered", 5), event("call.initiated", 6), amd(7, "human")];
    const record = foldCall(spec(), events);
    expect(record.status).toBe("answered");
    expect(record.timeline.filter((t) => t.status).map((t) => t.status)).toEqual(["answered"]);
    // A machine verdict still follows the answer, and the end still ends it.
    expect(foldCall(spec(), [event("call.answered", 5), event("call.initiated", 6), amd(7, "machine")]).status).toBe("machine");
    expect(foldCall(spec(), [...events, hangup(9, "normal_clearing")]).status).toBe("completed");
  });

  it.each([
    ["user_busy", "busy"],
    ["timeout", "no_answer"],
    ["not_found", "failed"],
    ["call_rejected", "failed"],
    ["originator_cancel", "canceled"],
  ])("a call never answered that ends with %s is %s", (cause, status) => {
    expect(foldCall(spec(), [event("call.initiated", 0), hangup(20, cause)]).status).toBe(status);
  });

  it("a machine or a fax is marked as such, and the call ends completed", () => {
    const machine = foldCall(spec(), [event("call.initiated", 0), event("call.answered", 5), amd(7, "machine")]);
    expect(machine.status).toBe("machine");
    const fax = foldCall(spec(), [event("call.initiated", 0), event("call.answered", 5), amd(7, "fax"), hangup(9, "normal_clearing", "customer", "caller")]);
    expect(fax).toMatchObject({ status: "completed", amdResult: "fax" });
  });

  it("a hang-up we asked for before the answer is a cancel, not a failure", () => {
    const record = foldCall(spec(), [
      event("call.initiated", 0),
      event(LOCAL_EVENTS.hangupRequested, 3),
      hangup(4, "normal_clearing", "customer", "caller"),
    ]);
    expect(record.status).toBe("canceled");
  });

  it("a bridge call is bridged only when the customer leg reports it", () => {
    const bridgeSpec = spec({ kind: "bridge", agentAddress: "sip:agent-1@agents.local", agentUserId: "u1" });
    const record = foldCall(bridgeSpec, [
      event("call.initiated", 0, "agent"),
      event("call.answered", 1, "agent"),
      event("call.initiated", 2),
      event("call.answered", 8),
      amd(10, "human"),
      event("call.bridged", 10.5),
      event("call.bridged", 10.5, "agent"),
    ]);
    expect(record.status).toBe("bridged");
    expect(record.bridgedAtMs).not.toBeNull();
  });

  it("an agent who never answers cancels the bridge call before the customer is dialed", () => {
    const bridgeSpec = spec({ kind: "bridge", agentAddress: "sip:agent-1@agents.local", agentUserId: "u1" });
    const record = foldCall(bridgeSpec, [event("call.initiated", 0, "agent"), hangup(20, "timeout", "agent")]);
    expect(record.status).toBe("canceled");
  });

  it("a refused dial fails the call with the carrier's reason on the timeline", () => {
    const record = foldCall(spec(), [event(LOCAL_EVENTS.commandFailed, 0, "customer", { payload: { detail: "invalid number" } })]);
    expect(record.status).toBe("failed");
    expect(record.timeline.map((t) => t.text)).toContain("Carrier refused: invalid number");
  });

  it("an accepted dial makes the leg ring without writing the timeline: the carrier's events do that", () => {
    const accepted = event(LOCAL_EVENTS.dialAccepted, 0);
    const record = foldCall(spec(), [accepted]);
    expect(record.legs.customer.state).toBe("ringing");
    expect(record.status).toBe("initiating");
    const initiated = event("call.initiated", 0.2);
    expect(foldCall(spec(), [accepted, initiated]).timeline).toEqual([expect.objectContaining({ status: "ringing", eventId: initiated.id })]);
  });

  it("late events never move a finished call backwards", () => {
    const events = [event("call.initiated", 0), event("call.answered", 5), hangup(30, "normal_clearing")];
    const late = event("call.bridged", 40);
    expect(foldCall(spec(), [...events, late]).status).toBe("completed");
  });

  it("gives the same record for the same events in any order and any multiplicity", () => {
    const events = [
      event("call.initiated", 0),
      event("call.answered", 9),
      amd(11, "human"),
      said(12, "Hi"),
      said(12, "I can pay on Friday", "inbound"),
      said(13, "Thank you", "outbound"),
      event("call.recording.saved", 59, "customer", { recording: { url: "http://sim/r.wav", startedAtMs: 1, endedAtMs: 2 } }),
      hangup(60, "normal_clearing"),
    ];
    const expected = foldCall(spec(), events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 10 }),
        (shuffled, duplicateIndexes) => {
          const delivered = [...shuffled, ...duplicateIndexes.map((i) => events[i]!)];
          expect(foldCall(spec(), delivered)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("an AI call's agent legs, one per takeover (generations)", () => {
  const FIRST = { userId: "44444444-4444-4444-8444-444444444444", address: "sip:first@test", name: "Grace" };
  const SECOND = { userId: "66666666-6666-4666-8666-666666666666", address: "sip:second@test", name: "Olga" };
  const second = { agentGeneration: 2, callControlId: "v3:agent-2" };
  const firstLeg = [agentReserved(T0 + 10_000, FIRST), dialAccepted("agent", T0 + 10_000, "v3:agent"), event("call.answered", 12, "agent"), event("call.bridged", 13), event("call.bridged", 13, "agent")];
  const secondReserved = [agentReserved(T0 + 50_000, SECOND, 2), dialAccepted("agent", T0 + 50_000, "v3:agent-2", 2)];
  const secondLeg = [...secondReserved, event("call.answered", 52, "agent", second), event("call.bridged", 53, "agent", second), event("call.bridged", 53)];

  it("keeps the newest leg whatever order the events arrive in, twice or late (the first leg's hang-up after the second began)", () => {
    for (const firstHangupAt of [40, 51, 60]) {
      const events = [event("call.answered", 1), ...firstLeg, hangup(firstHangupAt, "normal_clearing", "agent"), ...secondLeg];
      const expected = foldCall(aiSpec(), events);
      expect(expected.agentGeneration).toBe(2);
      expect(expected.legs.agent).toMatchObject({ callControlId: "v3:agent-2", state: "bridged" });
      expect(expected.assignedAgent?.userId).toBe(SECOND.userId);
      expect(expected.earlierAgents).toEqual([{ generation: 1, userId: FIRST.userId }]);
      expect(expected.timeline.map((entry) => entry.text)).toContain("Agent leg ended (normal_clearing)");
      fc.assert(
        fc.property(
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 6 }),
          (shuffled, duplicateIndexes) => {
            expect(foldCall(aiSpec(), [...shuffled, ...duplicateIndexes.map((i) => events[i]!)])).toEqual(expected);
          },
        ),
        { numRuns: 150 },
      );
    }
  });

  it("dials and bridges the new leg under its own command names, and tells the pool of every person who held the call", () => {
    const handedBack = [event("call.answered", 1), ...firstLeg, hangup(40, "normal_clearing", "agent")];
    const reserved = foldCall(aiSpec(), [...handedBack, ...secondReserved]);
    const dial = desiredCommands(aiSpec(), reserved, T0 + 50_000).find((command) => command.action === "dial");
    expect(dial).toMatchObject({ name: "dial-agent-g2", leg: "agent", to: SECOND.address, agentGeneration: 2 });
    // The customer is still bridged from the first leg: the new leg's own answer is what the bridge waits for.
    expect(desiredCommands(aiSpec(), reserved, T0 + 50_000).some((command) => command.action === "bridge")).toBe(false);
    const answered = foldCall(aiSpec(), [...handedBack, ...secondReserved, event("call.answered", 52, "agent", second)]);
    expect(desiredCommands(aiSpec(), answered, T0 + 52_000).find((command) => command.action === "bridge")).toMatchObject({
      name: "bridge-g2",
      callControlId: "v3:customer",
      otherCallControlId: "v3:agent-2",
    });
    const bridged = foldCall(aiSpec(), [...handedBack, ...secondLeg]);
    expect(desiredCommands(aiSpec(), bridged, T0 + 53_000).some((command) => command.action === "bridge")).toBe(false);
    // The first person was freed when their leg ended (the hand-back), not when the call ends.
    expect(desiredPoolUpdates(aiSpec(), foldCall(aiSpec(), [event("call.answered", 1), ...firstLeg])).map((task) => task.name)).toEqual(["pool-call-started"]);
    expect(desiredPoolUpdates(aiSpec(), foldCall(aiSpec(), handedBack)).map((task) => `${task.name} ${task.userId}`)).toEqual([`pool-call-started ${FIRST.userId}`, `pool-call-ended ${FIRST.userId}`]);
    expect(desiredPoolUpdates(aiSpec(), bridged).map((task) => `${task.name} ${task.userId}`)).toEqual([
      `pool-call-started ${FIRST.userId}`,
      `pool-call-ended ${FIRST.userId}`,
      `pool-call-started-g2 ${SECOND.userId}`,
    ]);
    const over = foldCall(aiSpec(), [...handedBack, ...secondLeg, hangup(90, "normal_clearing")]);
    expect(desiredPoolUpdates(aiSpec(), over).filter((task) => task.change === "ended").map((task) => `${task.name} ${task.userId}`)).toEqual([
      `pool-call-ended ${FIRST.userId}`,
      `pool-call-ended-g2 ${SECOND.userId}`,
    ]);
  });
});
