// Supervisors on a live call, against the carrier simulator: monitor, then whisper, then
// barge, checking at each step who hears the supervisor (the simulator's `hears` map, and
// a line the supervisor says reaching only those legs, and the call's transcript only
// when the customer heard it); one supervisor per call unless the organisation allows
// more; the call's end ends the supervisor's leg; agents and other organisations cannot.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./support/client";
import { CallPump, carrierLegsOf } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

interface SimLeg {
  call_control_id: string;
  call_session_id: string;
  to: string;
  state: string;
  ended_at: string | null;
  supervising: { call_control_id: string; role: string } | null;
  heard_lines: { from: string; text: string }[];
}
interface SimSession {
  call_session_id: string;
  legs: SimLeg[];
  hears: Record<string, string[]>;
}
/** Every leg of one of our calls (a bridge call's two parties are two carrier sessions), and who hears each. */
interface CallLegs {
  legs: SimLeg[];
  hears: Record<string, string[]>;
}

let owner: Member & { organizationId: string };
let supervisor: Member;
let secondSupervisor: Member;
let agent: Member;
let otherOrgSupervisor: Member;
beforeAll(async () => {
  owner = await signUp("Supervision");
  supervisor = await inviteAndJoin(owner, "supervisor");
  secondSupervisor = await inviteAndJoin(owner, "supervisor");
  agent = await inviteAndJoin(owner, "agent");
  otherOrgSupervisor = await inviteAndJoin(await signUp("Elsewhere"), "supervisor");
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

async function sessionOf(callId: string): Promise<CallLegs> {
  const sessionIds = new Set((await carrierLegsOf(callId)).map((leg) => leg.call_session_id));
  const { calls } = (await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/calls`)).json()) as { calls: SimSession[] };
  const mine = calls.filter((session) => sessionIds.has(session.call_session_id));
  return { legs: mine.flatMap((session) => session.legs), hears: Object.assign({}, ...mine.map((session) => session.hears)) };
}

/** The supervisor's line, said on their leg: who heard it. */
async function say(leg: SimLeg, text: string): Promise<string[]> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/calls/${encodeURIComponent(leg.call_control_id)}/say`, { method: "POST", body: JSON.stringify({ text }) });
  if (!response.ok) throw new Error(`say: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { heard_by: string[] }).heard_by;
}

const legTo = (session: CallLegs, member: Member) => session.legs.find((leg) => leg.to.startsWith(`sip:agent-${member.userId}@`) && leg.state !== "ended");
const supervise = (who: Member, callId: string, mode: string) => call(who, "POST", `/api/calls/${callId}/supervision`, { mode });

async function liveBridgeCall(): Promise<{ id: string; pump: CallPump }> {
  const id = await placeCall(agent, { to: await patientCustomer(), kind: "bridge" });
  const pump = CallPump.forCall(id);
  await pump.until(async () => (await readCall(agent, id)).status === "bridged");
  return { id, pump };
}

describe("a supervisor on a live call", () => {
  it("listens, whispers to the agent, barges in, and each step changes exactly who hears them", async () => {
    const { id, pump } = await liveBridgeCall();
    const joined = await supervise(supervisor, id, "monitor");
    expect(joined.status).toBe(201);
    expect(joined.body.supervision).toMatchObject({ mode: "monitor", change: "joined" });

    // The supervisor's softphone rings and answers, as a monitor of the agent's leg.
    let session!: CallLegs;
    await pump.until(async () => (session = await sessionOf(id)) && legTo(session, supervisor)?.state === "answered");
    const agentLeg = legTo(session, agent)!;
    const customerLeg = session.legs.find((leg) => leg.to.startsWith("+"))!;
    const supervisorLeg = legTo(session, supervisor)!;
    expect(supervisorLeg.supervising).toEqual({ call_control_id: agentLeg.call_control_id, role: "monitor" });
    // Monitor: hears both, heard by nobody.
    expect(session.hears[supervisorLeg.call_control_id]).toEqual([]);
    expect(session.hears[agentLeg.call_control_id]).toContain(supervisorLeg.call_control_id);
    expect(session.hears[customerLeg.call_control_id]).toContain(supervisorLeg.call_control_id);
    expect(await say(supervisorLeg, "Just listening in")).toEqual([]);

    // Whisper: only the agent hears them; the customer never does, nor does the call's transcript.
    const whisper = await supervise(supervisor, id, "whisper");
    expect(whisper.status).toBe(200);
    expect(whisper.body.supervision.change).toBe("switched");
    await pump.until(async () => (await sessionOf(id)).hears[supervisorLeg.call_control_id]?.length === 1);
    expect((await sessionOf(id)).hears[supervisorLeg.call_control_id]).toEqual([agentLeg.call_control_id]);
    expect(await say(supervisorLeg, "Offer the hardship plan")).toEqual([agentLeg.call_control_id]);

    // Barge: everyone hears them, and the customer's side of the transcript has the line.
    expect((await supervise(supervisor, id, "barge")).status).toBe(200);
    await pump.until(async () => (await sessionOf(id)).hears[supervisorLeg.call_control_id]?.length === 2);
    expect((await sessionOf(id)).hears[supervisorLeg.call_control_id]).toEqual([agentLeg.call_control_id, customerLeg.call_control_id].sort());
    expect((await say(supervisorLeg, "This is the team lead joining the call")).sort()).toEqual([agentLeg.call_control_id, customerLeg.call_control_id].sort());
    await pump.until(async () => (await readCall(supervisor, id)).transcript.some((line: { text: string }) => line.text === "This is the team lead joining the call"));

    const after = await sessionOf(id);
    const heardByCustomer = after.legs.find((leg) => leg.call_control_id === customerLeg.call_control_id)!.heard_lines.map((line) => line.text);
    expect(heardByCustomer).toEqual(["This is the team lead joining the call"]);
    const record = await readCall(supervisor, id);
    expect(record.transcript.map((line: { text: string }) => line.text)).not.toContain("Offer the hardship plan");
    const name = joined.body.call.supervisors[0].name;
    expect(record.timeline.map((entry: { text: string }) => entry.text)).toEqual(
      expect.arrayContaining([`${name} joined, listening (monitor)`, `${name} switched to coaching the agent (whisper)`, `${name} switched to speaking to both (barge)`]),
    );

    // The call's end ends the supervisor's leg too.
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status) && (await sessionOf(id)).legs.every((leg) => leg.ended_at !== null));
    expect((await supervise(supervisor, id, "monitor")).status).toBe(409);

    const audit = await call(owner, "GET", "/api/audit?limit=200");
    const actions = audit.body.entries.filter((entry: { resourceId: string }) => entry.resourceId === id).map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["call.supervision_joined", "call.supervision_switched"]));
    expect(actions.filter((action: string) => action === "call.supervision_switched")).toHaveLength(2);
  });

  it("refuses a second supervisor, lets one in when the organisation allows two, and a leave hangs up only that supervisor's leg", async () => {
    const { id, pump } = await liveBridgeCall();
    expect((await supervise(supervisor, id, "monitor")).status).toBe(201);
    const refused = await supervise(secondSupervisor, id, "monitor");
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("conflict");

    expect((await call(owner, "PATCH", "/api/organization", { supervisorsPerCall: 2 })).status).toBe(200);
    try {
      expect((await supervise(secondSupervisor, id, "whisper")).status).toBe(201);
      await pump.until(async () => {
        const session = await sessionOf(id);
        return legTo(session, supervisor)?.state === "answered" && legTo(session, secondSupervisor)?.state === "answered";
      });
      const secondLeg = legTo(await sessionOf(id), secondSupervisor)!;
      const left = await call(secondSupervisor, "DELETE", `/api/calls/${id}/supervision`);
      expect(left.status).toBe(200);
      expect(left.body.supervision.change).toBe("left");
      await pump.until(async () => (await sessionOf(id)).legs.find((leg) => leg.call_control_id === secondLeg.call_control_id)!.ended_at !== null);
      const session = await sessionOf(id);
      // Everyone else is still on the call.
      expect(session.legs.filter((leg) => leg.ended_at === null)).toHaveLength(3);
      expect((await readCall(agent, id)).status).toBe("bridged");
      expect((await call(secondSupervisor, "DELETE", `/api/calls/${id}/supervision`)).status).toBe(404);
    } finally {
      await call(owner, "PATCH", "/api/organization", { supervisorsPerCall: 1 });
      await call(agent, "POST", `/api/calls/${id}/hangup`);
      await pump.until(async () => (await sessionOf(id)).legs.every((leg) => leg.ended_at !== null));
    }
  });

  it("keeps supervisors off the agent's timeline when the organisation hides them", async () => {
    expect((await call(owner, "PATCH", "/api/organization", { showSupervisorsToAgents: false })).status).toBe(200);
    const { id, pump } = await liveBridgeCall();
    try {
      const joined = await supervise(supervisor, id, "monitor");
      expect(joined.status).toBe(201);
      const name = joined.body.call.supervisors[0].name;
      await pump.until(async () => (await readCall(supervisor, id)).timeline.some((entry: { text: string }) => entry.text.startsWith(`${name} joined`)));
      expect((await readCall(agent, id)).timeline.some((entry: { text: string }) => entry.text.includes(name))).toBe(false);
      const audit = await call(owner, "GET", "/api/audit?limit=50");
      expect(audit.body.entries.find((entry: { action: string; after: { showSupervisorsToAgents?: boolean } }) => entry.action === "organization.settings_changed")?.after).toEqual({ showSupervisorsToAgents: false });
    } finally {
      await call(owner, "PATCH", "/api/organization", { showSupervisorsToAgents: true });
      await call(agent, "POST", `/api/calls/${id}/hangup`);
      await pump.until(async () => (await sessionOf(id)).legs.every((leg) => leg.ended_at !== null));
    }
  });

  it("is not for agents, nor for another organisation's supervisors", async () => {
    const { id, pump } = await liveBridgeCall();
    try {
      expect((await supervise(agent, id, "monitor")).status).toBe(403);
      const elsewhere = await supervise(otherOrgSupervisor, id, "barge");
      expect(elsewhere.status).toBe(404);
      expect((await call(otherOrgSupervisor, "DELETE", `/api/calls/${id}/supervision`)).status).toBe(404);
      expect((await supervise(supervisor, id, "loud" as string)).status).toBe(400);
      // Nobody was dialled as a supervisor.
      expect((await sessionOf(id)).legs.filter((leg) => leg.supervising)).toEqual([]);
    } finally {
      await call(agent, "POST", `/api/calls/${id}/hangup`);
      await pump.until(async () => (await sessionOf(id)).legs.every((leg) => leg.ended_at !== null));
    }
  });
});
