// The console's softphone token: minted for the signed-in person through the carrier (the
// simulator here) from a credential named after the person's engine address, reused
// while it has time left, never minted for an API key; and the person's legs (an agent's
// on a call, a supervisor's joining one) then dialled at that credential's SIP address,
// where Telnyx delivers to the registered softphone. Revoked at logout, by an admin (their
// sessions here end too) and when a member is removed: the credential is deleted at the
// carrier and the engine rings the person's own address at once, not the remembered one.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { SOFTPHONE_REFRESH_BEFORE_MS } from "../../domain/softphone";
import { call } from "./support/client";
import { CallPump, carrierLegsOf } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { createOrgWithEveryRole, inviteAndJoin, logIn, type Member, type TestOrg } from "./support/orgs";
import { randomNumber } from "./support/resources";

interface SimCredential {
  id: string;
  name: string | null;
  tag: string | null;
  resource_id: string;
  sip_username: string;
  expires_at: string | null;
  tokens_issued: number;
}

async function credentialsNamed(name: string): Promise<SimCredential[]> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/telephony-credentials`);
  const body = (await response.json()) as { credentials: SimCredential[] };
  return body.credentials.filter((credential) => credential.name === name);
}

function claimsOf(token: string): { sub: string; exp: number } {
  const payload = token.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(payload)) as { sub: string; exp: number };
}

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithEveryRole("Softphone");
});

describe("POST /api/softphone/token", () => {
  it("mints a token from the agent's own credential, then reuses that credential", async () => {
    const agent = org.members.agent;
    const first = await call(agent, "POST", "/api/softphone/token");
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ mode: "simulated" });

    const [credential, ...others] = await credentialsNamed(`agent-${agent.userId.toLowerCase()}`);
    expect(others).toEqual([]);
    expect(credential).toMatchObject({ resource_id: "connection:sim-credentials", tag: `org-${org.organizationId.toLowerCase()}`, tokens_issued: 1 });
    expect(first.body.sipUsername).toBe(credential!.sip_username);
    expect(first.body.sipAddress).toBe(`sip:${credential!.sip_username}@sip.telnyx.com`);
    // The token is the carrier's, for that credential, and expires with it; the console refreshes before.
    expect(claimsOf(first.body.token).sub).toBe(credential!.sip_username);
    expect(first.body.expiresAt).toBe(credential!.expires_at);
    expect(Date.parse(first.body.expiresAt) - Date.parse(first.body.refreshAt)).toBe(SOFTPHONE_REFRESH_BEFORE_MS);

    const second = await call(agent, "POST", "/api/softphone/token");
    expect(second.status).toBe(200);
    expect(second.body.token).not.toBe(first.body.token);
    const after = await credentialsNamed(`agent-${agent.userId.toLowerCase()}`);
    expect(after).toEqual([expect.objectContaining({ id: credential!.id, tokens_issued: 2 })]);
  });

  it("gives each person their own credential: a supervisor's is not the agent's", async () => {
    const supervisor = org.members.supervisor;
    const answer = await call(supervisor, "POST", "/api/softphone/token");
    expect(answer.status).toBe(200);
    const [credential] = await credentialsNamed(`agent-${supervisor.userId.toLowerCase()}`);
    expect(answer.body.sipUsername).toBe(credential!.sip_username);
    const [agentCredential] = await credentialsNamed(`agent-${org.members.agent.userId.toLowerCase()}`);
    expect(credential!.sip_username).not.toBe(agentCredential?.sip_username);
  });

  it("refuses viewers (no legs ring them) and API keys (a softphone is a person's)", async () => {
    const viewer = await call(org.members.viewer, "POST", "/api/softphone/token");
    expect(viewer.status).toBe(403);
    const created = await call(org.owner, "POST", "/api/api-keys", { name: "softphone", role: "owner", scopes: ["calls:write"] });
    expect(created.status).toBe(201);
    const byKey = await call({ apiKey: created.body.secret as string }, "POST", "/api/softphone/token");
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.message).toMatch(/person/);
  });
});

/** A customer who talks until we hang up, so the call outlives the test's steps. */
async function patientCustomer(): Promise<string> {
  const number = randomNumber();
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/numbers/${encodeURIComponent(number)}`, {
    method: "PUT",
    body: JSON.stringify({ persona: { base: "live-human-en", hangupAfterSeconds: null } }),
  });
  if (!response.ok) throw new Error(`persona: ${response.status} ${await response.text()}`);
  return number;
}

describe("a person with a softphone credential", () => {
  it("is rung at the credential's SIP address, as an agent on a call and as a supervisor joining it", async () => {
    const { agent, supervisor } = org.members;
    const agentToken = await call(agent, "POST", "/api/softphone/token");
    const supervisorToken = await call(supervisor, "POST", "/api/softphone/token");
    expect([agentToken.status, supervisorToken.status]).toEqual([200, 200]);

    const id = await placeCall(agent, { to: await patientCustomer(), kind: "bridge" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await readCall(agent, id)).status === "bridged");
    expect((await call(supervisor, "POST", `/api/calls/${id}/supervision`, { mode: "monitor" })).status).toBe(201);
    await pump.until(async () => (await carrierLegsOf(id)).some((leg) => leg.to === supervisorToken.body.sipAddress && leg.state === "answered"));

    const legs = await carrierLegsOf(id);
    // Never at the engine's own sip:agent-… address, which Telnyx would not deliver to the browser.
    expect(legs.map((leg) => leg.to).filter((to) => to.startsWith("sip:")).sort()).toEqual([agentToken.body.sipAddress, supervisorToken.body.sipAddress].sort());
    expect(agentToken.body.sipAddress).toBe(`sip:${agentToken.body.sipUsername}@sip.telnyx.com`);
    expect(legs.find((leg) => leg.to === agentToken.body.sipAddress)?.state).toBe("answered");
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
  });
});

const credentialName = (person: Member) => `agent-${person.userId.toLowerCase()}`;
const auditOf = async (action: string) => (await call(org.owner, "GET", `/api/audit?action=${action}&limit=50`)).body.entries as { resourceId: string | null; after: Record<string, unknown> | null }[];

describe("revoking a softphone credential", () => {
  it("deletes the person's credential at the carrier when they log out (audited with the logout)", async () => {
    const agent = await inviteAndJoin(org.owner, "agent");
    expect((await call(agent, "POST", "/api/softphone/token")).status).toBe(200);
    expect(await credentialsNamed(credentialName(agent))).toHaveLength(1);

    expect((await call(agent, "POST", "/api/auth/logout")).status).toBe(204);
    expect(await credentialsNamed(credentialName(agent))).toEqual([]);
    const ended = (await auditOf("session.ended")).find((entry) => entry.resourceId === agent.userId);
    expect(ended?.after).toEqual({ softphone: { credentialsRevoked: 1 } });
  });

  it("lets an admin revoke a member's softphone: deleted at the carrier, their sessions here ended, audited, and their next leg rings their own address at once", async () => {
    const agent = await inviteAndJoin(org.owner, "agent");
    const token = await call(agent, "POST", "/api/softphone/token");
    // A leg to them rings the credential, and the dialler remembers that address for a while.
    const first = await placeCall(agent, { to: await patientCustomer(), kind: "bridge" });
    const pump = CallPump.forCall(first);
    await pump.until(async () => (await carrierLegsOf(first)).some((leg) => leg.to === token.body.sipAddress && leg.state === "answered"));
    expect((await call(agent, "POST", `/api/calls/${first}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, first)).status));

    const members = (await call(org.owner, "GET", "/api/members")).body.members as { id: string; userId: string }[];
    const membershipId = members.find((each) => each.userId === agent.userId)!.id;
    // An agent cannot revoke anyone's; an admin can.
    expect((await call(org.members.agent, "DELETE", `/api/members/${membershipId}/softphone-credential`)).status).toBe(403);
    const revoked = await call(org.members.admin, "DELETE", `/api/members/${membershipId}/softphone-credential`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toEqual({ userId: agent.userId, credentialsRevoked: 1, sessionsEnded: 1 });
    expect(await credentialsNamed(credentialName(agent))).toEqual([]);
    // Signed out here: the console cannot mint a new credential without signing in again.
    expect((await call(agent, "GET", "/api/auth/me")).status).toBe(401);
    expect((await auditOf("softphone.credential_revoked")).find((entry) => entry.resourceId === membershipId)?.after).toEqual({ userId: agent.userId, credentialsRevoked: 1, sessionsEnded: 1 });

    // Signed in again, no softphone yet: well within the address cache's minute, their leg rings their own address, not the revoked credential's.
    const again = await logIn(agent);
    const second = await placeCall(again, { to: await patientCustomer(), kind: "bridge" });
    const pumpAgain = CallPump.forCall(second);
    await pumpAgain.until(async () => (await carrierLegsOf(second)).some((leg) => leg.to.startsWith("sip:") && leg.state === "answered"));
    const agentLegs = (await carrierLegsOf(second)).filter((leg) => leg.to.startsWith("sip:"));
    expect(agentLegs.map((leg) => leg.to)).toEqual([expect.stringMatching(new RegExp(`^sip:${credentialName(agent)}@`))]);
    expect((await call(again, "POST", `/api/calls/${second}/hangup`)).status).toBe(202);
    await pumpAgain.until(async () => TERMINAL.has((await readCall(again, second)).status));
  });

  it("revokes a removed member's credential", async () => {
    const agent = await inviteAndJoin(org.owner, "agent");
    expect((await call(agent, "POST", "/api/softphone/token")).status).toBe(200);
    const members = (await call(org.owner, "GET", "/api/members")).body.members as { id: string; userId: string }[];
    expect((await call(org.owner, "DELETE", `/api/members/${members.find((each) => each.userId === agent.userId)!.id}`)).status).toBe(204);
    expect(await credentialsNamed(credentialName(agent))).toEqual([]);
  });
});
