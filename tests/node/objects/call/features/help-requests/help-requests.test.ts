// Raise hand: the agent on a live call asks for a supervisor with a reason. The hand is up
// until a supervisor asks to join (at or after it), the agent withdraws it, a later raise
// replaces it, or the call is over, whatever order the events arrive in; the pool hears of the raise and of the
// clear once each (the clear never overtakes the raise); the timeline names it.
import { describe, expect, it } from "vitest";
import type { CarrierEvent, Supervisor } from "../../../../../../objects/call/carrier-event";
import { toCallView } from "../../../../../../objects/call/call-view";
import { helpRequests } from "../../../../../../objects/call/features/help-requests";
import { decideRaise, decideWithdraw, foldHelpRequests, openHelpRequest } from "../../../../../../objects/call/features/help-requests/help-state";
import { desiredHelpTasks, type HelpTask } from "../../../../../../objects/call/features/help-requests/help-tasks";
import { foldSupervision } from "../../../../../../objects/call/features/supervision/session-machine";
import { helpRequested, helpWithdrawn, supervisionRequested } from "../../../../../../objects/call/local-events";
import { foldCall } from "../../../../../../objects/call/machine";
import { event, hangup, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";

const bridgeSpec = spec({ kind: "bridge", agentUserId: "agent-1", agentAddress: "sip:agent-agent-1@agents.test" });
const sam: Supervisor = { userId: "sup-1", name: "Sam Supervisor", address: "sip:agent-sup-1@agents.test" };
const talking: CarrierEvent[] = [
  event("call.initiated", 0, "agent"),
  event("call.answered", 1, "agent"),
  event("call.initiated", 2, "customer"),
  event("call.answered", 5, "customer"),
  event("call.bridged", 6, "customer"),
  event("call.bridged", 6, "agent"),
];
const raise = (atSecond: number, requestId: string, reason = "Customer wants a manager") => helpRequested(T0 + atSecond * 1000, { requestId, reason, agentUserId: "agent-1" });
const withdraw = (atSecond: number, requestId: string) => helpWithdrawn(T0 + atSecond * 1000, requestId, "agent-1");
const join = (atSecond: number) => supervisionRequested(T0 + atSecond * 1000, { requestId: `join-${atSecond}`, sessionId: "session-1", supervisor: sam, mode: "monitor", visibleToAgent: true });
const hands = (events: CarrierEvent[]) => foldHelpRequests(events, foldCall(bridgeSpec, events));
const open = (events: CarrierEvent[]) => openHelpRequest(hands(events));

describe("a raised hand", () => {
  it("is up from the raise, with its reason, on the call's view and timeline", () => {
    const events = [...talking, raise(10, "r1")];
    expect(open(events)).toMatchObject({ requestId: "r1", reason: "Customer wants a manager", agentUserId: "agent-1", raisedAtMs: T0 + 10_000 });
    const view = toCallView(bridgeSpec, foldCall(bridgeSpec, events), foldSupervision(events), "agent", { hands: hands(events) });
    expect(view.helpRequest).toEqual({ requestId: "r1", reason: "Customer wants a manager", raisedAt: new Date(T0 + 10_000).toISOString(), agentUserId: "agent-1" });
    expect(view.timeline.find((entry) => entry.text === "Raised a hand: Customer wants a manager")).toMatchObject({ agentUserId: "agent-1" });
  });

  it("comes down when a supervisor joins after it, in whatever order the events arrive", () => {
    const events = [...talking, raise(10, "r1"), join(14)];
    expect(open(events)).toBeNull();
    expect(open([...events].reverse())).toBeNull();
    expect(hands(events)[0]).toMatchObject({ open: false, answeredBy: "Sam Supervisor" });
  });

  it("stays up when the supervisor had joined before it was raised", () => {
    expect(open([...talking, join(8), raise(10, "r1")])?.requestId).toBe("r1");
  });

  it("is replaced by a later raise, and comes down at the call's end", () => {
    const twice = [...talking, raise(10, "r1"), raise(20, "r2", "Dispute over the amount")];
    expect(open(twice)).toMatchObject({ requestId: "r2", reason: "Dispute over the amount" });
    expect(hands(twice).map((hand) => hand.open)).toEqual([false, true]);
    expect(open([...twice, hangup(30, "normal_clearing")])).toBeNull();
  });

  it("may be raised only by the call's agent, only while the call is live", () => {
    const live = foldCall(bridgeSpec, talking);
    expect(decideRaise(live, "agent-1", "AGENT-1")).toEqual({ kind: "raise" });
    expect(decideRaise(live, "agent-1", "agent-2")).toMatchObject({ kind: "refused", reason: "not_the_agent" });
    expect(decideRaise(foldCall(bridgeSpec, [...talking, hangup(30, "normal_clearing")]), "agent-1", "agent-1")).toMatchObject({ kind: "refused", reason: "call_over" });
  });
});

describe("a withdrawn hand", () => {
  it("comes down when the agent withdraws it, in whatever order the events arrive, and the timeline says so", () => {
    const events = [...talking, raise(10, "r1"), withdraw(12, "r1")];
    expect(open(events)).toBeNull();
    expect(open([...events].reverse())).toBeNull();
    // Withdrawn in the same millisecond it was raised: still down.
    expect(open([...talking, withdraw(10, "r1"), raise(10, "r1")])).toBeNull();
    expect(hands(events)[0]).toMatchObject({ open: false, withdrawn: true, answeredBy: null });
    const view = toCallView(bridgeSpec, foldCall(bridgeSpec, events), foldSupervision(events), "agent", { hands: hands(events) });
    expect(view.helpRequest).toBeNull();
    expect(view.timeline.map((entry) => entry.text)).toEqual(expect.arrayContaining(["Raised a hand: Customer wants a manager", "Withdrew the raised hand"]));
    expect(view.timeline.find((entry) => entry.text === "Withdrew the raised hand")).toMatchObject({ agentUserId: "agent-1" });
  });

  it("takes back only its own raise: a later raise stays up, and a supervisor joining afterwards answers nothing", () => {
    expect(open([...talking, raise(10, "r1"), withdraw(12, "r1"), raise(20, "r2", "Dispute over the amount")])?.requestId).toBe("r2");
    expect(hands([...talking, raise(10, "r1"), withdraw(12, "r1"), join(14)])[0]).toMatchObject({ withdrawn: true, answeredBy: null });
  });

  it("may be withdrawn only by the call's agent, only while the call is live; with nothing up there is nothing to take back", () => {
    const events = [...talking, raise(10, "r1")];
    const live = foldCall(bridgeSpec, events);
    expect(decideWithdraw(live, hands(events), "agent-1", "AGENT-1")).toMatchObject({ kind: "withdraw", hand: { requestId: "r1" } });
    expect(decideWithdraw(live, hands(events), "agent-1", "agent-2")).toMatchObject({ kind: "refused", reason: "not_the_agent" });
    expect(decideWithdraw(foldCall(bridgeSpec, talking), [], "agent-1", "agent-1")).toEqual({ kind: "none_up" });
    const answered = [...events, join(14)];
    expect(decideWithdraw(foldCall(bridgeSpec, answered), hands(answered), "agent-1", "agent-1")).toEqual({ kind: "none_up" });
    const over = [...events, hangup(30, "normal_clearing")];
    expect(decideWithdraw(foldCall(bridgeSpec, over), hands(over), "agent-1", "agent-1")).toMatchObject({ kind: "refused", reason: "call_over" });
  });
});

describe("what the pool is told", () => {
  const tasks = (events: CarrierEvent[]) => desiredHelpTasks(hands(events)).map((task) => task.name);

  it("the raise while the hand is up, then the clear once it came down", () => {
    expect(tasks([...talking, raise(10, "r1")])).toEqual(["help-raised-r1"]);
    expect(tasks([...talking, raise(10, "r1"), join(14)])).toEqual(["help-raised-r1", "help-cleared-r1"]);
    expect(tasks([...talking, raise(10, "r1"), withdraw(12, "r1")])).toEqual(["help-raised-r1", "help-cleared-r1"]);
  });

  it("sends the raise with its reason, and holds the clear back until the raise reached the pool", async () => {
    const events = [...talking, raise(10, "r1"), join(14)];
    const [raised, cleared] = desiredHelpTasks(hands(events)) as [HelpTask, HelpTask];
    const ports = new FakePorts(new FakeClock(T0 + 15_000));
    const waiting = await helpRequests.runners.help_update(cleared, contextOf(situationOf(bridgeSpec, events, T0 + 15_000, { "help-raised-r1": "pending" }), ports));
    expect(waiting.kind).toBe("retry");
    expect(ports.poolCalls).toEqual([]);
    expect((await helpRequests.runners.help_update(raised, contextOf(situationOf(bridgeSpec, events, T0 + 15_000), ports))).kind).toBe("done");
    expect((await helpRequests.runners.help_update(cleared, contextOf(situationOf(bridgeSpec, events, T0 + 16_000, { "help-raised-r1": "done" }), ports))).kind).toBe("done");
    expect(ports.poolCalls).toEqual(["help raised r1: Customer wants a manager", "help cleared r1"]);
  });
});
