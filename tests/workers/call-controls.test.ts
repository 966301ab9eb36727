// What the agent does on their own live call besides talking, end to end against the
// carrier simulator: raising a hand (a help request with a reason) that every supervisor's
// board shows until one joins, the agent withdraws it or the call ends, on the call's timeline and in the audit log;
// and pausing and resuming the call's recording with a reason: the carrier's recording
// leaves the paused span out, and the request is on the timeline and in the audit log;
// the recording then plays through the Worker with byte ranges (a player seeking).
import { exports } from "cloudflare:workers";
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { agentPoolRoomName, poolServerMessage, type HelpRequestView } from "../../objects/agent-pool/protocol";
import { BASE_URL, call } from "./support/client";
import { CallPump, carrierLegsOf } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

let owner: Member & { organizationId: string };
let supervisor: Member;
let agent: Member;
let otherAgent: Member;
beforeAll(async () => {
  owner = await signUp("Call controls");
  supervisor = await inviteAndJoin(owner, "supervisor");
  agent = await inviteAndJoin(owner, "agent");
  otherAgent = await inviteAndJoin(owner, "agent");
});

/** A customer who talks until we hang up, so the call outlives every step of a test. */
async function patientCustomer(): Promise<string> {
  const number = randomNumber();
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/numbers/${encodeURIComponent(number)}`, {
    method: "PUT",
    body: JSON.stringify({ persona: { base: "live-human-en", hangupAfterSeconds: null } }),
  });
  if (!response.ok) throw new Error(`persona: ${response.status} ${await response.text()}`);
  return number;
}

async function liveBridgeCall(): Promise<{ id: string; pump: CallPump }> {
  const id = await placeCall(agent, { to: await patientCustomer(), kind: "bridge" });
  const pump = CallPump.forCall(id);
  await pump.until(async () => (await readCall(agent, id)).status === "bridged");
  return { id, pump };
}

/** A console's pool socket: the raised hands of its last snapshot. */
async function boardOf(member: Member): Promise<{ hands: () => HelpRequestView[]; close: () => void }> {
  const response = await exports.default.fetch(
    new Request(`${BASE_URL}/parties/agent-pool-actor/${agentPoolRoomName(owner.organizationId)}`, { headers: { upgrade: "websocket", cookie: member.cookie! } }),
  );
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  socket.accept();
  let hands: HelpRequestView[] = [];
  socket.addEventListener("message", (event) => {
    const message = poolServerMessage.parse(JSON.parse(event.data as string));
    if (message.type === "snapshot") hands = message.helpRequests;
  });
  return { hands: () => hands, close: () => socket.close(1000, "done") };
}

const raiseHand = (who: Member, callId: string, reason: unknown) => call(who, "POST", `/api/calls/${callId}/help-requests`, { reason });

describe("raise hand", () => {
  it("shows the agent's hand on supervisors' boards with the call and reason until a supervisor joins or the agent withdraws it, on the timeline and in the audit log", async () => {
    const { id, pump } = await liveBridgeCall();
    const supervisorBoard = await boardOf(supervisor);
    const agentBoard = await boardOf(agent);

    // Only the call's own agent, with a reason.
    const empty = await raiseHand(agent, id, "   ");
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe("reason");
    expect((await raiseHand(otherAgent, id, "Help")).status).toBe(404);
    expect((await raiseHand(supervisor, id, "Help")).status).toBe(409);

    const raised = await raiseHand(agent, id, "Customer asks for a manager");
    expect(raised.status).toBe(202);
    expect(raised.body.call.helpRequest).toMatchObject({ requestId: raised.body.requestId, reason: "Customer asks for a manager", agentUserId: agent.userId });

    await pump.until(async () => supervisorBoard.hands().length === 1);
    expect(supervisorBoard.hands()).toEqual([expect.objectContaining({ callId: id, userId: agent.userId, reason: "Customer asks for a manager", requestId: raised.body.requestId })]);
    // Agents are not shown each other's hands.
    expect(agentBoard.hands()).toEqual([]);

    // A supervisor joins from it: the hand comes down everywhere.
    const joined = await call(supervisor, "POST", `/api/calls/${id}/supervision`, { mode: "monitor" });
    expect(joined.status).toBe(201);
    expect(joined.body.call.helpRequest).toBeNull();
    await pump.until(async () => supervisorBoard.hands().length === 0);
    const record = await readCall(agent, id);
    expect(record.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ text: "Raised a hand: Customer asks for a manager", agentUserId: agent.userId })]));
    const audit = await call(owner, "GET", "/api/audit?limit=100");
    expect(audit.body.entries.filter((entry: { resourceId: string; action: string }) => entry.resourceId === id && entry.action === "call.help_requested")).toHaveLength(1);

    // Raised again and withdrawn by the agent: the board drops it live, the timeline and the audit log say so.
    const second = await raiseHand(agent, id, "Customer wants to settle");
    expect(second.status).toBe(202);
    await pump.until(async () => supervisorBoard.hands().some((hand) => hand.reason === "Customer wants to settle"));
    expect((await call(supervisor, "DELETE", `/api/calls/${id}/help-requests`)).status).toBe(409);
    const withdrawn = await call(agent, "DELETE", `/api/calls/${id}/help-requests`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ withdrawnRequestId: second.body.requestId, call: { helpRequest: null } });
    await pump.until(async () => supervisorBoard.hands().length === 0);
    expect((await call(agent, "DELETE", `/api/calls/${id}/help-requests`)).body.withdrawnRequestId).toBeNull();
    expect((await readCall(agent, id)).timeline).toEqual(expect.arrayContaining([expect.objectContaining({ text: "Withdrew the raised hand", agentUserId: agent.userId })]));
    const withdrawals = (await call(owner, "GET", "/api/audit?limit=100")).body.entries.filter((entry: { resourceId: string; action: string }) => entry.resourceId === id && entry.action === "call.help_withdrawn");
    expect(withdrawals).toHaveLength(1);

    // Raised again, then the call ends: the hand comes down, and no hand goes up (or is withdrawn) on an ended call.
    expect((await raiseHand(agent, id, "Needs a payment plan approval")).status).toBe(202);
    await pump.until(async () => supervisorBoard.hands().some((hand) => hand.reason === "Needs a payment plan approval"));
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status) && supervisorBoard.hands().length === 0);
    expect((await raiseHand(agent, id, "Too late")).status).toBe(409);
    expect((await call(agent, "DELETE", `/api/calls/${id}/help-requests`)).status).toBe(409);
    supervisorBoard.close();
    agentBoard.close();
  });
});

interface SimRecording {
  paused_spans: { from: string; to: string | null }[];
}
/** The customer's leg's recordings at the carrier simulator. */
async function customerRecordings(callId: string): Promise<SimRecording[]> {
  const legs = (await carrierLegsOf(callId)) as unknown as { to: string; recordings: SimRecording[] }[];
  return legs.filter((leg) => leg.to.startsWith("+")).flatMap((leg) => leg.recordings);
}

const controlRecording = (who: Member, callId: string, action: string, reason: unknown) => call(who, "POST", `/api/calls/${callId}/recording-control`, { action, reason });

describe("pausing the recording", () => {
  it("pauses and resumes the carrier's recording for the call's agent, with the reason on the timeline and in the audit log", async () => {
    const { id, pump } = await liveBridgeCall();
    await pump.until(async () => (await customerRecordings(id)).length === 1);

    expect((await controlRecording(agent, id, "pause", "")).body.error.fields[0].path).toBe("reason");
    expect((await controlRecording(otherAgent, id, "pause", "Card number")).status).toBe(404);
    expect((await controlRecording(supervisor, id, "pause", "Card number")).status).toBe(409);
    // Nothing to resume yet: already recording.
    const notPaused = await controlRecording(agent, id, "resume", "Done");
    expect(notPaused.status).toBe(200);
    expect(notPaused.body).toMatchObject({ requestId: null, paused: false });

    const paused = await controlRecording(agent, id, "pause", "Customer reading a card number");
    expect(paused.status).toBe(202);
    expect(paused.body).toMatchObject({ paused: true, call: { recordingPaused: true } });
    expect((await controlRecording(agent, id, "pause", "Again")).status).toBe(200);
    await pump.until(async () => (await customerRecordings(id))[0]?.paused_spans.length === 1);
    expect((await customerRecordings(id))[0]!.paused_spans[0]!.to).toBeNull();

    const resumed = await controlRecording(agent, id, "resume", "Card details done");
    expect(resumed.status).toBe(202);
    expect(resumed.body).toMatchObject({ paused: false, call: { recordingPaused: false } });
    await pump.until(async () => (await customerRecordings(id))[0]?.paused_spans[0]?.to != null);

    const record = await readCall(agent, id);
    const texts = record.timeline.map((entry: { text: string }) => entry.text);
    expect(texts).toEqual(expect.arrayContaining(["Recording paused: Customer reading a card number", "Recording resumed: Card details done"]));
    const audit = await call(owner, "GET", "/api/audit?limit=100");
    const actions = audit.body.entries.filter((entry: { resourceId: string }) => entry.resourceId === id).map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action.startsWith("call.recording_"))).toEqual(expect.arrayContaining(["call.recording_paused", "call.recording_resumed"]));
    expect(actions.filter((action: string) => action.startsWith("call.recording_"))).toHaveLength(2);

    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status) && (await readCall(agent, id)).recordings.length > 0);
    expect((await controlRecording(agent, id, "pause", "Too late")).status).toBe(409);

    // The player seeks: a range of the stored file, through the Worker.
    const { sizeBytes } = (await readCall(agent, id)).recordings[0] as { sizeBytes: number };
    const head = await call(supervisor, "GET", `/api/calls/${id}/recording`, undefined, { headers: { range: "bytes=0-3" } });
    expect(head.status).toBe(206);
    expect(head.body).toBe("RIFF");
    expect(head.headers.get("content-range")).toBe(`bytes 0-3/${sizeBytes}`);
    const tail = await call(supervisor, "GET", `/api/calls/${id}/recording`, undefined, { headers: { range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-length")).toBe("10");
    const whole = await call(supervisor, "GET", `/api/calls/${id}/recording`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("content-length")).toBe(String(sizeBytes));
    expect(whole.headers.get("content-disposition")).toBe("inline");

    // The player marks the paused span from the timeline's structured entries.
    const marks = (await readCall(agent, id)).timeline.filter((entry: { recording?: string }) => entry.recording).map((entry: { recording: string }) => entry.recording);
    expect(marks).toEqual(["paused", "resumed"]);
    // Downloads are for supervisors and up, on the route itself; the agent still plays it.
    const agentDownload = await call(agent, "GET", `/api/calls/${id}/recording?download=1`);
    expect(agentDownload.status).toBe(403);
    expect(agentDownload.body.error.message).toMatch(/supervisors/);
    expect((await call(agent, "GET", `/api/calls/${id}/recording`, undefined, { headers: { range: "bytes=0-3" } })).status).toBe(206);
    const download = await call(supervisor, "GET", `/api/calls/${id}/recording?download=1`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="call-${id}-recording.wav"`);
  });
});
