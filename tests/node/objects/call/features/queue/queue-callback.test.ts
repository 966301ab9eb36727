// "Press 1 for a callback, keep your place", as the queue call plans it and its runners
// answer (fake pool, fake clock): the offer said as a gather, the key booking the callback
// with the pool, the confirmation then the hang-up (never a queue abandon), the turn asked
// only once the caller is off the line, the callback call (agent first, then the caller's
// number) started when an agent is reserved, a miss retried after the policy's wait by
// putting the caller back in line, and given up only after the last attempt.
import { describe, expect, it } from "vitest";
import type { CallSpec } from "../../../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import { queue, QUEUE_LOST_REASON } from "../../../../../../objects/call/features/queue";
import { CALLBACK_CONFIRMATION, CALLBACK_OFFER_TEXT } from "../../../../../../objects/call/features/queue/queue-callback";
import { queueEvent } from "../../../../../../objects/call/features/queue/queue-events";
import { desiredQueueTasks, type QueueTask } from "../../../../../../objects/call/features/queue/queue-tasks";
import { foldCall } from "../../../../../../objects/call/machine";
import { event, hangup, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";

const queueSpec = (): CallSpec =>
  spec({
    kind: "inbound",
    direction: "inbound",
    to: "+15550009999",
    from: "+15557770001",
    accountId: "33333333-3333-4333-8333-333333333333",
    inbound: { action: "queue", message: "", customerCallControlId: "v3:customer" },
    queue: {
      queueId: "q1",
      holdMessage: "Thank you for holding.",
      overflowMessage: "All our agents are busy.",
      joined: { position: 4, expectedWaitSeconds: null },
      callback: { attempts: 2, retrySeconds: 120 },
    },
  });

const answered = () => [event("call.initiated", 0), event("call.answered", 1)];
const names = (tasks: QueueTask[]) => tasks.map((t) => t.name);
const doneEvents = (outcome: Awaited<ReturnType<typeof runTask>>) => (outcome.kind === "done" ? (outcome.events ?? []) : []);
const timeline = (s: CallSpec, events: CarrierEvent[]) => foldCall(s, events).timeline.map((line) => line.text);

async function runTask(name: string, s: CallSpec, events: CarrierEvent[], nowMs: number, ports: FakePorts, states = {}, attempt = {}) {
  const situation = situationOf(s, events, nowMs, states);
  const task = desiredQueueTasks(situation).find((t) => t.name === name);
  if (!task) throw new Error(`${name} is not wanted: ${names(desiredQueueTasks(situation)).join(", ")}`);
  ports.clock.nowMs = nowMs;
  const run = queue.runners[task.action] as (task: QueueTask, context: ReturnType<typeof contextOf>) => ReturnType<(typeof queue.runners)["queue_turn"]>;
  return run(task, contextOf(situation, ports, attempt));
}

/** The caller pressed 1, the pool booked it, they heard the confirmation and hung up. */
async function bookedAndGone(s: CallSpec, ports: FakePorts): Promise<CarrierEvent[]> {
  const pressed = [...answered(), event("call.gather.ended", 8, "customer", { digits: "1" })];
  const booked = [...pressed, ...doneEvents(await runTask("queue-callback-book", s, pressed, T0 + 8_000, ports))];
  return [...booked, event("call.speak.ended", 6), event("call.speak.ended", 14), hangup(15, "normal_clearing", "customer", "caller")];
}

describe("a queue caller's callback", () => {
  it("is offered in the announcement, said as a gather so the key is heard", () => {
    const s = queueSpec();
    const [announce] = desiredQueueTasks(situationOf(s, answered(), T0 + 1000)).filter((t) => t.name === "queue-announce-0");
    expect(announce).toMatchObject({ action: "queue_command", command: { action: "gather_using_speak", leg: "customer", maxDigits: 1 } });
    const text = announce!.action === "queue_command" && announce!.command.action === "gather_using_speak" ? announce!.command.text : "";
    expect(text).toBe(`You are number 4 in line. Thank you for holding. ${CALLBACK_OFFER_TEXT}`);
  });

  it("pressing 1 books it with the pool, the caller hears they keep their place and is hung up on; their hang-up is no queue abandon", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const pressed = [...answered(), event("call.gather.ended", 8, "customer", { digits: "1" })];
    // Nothing is asked of the pool's line for them while the booking is under way.
    expect(names(desiredQueueTasks(situationOf(s, pressed, T0 + 8_000)))).toEqual(["queue-callback-book"]);
    const booked = [...pressed, ...doneEvents(await runTask("queue-callback-book", s, pressed, T0 + 8_000, ports))];
    expect(ports.poolCalls).toEqual([`callback book q1 ${s.id}`]);
    expect(timeline(s, booked)).toContain("Queue: caller pressed 1 for a callback; they keep their place");
    const confirm = desiredQueueTasks(situationOf(s, booked, T0 + 8_500, { "queue-announce-0": "done" }));
    expect(confirm.flatMap((t) => (t.action === "queue_command" && t.command.action === "speak" ? [t.command.text] : []))).toEqual([CALLBACK_CONFIRMATION]);
    // Heard to its end (the announcement's and the confirmation's speech both ended): we hang up.
    const said = { "queue-announce-0": "done" as const, "queue-callback-confirm": "done" as const };
    const heard = [...booked, event("call.speak.ended", 6), event("call.speak.ended", 14)];
    expect(queue.dueEvents!(situationOf(s, heard, T0 + 14_000, said)).map((e) => e.type)).toContain("wib.hangup.requested");
    // Off the line: no queue-leave (no abandon), and now their turn is asked for.
    const gone = [...heard, hangup(15, "normal_clearing", "customer", "caller")];
    expect(names(desiredQueueTasks(situationOf(s, gone, T0 + 15_000, said)))).toEqual(["queue-turn-cb1-0"]);
  });

  it("a 1 pressed after an agent was already chosen is refused and the call goes on as before", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    ports.callbackKept = false;
    const pressed = [...answered(), event("call.gather.ended", 8, "customer", { digits: "1" })];
    const refused = [...pressed, ...doneEvents(await runTask("queue-callback-book", s, pressed, T0 + 8_000, ports))];
    expect(timeline(s, refused)).toContain("Queue: caller pressed 1, but an agent was already on the way");
    expect(names(desiredQueueTasks(situationOf(s, refused, T0 + 9_000)))).toContain("queue-turn-0");
    expect(names(desiredQueueTasks(situationOf(s, [...refused, hangup(20, "normal_clearing")], T0 + 20_000)))).toEqual(["queue-leave"]);
  });

  it("when their turn comes, the callback call rings the reserved agent first, then the number they called from", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const gone = await bookedAndGone(s, ports);
    ports.queueTurns.push({ kind: "agent", agent: { userId: "agent-1", address: "sip:agent-1@sip.test", name: null } });
    const dialing = [...gone, ...doneEvents(await runTask("queue-turn-cb1-0", s, gone, T0 + 200_000, ports))];
    expect(timeline(s, dialing)).toContain("Queue: callback attempt 1: their turn came, agent reserved, ringing the agent first");
    // The queue call itself dials nobody: it has ended.
    expect(foldCall(s, dialing).assignedAgent).toBeNull();
    expect(names(desiredQueueTasks(situationOf(s, dialing, T0 + 200_000)))).toEqual(["queue-callback-call-1"]);
    await runTask("queue-callback-call-1", s, dialing, T0 + 200_000, ports);
    expect(ports.startedCalls).toHaveLength(1);
    expect(ports.startedCalls[0]).toMatchObject({
      kind: "bridge",
      direction: "outbound",
      to: "+15557770001",
      from: "+15550009999",
      agentUserId: "agent-1",
      agentAddress: "sip:agent-1@sip.test",
      accountId: s.accountId,
      queueCallback: { queueCallId: s.id, queueId: "q1", attempt: 1 },
    });
  });

  it("the callback call tells its queue call, once ended, whether it reached the caller", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const b = spec({ id: "44444444-4444-4444-8444-444444444444", kind: "bridge", agentUserId: "agent-1", agentAddress: "sip:agent-1@sip.test", queueCallback: { queueCallId: "queue-call", queueId: "q1", attempt: 1 } });
    expect(desiredQueueTasks(situationOf(b, [event("call.initiated", 0, "agent")], T0))).toEqual([]);
    const missed = [event("call.initiated", 0, "agent"), event("call.answered", 2, "agent"), event("call.initiated", 3), hangup(30, "no_answer"), hangup(31, "normal_clearing", "agent", "caller")];
    const situation = situationOf(b, missed, T0 + 31_000);
    const [report] = desiredQueueTasks(situation);
    expect(report).toMatchObject({ name: "queue-callback-report" });
    await queue.runners.queue_callback_report(report as never, contextOf(situation, ports));
    expect(ports.toldCalls).toHaveLength(1);
    expect(ports.toldCalls[0]).toMatchObject({ callId: "queue-call", event: { type: "wib.queue", queue: { kind: "callback_ended", attempt: 1, reached: false } } });
  });

  it("a miss releases the agent and puts the caller back in line after the retry wait; the last miss gives up, a reach ends it", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const gone = await bookedAndGone(s, ports);
    const dialing1 = [...gone, queueEvent("callback-dialing:1", T0 + 200_000, { kind: "callback_dialing", attempt: 1, agentUserId: "agent-1", agentAddress: "sip:a", callbackCallId: "cb-1" })];
    const missed1 = [...dialing1, queueEvent("callback-ended:1", T0 + 240_000, { kind: "callback_ended", attempt: 1, reached: false, status: "no_answer" })];
    expect(timeline(s, missed1)).toContain("Queue: callback attempt 1 did not reach the caller (no_answer); the agent is released");
    // The agent is given back at once; the caller goes back in line not before the retry wait (the feature's named timer wakes the call then).
    expect(names(desiredQueueTasks(situationOf(s, missed1, T0 + 300_000)))).toEqual(["queue-callback-release-1"]);
    await runTask("queue-callback-release-1", s, missed1, T0 + 300_000, ports);
    expect(ports.poolCalls.at(-1)).toBe(`release agent-1 ${s.id}`);
    const released = { "queue-callback-release-1": "done" as const };
    expect(queue.wakeAtMs!(situationOf(s, missed1, T0 + 300_000))).toBe(T0 + 360_000);
    const requeued = [...missed1, ...doneEvents(await runTask("queue-callback-requeue-1", s, missed1, T0 + 360_000, ports, released))];
    expect(ports.poolCalls.at(-1)).toBe(`callback requeue q1 ${s.id}`);
    expect(names(desiredQueueTasks(situationOf(s, requeued, T0 + 360_000, released)))).toEqual(["queue-callback-release-1", "queue-turn-cb2-0"]);

    const dialing2 = [...requeued, queueEvent("callback-dialing:2", T0 + 400_000, { kind: "callback_dialing", attempt: 2, agentUserId: "agent-2", agentAddress: "sip:b", callbackCallId: "cb-2" })];
    const missed2 = [...dialing2, queueEvent("callback-ended:2", T0 + 430_000, { kind: "callback_ended", attempt: 2, reached: false, status: "busy" })];
    // The policy's two attempts are spent: the pool notes it given up, once.
    expect(names(desiredQueueTasks(situationOf(s, missed2, T0 + 430_000)))).toEqual(["queue-callback-release-1", "queue-callback-release-2", "queue-callback-unreached"]);
    const unreached = [...missed2, ...doneEvents(await runTask("queue-callback-unreached", s, missed2, T0 + 430_000, ports))];
    expect(timeline(s, unreached)).toContain("Queue: callback gave up after 2 attempts");
    expect(names(desiredQueueTasks(situationOf(s, unreached, T0 + 431_000)))).toEqual(["queue-callback-release-1", "queue-callback-release-2"]);

    const reached = [...dialing2, queueEvent("callback-ended:2", T0 + 430_000, { kind: "callback_ended", attempt: 2, reached: true, status: "completed" })];
    expect(names(desiredQueueTasks(situationOf(s, reached, T0 + 430_000)))).toEqual(["queue-callback-release-1"]);
    expect(timeline(s, reached)).toContain("Queue: callback attempt 2 reached the caller");
  });

  it("a booked callback whose queue no longer holds it ends, saying why, and stops asking; a caller merely moved to another queue goes on", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const gone = await bookedAndGone(s, ports);
    // Moved by a supervisor: the old queue says gone, another holds them; nothing ends.
    ports.queueTurns.push({ kind: "gone", heldElsewhere: true });
    expect(doneEvents(await runTask("queue-turn-cb1-0", s, gone, T0 + 200_000, ports))).toEqual([]);
    ports.queueTurns.push({ kind: "gone" });
    const lost = [...gone, ...doneEvents(await runTask("queue-turn-cb1-0", s, gone, T0 + 201_000, ports))];
    expect(timeline(s, lost)).toContain(`Queue: ended: ${QUEUE_LOST_REASON}`);
    expect(desiredQueueTasks(situationOf(s, lost, T0 + 300_000, { "queue-turn-cb1-0": "done" }))).toEqual([]);
    expect(queue.wakeAtMs!(situationOf(s, lost, T0 + 300_000))).toBeNull();
  });

  it("a waiting caller whose queue no longer holds them hears the overflow message and is hung up on, the reason on the timeline", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const waiting = answered();
    ports.queueTurns.push({ kind: "gone" });
    const lost = [...waiting, ...doneEvents(await runTask("queue-turn-0", s, waiting, T0 + 2_000, ports))];
    expect(timeline(s, lost)).toContain(`Queue: ended: ${QUEUE_LOST_REASON}`);
    const said = desiredQueueTasks(situationOf(s, lost, T0 + 2_000));
    expect(said.flatMap((t) => (t.action === "queue_command" && t.command.action === "speak" ? [t.command.text] : []))).toEqual(["All our agents are busy."]);
    expect(names(said)).not.toContain("queue-turn-0");
    const heard = [...lost, event("call.speak.ended", 5)];
    expect(queue.dueEvents!(situationOf(s, heard, T0 + 5_000, { "queue-overflow-message": "done" })).map((e) => e.type)).toContain("wib.hangup.requested");
  });

  it("a callback call that never starts ends its attempt unreached, gives back the agent reserved under this call's id, and only then puts the caller back in line", async () => {
    const s = queueSpec();
    const ports = new FakePorts(new FakeClock(T0));
    const gone = await bookedAndGone(s, ports);
    const dialing = [...gone, queueEvent("callback-dialing:1", T0 + 200_000, { kind: "callback_dialing", attempt: 1, agentUserId: "agent-1", agentAddress: "sip:a", callbackCallId: "cb-1" })];
    ports.calls.start = async () => {
      throw new Error("the call actor is unreachable");
    };
    expect(await runTask("queue-callback-call-1", s, dialing, T0 + 200_000, ports)).toMatchObject({ kind: "retry" });
    const failed = [...dialing, ...doneEvents(await runTask("queue-callback-call-1", s, dialing, T0 + 201_000, ports, {}, { isLast: true }))];
    expect(timeline(s, failed)).toContain("Queue: callback attempt 1 did not reach the caller (not_started); the agent is released");
    // The agent is given back first; the caller goes back in line only after that (and the retry wait).
    const due = T0 + 201_000 + 120_000;
    expect(names(desiredQueueTasks(situationOf(s, failed, due, { "queue-callback-call-1": "done" })))).toEqual(["queue-callback-release-1"]);
    await runTask("queue-callback-release-1", s, failed, due, ports);
    expect(ports.poolCalls.at(-1)).toBe(`release agent-1 ${s.id}`);
    expect(names(desiredQueueTasks(situationOf(s, failed, due, { "queue-callback-call-1": "done", "queue-callback-release-1": "done" })))).toEqual(["queue-callback-release-1", "queue-callback-requeue-1"]);
  });
});
