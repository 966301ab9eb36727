// The call flows beyond a direct call: bridge calls (agent first), inbound calls to an
// organisation's numbers, and the live call room consoles watch.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { callServerMessage, type CallServerMessage } from "../../objects/call/protocol";
import { inboundCallId } from "../../worker/calls/inbound";
import { BASE_URL, call } from "./support/client";
import { CallPump, carrierLegsOf, HeldLiveHuman, onManualClock, startInboundCall } from "./support/carrier";
import { freshNumberIn, PERSONA_NUMBERS, placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Flows");
  agent = await inviteAndJoin(owner, "agent");
});

describe("a bridge call", () => {
  it("rings the agent first without AMD, dials the customer with AMD once the agent answers, and bridges them", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "bridge" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await readCall(agent, id)).status === "bridged");
    const legs = await carrierLegsOf(id);
    const agentLeg = legs.find((leg) => leg.to.startsWith(`sip:agent-${agent.userId}@`))!;
    const customerLeg = legs.find((leg) => leg.to === PERSONA_NUMBERS.liveHuman)!;
    expect(agentLeg.answering_machine_detection).toBe("disabled");
    expect(customerLeg.answering_machine_detection).toBe("premium");
    expect(Date.parse(customerLeg.started_at!)).toBeGreaterThanOrEqual(Date.parse(agentLeg.answered_at!));
    expect(customerLeg.bridged_with).toBe(agentLeg.call_control_id);

    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
    const after = await carrierLegsOf(id);
    expect(after.every((leg) => leg.ended_at !== null)).toBe(true);
    expect((await readCall(agent, id)).status).toBe("completed");
  });

  it("never bridges an answering machine to the agent", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.answeringMachine, kind: "bridge" });
    const pump = CallPump.forCall(id);
    let record: any;
    await pump.until(async () => {
      record = await readCall(agent, id);
      const legs = await carrierLegsOf(id);
      return TERMINAL.has(record.status) && legs.length === 2 && legs.every((leg) => leg.ended_at !== null);
    });
    expect(record).toMatchObject({ status: "completed", amdResult: "machine", bridgedAt: null });
  });
});

describe("an inbound call", () => {
  it("to a ring-agent number rings that agent, answers the caller and bridges them", async () => {
    const line = randomNumber();
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Support", inboundAction: "ring_agent", inboundAgentUserId: agent.userId })).status).toBe(201);
    // The caller on a clock of their own: sped up, they gave up or hung up on a busy machine before the agent was put through.
    const caller = freshNumberIn("+1555777");
    await onManualClock([caller]);
    const session = await startInboundCall(caller, line);
    const id = await inboundCallId(session);
    const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
    await pump.until(async () => (await readCall(owner, id).catch(() => null))?.status === "bridged");
    const record = await readCall(agent, id);
    expect(record).toMatchObject({ direction: "inbound", kind: "inbound", from: caller, to: line, agentUserId: agent.userId });
    await call(agent, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
  });

  it("to a message number hears the message and is hung up", async () => {
    const line = randomNumber();
    await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "After hours", inboundAction: "message", inboundMessage: "We are closed. Please call back tomorrow." });
    const session = await startInboundCall("+15557770002", line);
    const id = await inboundCallId(session);
    const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
    let record: any;
    await pump.until(async () => TERMINAL.has((record = await readCall(owner, id).catch(() => ({ status: "" }))).status));
    expect(record.status).toBe("completed");
    expect(record.timeline.map((t: any) => t.text)).toContain("Message played");
  });

  it("to a number nobody owns is acknowledged and left alone", async () => {
    const session = await startInboundCall("+15557770003", randomNumber());
    const pump = new CallPump((d) => d.callSessionId === session);
    await pump.until(async () => pump.delivered.length > 0);
    expect(pump.delivered[0]!.eventType).toBe("call.initiated");
  });
});

describe("the call room", () => {
  const open = async (member: Member, organizationId: string, callId: string) => {
    const response = await exports.default.fetch(
      new Request(`${BASE_URL}/parties/call-actor/${organizationId}:${callId}`, { headers: { upgrade: "websocket", cookie: member.cookie! } }),
    );
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    socket.accept();
    const received: CallServerMessage[] = [];
    socket.addEventListener("message", (event) => received.push(callServerMessage.parse(JSON.parse(event.data as string))));
    const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
    return { socket, received, closed };
  };

  it("shows the agent the call live: a snapshot on connect, each status, each transcript line once", async () => {
    const callee = await HeldLiveHuman.create();
    const id = await placeCall(agent, { to: callee.number, kind: "direct" });
    const room = await open(agent, owner.organizationId, id);
    const pump = CallPump.forCall(id);
    await callee.answer(pump, id);
    await callee.talkAndHangUp();
    await pump.until(async () =>
      room.received.some((m) => m.type === "call" && m.call.status === "completed") && room.received.some((m) => m.type === "transcript"),
    );
    expect(room.received[0]!.type).toBe("call");
    const statuses = room.received.flatMap((m) => (m.type === "call" ? [m.call.status] : []));
    expect([...new Set(statuses)]).toEqual(expect.arrayContaining(["ringing", "answered", "completed"]));
    const segmentIds = room.received.flatMap((m) => (m.type === "transcript" ? [m.segment.id] : []));
    expect(new Set(segmentIds).size).toBe(segmentIds.length);
    // A change's call message carries only the lines none before it did, not the whole transcript again.
    const linesInCallMessages = room.received.flatMap((m) => (m.type === "call" ? m.transcript.map((line) => line.id) : []));
    expect(linesInCallMessages.length).toBeGreaterThan(0);
    expect(linesInCallMessages.length).toBe(new Set(linesInCallMessages).size);
    room.socket.send(JSON.stringify({ type: "hangup" }));
    await CallPump.forCall(id).until(async () => room.received.some((m) => m.type === "error" && m.code === "read_only"));
    room.socket.close();
  });

  it("lets a supervisor watch any call, and refuses an agent whose call it is not", async () => {
    const supervisor = await inviteAndJoin(owner, "supervisor");
    const otherAgent = await inviteAndJoin(owner, "agent");
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const watching = await open(supervisor, owner.organizationId, id);
    await CallPump.forCall(id).until(async () => watching.received.length > 0);
    expect(watching.received[0]!.type).toBe("call");
    const refused = await open(otherAgent, owner.organizationId, id);
    expect(await refused.closed).toBe(4403);
    watching.socket.close();
  });
});
