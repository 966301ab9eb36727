// A call waiting in a queue, as its feature plans it and its runners answer (fake pool,
// fake clock): answered at once, its place and expected wait said on joining and every
// 30 s, a new standing noted on the timeline, the agent the pool reserved dialled and
// bridged, a hang-up in line a queue abandon with its wait, the overflow message then
// the hang-up, a voicemail that waits for the caller's message, and why the caller may be
// calling on the agent's card.
import { describe, expect, it } from "vitest";
import type { CallSpec } from "../../../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import { desiredCommands } from "../../../../../../objects/call/features/carrier-commands/desired-commands";
import { queue } from "../../../../../../objects/call/features/queue";
import { queueEvent } from "../../../../../../objects/call/features/queue/queue-events";
import { desiredQueueTasks, IVR_HANDOVER_MAX_WAIT_MS, type QueueTask } from "../../../../../../objects/call/features/queue/queue-tasks";
import { foldQueueWait } from "../../../../../../objects/call/features/queue/queue-wait";
import { OVERFLOW_CALLBACK_CONFIRMATION } from "../../../../../../objects/call/features/queue/queue-callback";
import { queueCallerSettingsOf } from "../../../../../../objects/call/features/queue/queue-spec";
import { desiredIvrTasks } from "../../../../../../objects/call/features/ivr/ivr-tasks";
import { ivrCallView } from "../../../../../../objects/call/features/ivr/ivr-progress";
import { DEFAULT_IVR_SETTINGS } from "../../../../../../domain/ivr-settings";
import { QUEUE_DEFAULTS } from "../../../../../../domain/inbound-queues";
import { foldCall } from "../../../../../../objects/call/machine";
import { toCallView } from "../../../../../../objects/call/call-view";
import { foldSupervision } from "../../../../../../objects/call/features/supervision/session-machine";
import { event, hangup, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";

const queueSpec = (): CallSpec =>
  spec({
    kind: "inbound",
    direction: "inbound",
    to: "+15550009999",
    from: "+15557770001",
    inbound: { action: "queue", message: "", customerCallControlId: "v3:customer" },
    queue: { queueId: "q1", holdMessage: "Thank you for holding.", overflowMessage: "All our agents are busy.", joined: { position: 3, expectedWaitSeconds: 150 } },
  });

const ringing = () => [event("call.initiated", 0)];
const answered = () => [...ringing(), event("call.answered", 1)];
const names = (tasks: QueueTask[]) => tasks.map((t) => t.name);
const spoken = (tasks: QueueTask[]) => tasks.flatMap((t) => (t.action === "queue_command" && t.command.action === "speak" ? [t.command.text] : []));

async function runTask(name: string, s: CallSpec, events: CarrierEvent[], nowMs: number, ports: FakePorts, states = {}) {
  const situation = situationOf(s, events, nowMs, states);
  const task = desiredQueueTasks(situation).find((t) => t.name === name);
  if (!task) throw new Error(`${name} is not wanted`);
  ports.clock.nowMs = nowMs;
  const run = queue.runners[task.action] as (task: QueueTask, context: ReturnType<typeof contextOf>) => ReturnType<(typeof queue.runners)["queue_turn"]>;
  return run(task, contextOf(situation, ports));
}

describe("a call waiting in a queue", () => {
  it("is answered at once, notes the join, and says its place and expected wait with the hold message", () => {
    const s = queueSpec();
    const commands = desiredCommands(s, foldCall(s, ringing()), T0 + 500).map((c) => c.name);
    expect(commands).toContain("answer-customer");
    expect(commands).not.toContain("dial-agent");
    const [joined] = queue.dueEvents!(situationOf(s, answered(), T0 + 1000));
    expect(joined).toMatchObject({ type: "wib.queue", queue: { kind: "joined", position: 3, expectedWaitSeconds: 150 } });
    const events = [...answered(), joined!];
    expect(queue.dueEvents!(situationOf(s, events, T0 + 1000))).toEqual([]);
    const tasks = desiredQueueTasks(situationOf(s, events, T0 + 1000));
    expect(names(tasks)).toEqual(["queue-turn-0", "queue-announce-0"]);
    expect(spoken(tasks)).toEqual(["You are number 3 in line. Your expected wait is about 3 minutes. Thank you for holding."]);
    expect(foldCall(s, events).timeline.map((line) => line.text)).toContain("Queue: joined at position 3 (expected wait 150 s)");
  });

  it("shows the agent's call card why the caller may be calling, as read when they joined; nothing when nothing is known", () => {
    const reasons = [{ kind: "returning_call" as const, text: "Returning a call from campaign Arrears on Dec 4 (a voicemail was left)" }];
    const base = queueSpec();
    const s: CallSpec = { ...base, queue: { ...base.queue!, reasons } };
    expect(toCallView(s, foldCall(s, answered()), foldSupervision(answered()), "agent").whyCalling).toEqual(reasons);
    expect(toCallView(base, foldCall(base, answered()), foldSupervision(answered()), "agent").whyCalling).toBeUndefined();
  });

  it("says it again every 30 s by its own timer, only the latest after a gap", () => {
    const s = queueSpec();
    const events = answered();
    expect(queue.wakeAtMs!(situationOf(s, events, T0 + 1000))).toBe(T0 + 30_000);
    expect(names(desiredQueueTasks(situationOf(s, events, T0 + 30_000)))).toContain("queue-announce-1");
    expect(names(desiredQueueTasks(situationOf(s, events, T0 + 95_000)))).toEqual(["queue-turn-0", "queue-announce-3"]);
    expect(queue.wakeAtMs!(situationOf(s, events, T0 + 95_000))).toBe(T0 + 120_000);
  });

  it("asks the pool less often the further back the caller is (each second at the head); a standing told differently goes on the timeline and is what is said next", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    // Third in line: asked again in 3 s; a wait that moved within what is said ("about 3 minutes") records nothing.
    ports.queueTurns.push({ kind: "waiting", position: 3, expectedWaitSeconds: 150 }, { kind: "waiting", position: 3, expectedWaitSeconds: 170 }, { kind: "waiting", position: 1, expectedWaitSeconds: 40 });
    const same = await runTask("queue-turn-0", s, answered(), T0 + 2000, ports);
    expect(same).toEqual({ kind: "retry", error: "still waiting", atMs: T0 + 5000 });
    expect(await runTask("queue-turn-0", s, answered(), T0 + 5000, ports)).toEqual({ kind: "retry", error: "still waiting", atMs: T0 + 8000 });
    const moved = await runTask("queue-turn-0", s, answered(), T0 + 8000, ports);
    expect(moved.kind).toBe("done");
    const events = [...answered(), ...(moved.kind === "done" ? (moved.events ?? []) : [])];
    expect(foldCall(s, events).timeline.map((line) => line.text)).toContain("Queue: now position 1 (expected wait 40 s)");
    const tasks = desiredQueueTasks(situationOf(s, events, T0 + 30_000));
    expect(names(tasks)).toContain("queue-turn-1");
    expect(spoken(tasks)).toEqual(["You are next in line. Your expected wait is less than a minute. Thank you for holding."]);
  });

  it("on its turn takes the reserved agent: dialled and bridged as a ring-agent call, the hold speech stopped, no more polls", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "agent", agent: { userId: "agent-1", address: "sip:agent-1@sip.test", name: null } });
    const outcome = await runTask("queue-turn-0", s, answered(), T0 + 12_000, ports);
    const events = [...answered(), ...(outcome.kind === "done" ? (outcome.events ?? []) : [])];
    const record = foldCall(s, events);
    expect(record.assignedAgent).toMatchObject({ userId: "agent-1", address: "sip:agent-1@sip.test" });
    expect(record.timeline.map((line) => line.text)).toContain("Queue: answered after 12 s");
    expect(desiredCommands(s, record, T0 + 12_000)).toContainEqual(expect.objectContaining({ name: "dial-agent", to: "sip:agent-1@sip.test" }));
    const tasks = desiredQueueTasks(situationOf(s, events, T0 + 12_000, { "queue-announce-0": "done" }));
    expect(names(tasks)).toEqual(["queue-hold-stop"]);
    const bridged = [...events, event("call.initiated", 13, "agent", { callControlId: "v3:agent" }), event("call.answered", 14, "agent", { callControlId: "v3:agent" })];
    expect(desiredCommands(s, foldCall(s, bridged), T0 + 14_000).map((c) => c.name)).toContain("bridge");
  });

  it("a caller who hangs up in line is a queue abandon with their wait, told to the pool once", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    ports.abandonWaitSeconds = 41;
    const events = [...answered(), hangup(42, "normal_clearing")];
    expect(names(desiredQueueTasks(situationOf(s, events, T0 + 42_000)))).toEqual(["queue-leave"]);
    const outcome = await runTask("queue-leave", s, events, T0 + 42_000, ports);
    expect(ports.poolCalls).toEqual([`left q1 ${s.id}`]);
    const after = [...events, ...(outcome.kind === "done" ? (outcome.events ?? []) : [])];
    expect(after.at(-1)).toMatchObject({ type: "wib.queue", queue: { kind: "abandoned", waitSeconds: 41 } });
    expect(foldCall(s, after).timeline.map((line) => line.text)).toContain("Queue: caller hung up after waiting 41 s (queue abandon)");
    expect(desiredQueueTasks(situationOf(s, after, T0 + 43_000)).filter((t) => t.name !== "queue-leave")).toEqual([]);
  });

  it("past the longest wait says the overflow message, then hangs up once it has been heard", () => {
    const s = queueSpec();
    const events = [...answered(), queueEvent("overflowed", T0 + 20_000, { kind: "overflowed" })];
    const tasks = desiredQueueTasks(situationOf(s, events, T0 + 20_000));
    expect(spoken(tasks)).toEqual(["All our agents are busy."]);
    const said = { "queue-announce-0": "done" as const, "queue-overflow-message": "done" as const };
    expect(queue.dueEvents!(situationOf(s, [...events, queueEvent("joined", T0, { kind: "joined", queueId: "q1", position: 3, expectedWaitSeconds: 150 }), event("call.speak.ended", 5)], T0 + 21_000, said))).toEqual([]);
    const heard = [...events, queueEvent("joined", T0, { kind: "joined", queueId: "q1", position: 3, expectedWaitSeconds: 150 }), event("call.speak.ended", 5), event("call.speak.ended", 22)];
    expect(queue.dueEvents!(situationOf(s, heard, T0 + 22_000, said)).map((e) => e.type)).toEqual(["wib.hangup.requested"]);
  });
});

describe("a voicemail (a closed queue's action)", () => {
  it("says the greeting, records, and waits for the caller's message instead of hanging up after the greeting; cut off after 120 s", () => {
    const s = spec({ kind: "inbound", direction: "inbound", to: "+15550009999", from: "+15557770001", inbound: { action: "message", message: "Leave a message.", customerCallControlId: "v3:customer", voicemail: true } });
    const greeted = [...answered(), event("call.speak.ended", 4)];
    const commands = desiredCommands(s, foldCall(s, greeted), T0 + 5000).map((c) => c.name);
    expect(commands).toEqual(expect.arrayContaining(["record_start-customer", "speak-message"]));
    expect(commands).not.toContain("hangup-customer");
    expect(desiredCommands(s, foldCall(s, greeted), T0 + 121_000).map((c) => c.name)).toContain("hangup-customer");
    const plain = { ...s, inbound: { ...s.inbound!, voicemail: false } };
    expect(desiredCommands(plain, foldCall(plain, greeted), T0 + 5000).map((c) => c.name)).toContain("hangup-customer");
  });

  it("moved by a supervisor, asks the new queue for its turn with a fresh series of polls and says its hold message", () => {
    const s = queueSpec();
    const moved = [...answered(), queueEvent("moved:a", T0 + 5_000, { kind: "moved", queueId: "q2", holdMessage: "Spanish desk, please hold." })];
    const tasks = desiredQueueTasks(situationOf(s, moved, T0 + 31_000, { "queue-turn-0": "done" }));
    expect(tasks.filter((t) => t.action === "queue_turn")).toEqual([{ name: "queue-turn-m1-0", action: "queue_turn", queueId: "q2", update: 0 }]);
    expect(spoken(tasks)[0]).toContain("Spanish desk, please hold.");
    expect(foldCall(s, moved).timeline.map((line) => line.text)).toContain("Queue: moved to another queue by a supervisor");
    // A hang-up now is an abandon of the queue they wait in.
    const gone = [...moved, hangup(40, "normal_clearing")];
    expect(desiredQueueTasks(situationOf(s, gone, T0 + 40_000))).toEqual([{ name: "queue-leave", action: "queue_leave", queueId: "q2" }]);
  });

});

describe("a waiting caller past the longest wait, by the queue's overflow action", () => {
  it("another queue: the pool moved them there keeping their wait; the call asks that queue from now on and says its hold message", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "moved", queueId: "q2", holdMessage: "The overflow desk thanks you for holding." });
    const events = answered();
    const moved = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 300_000, ports)) as { events: CarrierEvent[] }).events];
    expect(foldCall(s, moved).timeline.map((line) => line.text)).toContain("Queue: waited past the queue's longest wait; moved to the overflow queue, keeping their wait");
    const tasks = desiredQueueTasks(situationOf(s, moved, T0 + 301_000, { "queue-turn-0": "done" }));
    expect(tasks.filter((t) => t.action === "queue_turn")).toEqual([{ name: "queue-turn-m1-0", action: "queue_turn", queueId: "q2", update: 0 }]);
    expect(spoken(tasks).join(" ")).toContain("The overflow desk thanks you for holding.");
    // Still waiting: no overflow message, no hang-up.
    expect(spoken(tasks)).not.toContain("All our agents are busy.");
    expect(queue.dueEvents!(situationOf(s, moved, T0 + 301_000)).map((e) => e.type)).not.toContain("wib.hangup.requested");
  });

  it("voicemail: the greeting, then the line kept open (the call is recorded) for their message, hung up after 120 s", async () => {
    const s = { ...queueSpec(), queue: { ...queueSpec().queue!, overflowMessage: "Please leave a message after the tone.", overflowVoicemail: true } };
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "overflowed" });
    const events = [...answered(), queueEvent("joined", T0, { kind: "joined", queueId: "q1", position: 3, expectedWaitSeconds: 150 })];
    const over = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 300_000, ports)) as { events: CarrierEvent[] }).events];
    expect(foldCall(s, over).timeline.map((line) => line.text)).toContain("Queue: waited past the queue's longest wait; voicemail");
    expect(spoken(desiredQueueTasks(situationOf(s, over, T0 + 300_000)))).toEqual(["Please leave a message after the tone."]);
    // The greeting heard: the caller speaks, nothing hangs up on them.
    const said = { "queue-announce-0": "done" as const, "queue-overflow-message": "done" as const };
    const greeted = [...over, event("call.speak.ended", 5), event("call.speak.ended", 305)];
    expect(queue.dueEvents!(situationOf(s, greeted, T0 + 306_000, said))).toEqual([]);
    expect(queue.wakeAtMs!(situationOf(s, greeted, T0 + 306_000, said))).toBe(T0 + 300_000 + 120_000);
    expect(queue.dueEvents!(situationOf(s, greeted, T0 + 420_000, said)).map((e) => e.type)).toEqual(["wib.hangup.requested"]);
  });
});

/** A queue's caller with the organisation's IVR ready, should their wait overflow to it. */
const withIvr = (settings: Partial<NonNullable<CallSpec["queue"]>> = {}): CallSpec => ({
  ...queueSpec(),
  queue: { ...queueSpec().queue!, ...settings },
  ivr: { language: "en", prompts: DEFAULT_IVR_SETTINGS.prompts.en!, paymentHoldMs: 300_000, account: { id: "acct-1", debtId: null, balanceCents: 84_216 }, sendTo: "+15557770001", startsOn: "queue_overflow" },
});
const prompts = (s: CallSpec, events: CarrierEvent[], nowMs: number) =>
  desiredIvrTasks(situationOf(s, events, nowMs)).flatMap((t) => (t.action === "ivr_command" && t.command.action === "gather_using_speak" ? [t.command.text] : []));

describe("a waiting caller the queue overflows to the IVR menu or to a callback", () => {
  it("the IVR: leaves the line, hears no overflow message, and once the wait's words are over hears the menu and keys a choice", async () => {
    const s = withIvr({ overflowTo: "ivr" });
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "overflowed" });
    const events = [...answered(), queueEvent("joined", T0, { kind: "joined", queueId: "q1", position: 3, expectedWaitSeconds: 150 })];
    // Waiting, the IVR is quiet: nothing said, no step on the agent's card.
    expect(prompts(s, events, T0 + 1000)).toEqual([]);
    expect(ivrCallView(s, events)).toBeNull();
    const over = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 300_000, ports)) as { events: CarrierEvent[] }).events];
    expect(over.at(-1)).toMatchObject({ queue: { kind: "overflowed", to: "ivr" } });
    expect(foldCall(s, over).timeline.map((line) => line.text)).toContain("Queue: waited past the queue's longest wait; the IVR menu");
    expect(spoken(desiredQueueTasks(situationOf(s, over, T0 + 300_000)))).toEqual([]);
    // The first announcement is still being said: no menu yet (a key now is not a menu choice).
    const said = { "queue-announce-0": "done" as const };
    expect(queue.dueEvents!(situationOf(s, over, T0 + 300_500, said))).toEqual([]);
    expect(queue.wakeAtMs!(situationOf(s, over, T0 + 300_500, said))).toBe(T0 + 300_000 + IVR_HANDOVER_MAX_WAIT_MS);
    const quiet = [...over, event("call.speak.ended", 8)];
    const [handover] = queue.dueEvents!(situationOf(s, quiet, T0 + 301_000, said));
    expect(handover).toMatchObject({ queue: { kind: "ivr_handover" } });
    const inIvr = [...quiet, handover!];
    expect(queue.dueEvents!(situationOf(s, inIvr, T0 + 301_000, said)).map((e) => e.type)).not.toContain("wib.hangup.requested");
    const [menu] = prompts(s, inIvr, T0 + 301_000);
    expect(menu).toContain(DEFAULT_IVR_SETTINGS.prompts.en!.greeting);
    expect(menu).toContain("To hear your balance, press 2.");
    // They press 2: their balance, and the menu again.
    const keyed = [...inIvr, { ...event("call.gather.ended", 320), digits: "2" } as CarrierEvent];
    expect(prompts(s, keyed, T0 + 321_000)[0]).toContain("$842.16");
    // The queue's own callback key is not read from the menu's keys.
    expect(foldQueueWait(s, [...inIvr, { ...event("call.gather.ended", 320), digits: "1" } as CarrierEvent])!.callback.asked).toBe(false);
  });

  it("the IVR: a call started without the menu ready hears the overflow message instead", async () => {
    const s = { ...queueSpec(), queue: { ...queueSpec().queue!, overflowTo: "ivr" as const } };
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "overflowed" });
    const events = answered();
    const over = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 300_000, ports)) as { events: CarrierEvent[] }).events];
    expect(spoken(desiredQueueTasks(situationOf(s, over, T0 + 300_000)))).toEqual(["All our agents are busy."]);
  });

  it("a callback: told, hung up on, their place kept (never an abandon); once off the line their turn is asked, and the agent is rung first when it comes", async () => {
    const s = { ...queueSpec(), queue: { ...queueSpec().queue!, callback: null, overflowTo: "callback" as const, overflowCallback: { attempts: 2, retrySeconds: 60 } } };
    const ports = new FakePorts(new FakeClock(T0));
    ports.queueTurns.push({ kind: "waiting", position: 1, expectedWaitSeconds: null, callbackKept: true });
    const events = answered();
    const kept = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 300_000, ports)) as { events: CarrierEvent[] }).events];
    expect(kept.at(-1)).toMatchObject({ queue: { kind: "callback_booked", by: "overflow" } });
    expect(foldCall(s, kept).timeline.map((line) => line.text)).toContain("Queue: waited past the queue's longest wait; kept as a callback (their place kept)");
    const tasks = desiredQueueTasks(situationOf(s, kept, T0 + 300_000, { "queue-turn-0": "done" }));
    expect(spoken(tasks)).toEqual([OVERFLOW_CALLBACK_CONFIRMATION]);
    expect(tasks.filter((t) => t.action === "queue_turn")).toEqual([]);
    // Heard: we hang up; gone from the line, nothing counts an abandon, and their turn is asked.
    const said = { "queue-announce-0": "done" as const, "queue-callback-confirm": "done" as const, "queue-turn-0": "done" as const };
    const heard = [...kept, event("call.speak.ended", 10), event("call.speak.ended", 305)];
    expect(queue.dueEvents!(situationOf(s, heard, T0 + 306_000, said)).map((e) => e.type)).toContain("wib.hangup.requested");
    const off = [...heard, hangup(307, "normal_clearing")];
    const after = desiredQueueTasks(situationOf(s, off, T0 + 308_000, said));
    expect(after).toEqual([{ name: "queue-turn-cb1-0", action: "queue_turn", queueId: "q1", update: 0 }]);
    ports.queueTurns.push({ kind: "agent", agent: { userId: "agent-1", address: "sip:agent-1@sim", name: null } });
    const dialing = ((await runTask("queue-turn-cb1-0", s, off, T0 + 400_000, ports, said)) as { events: CarrierEvent[] }).events;
    expect(dialing).toMatchObject([{ queue: { kind: "callback_dialing", attempt: 1, agentUserId: "agent-1" } }]);
    expect(desiredQueueTasks(situationOf(s, [...off, ...dialing], T0 + 400_000, said))).toContainEqual({ name: "queue-callback-call-1", action: "queue_callback_call", attempt: 1 });
  });
});

describe("a caller moved or overflowed into another queue takes that queue's settings", () => {
  const billing = queueCallerSettingsOf({ holdMessage: "Billing thanks you for holding.", callback: { offered: false, attempts: 3, retrySeconds: 120 } }, { kind: "message", message: "Billing is closed for the day." });

  it("its hold message and callback offer in the announcements, its overflow message when they overflow there", () => {
    const s = { ...queueSpec(), queue: { ...queueSpec().queue!, callback: { attempts: 3, retrySeconds: 120 } } };
    const before = desiredQueueTasks(situationOf(s, answered(), T0 + 1000));
    expect(before.find((t) => t.name === "queue-announce-0")).toMatchObject({ command: { action: "gather_using_speak" } });
    const moved = [...answered(), queueEvent("moved:a", T0 + 5_000, { kind: "moved", queueId: "q2", holdMessage: billing.holdMessage, settings: billing })];
    const tasks = desiredQueueTasks(situationOf(s, moved, T0 + 31_000, { "queue-turn-0": "done" }));
    // No "press 1" there: said, not gathered.
    expect(spoken(tasks)).toEqual(["You are number 3 in line. Your expected wait is about 3 minutes. Billing thanks you for holding."]);
    const over = [...moved, queueEvent("overflowed", T0 + 60_000, { kind: "overflowed" })];
    expect(spoken(desiredQueueTasks(situationOf(s, over, T0 + 60_000)))).toEqual(["Billing is closed for the day."]);
  });

  it("is said at once on the move, not at the old series' next mark, and every 30 s from the move", () => {
    const s = queueSpec();
    const moved = [...answered(), queueEvent("moved:a", T0 + 12_000, { kind: "moved", queueId: "q2", holdMessage: billing.holdMessage, settings: billing })];
    const done = { "queue-turn-0": "done", "queue-announce-0": "done" } as const;
    const atMove = desiredQueueTasks(situationOf(s, moved, T0 + 12_500, done));
    expect(names(atMove)).toContain("queue-announce-m1-0");
    expect(spoken(atMove).join(" ")).toContain("Billing thanks you for holding.");
    expect(queue.wakeAtMs!(situationOf(s, moved, T0 + 12_500, { ...done, "queue-announce-m1-0": "done" }))).toBe(T0 + 42_000);
    expect(names(desiredQueueTasks(situationOf(s, moved, T0 + 42_000, done)))).toContain("queue-announce-m1-1");
  });

  it("a queue closed when they reach it: they leave at once by its closed action", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const closed = queueCallerSettingsOf({ holdMessage: "Night desk.", callback: QUEUE_DEFAULTS.callback }, { kind: "voicemail", greeting: "We are closed. Leave a message." });
    ports.queueTurns.push({ kind: "moved", queueId: "q2", holdMessage: "Night desk.", settings: closed, closed: true, by: "supervisor" });
    const events = answered();
    const left = [...events, ...((await runTask("queue-turn-0", s, events, T0 + 40_000, ports)) as { events: CarrierEvent[] }).events];
    expect(left.at(-1)).toMatchObject({ queue: { kind: "moved", by: "supervisor", closed: true } });
    expect(foldQueueWait(s, left)!.outcome).toBe("overflowed");
    const tasks = desiredQueueTasks(situationOf(s, left, T0 + 40_000, { "queue-turn-0": "done" }));
    expect(tasks.filter((t) => t.action === "queue_turn")).toEqual([]);
    expect(spoken(tasks)).toEqual(["We are closed. Leave a message."]);
  });
});
