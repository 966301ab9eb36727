// The softphone's credential path through the real `telnyx` SDK: a credential created on a
// credential connection, found again by name, a token minted for it (text/plain, a JWT
// that expires with its credential), and an expired credential refusing to mint.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(() => h.close());

function claimsOf(token: string): { sub: string; exp: number; credential_id: string } {
  const [, payload] = token.split(".");
  return JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as { sub: string; exp: number; credential_id: string };
}

/** The simulator's clock (manual in the harness), from its control API. */
async function simNow(): Promise<number> {
  return Date.parse((await h.control<{ now: string }>("GET", "/control")).body.now);
}

describe("telephony credentials", () => {
  it("creates a credential, lists it by name and mints a token that ends with it", async () => {
    h = await startHarness();
    const now = await simNow();
    const expiresAt = new Date(now + 8 * 3600_000).toISOString();
    const created = await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", tag: "org-1", expires_at: expiresAt });
    expect(created.data).toMatchObject({ name: "agent-u1", tag: "org-1", resource_id: "connection:sim-credentials", expired: false, expires_at: expiresAt });
    expect(created.data?.sip_username).toMatch(/^gencred/);

    const found = [];
    for await (const credential of h.client.telephonyCredentials.list({ filter: { name: "agent-u1" } })) found.push(credential);
    expect(found.map((credential) => credential.id)).toEqual([created.data!.id]);
    const others = [];
    for await (const credential of h.client.telephonyCredentials.list({ filter: { name: "agent-u2" } })) others.push(credential);
    expect(others).toEqual([]);

    const token = await h.client.telephonyCredentials.createToken(created.data!.id!);
    expect(typeof token).toBe("string");
    const claims = claimsOf(token);
    expect(claims.sub).toBe(created.data!.sip_username);
    expect(claims.exp).toBe(Math.floor(Date.parse(expiresAt) / 1000));

    const listed = await h.control<{ credentials: { id: string; tokens_issued: number }[] }>("GET", "/control/telephony-credentials");
    expect(listed.body.credentials).toEqual([expect.objectContaining({ id: created.data!.id, tokens_issued: 1 })]);
  });

  it("refuses a token for an expired credential and one that does not exist", async () => {
    h = await startHarness();
    const now = await simNow();
    const created = await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date(now + 60_000).toISOString() });
    await h.advance(61);
    const [listed] = (await h.client.telephonyCredentials.list({ filter: { name: "agent-u1" } })).data;
    expect(listed?.expired).toBe(true);
    await expect(h.client.telephonyCredentials.createToken(created.data!.id!)).rejects.toMatchObject({ status: 404 });
    await expect(h.client.telephonyCredentials.createToken("nope")).rejects.toMatchObject({ status: 404 });
    await h.client.telephonyCredentials.delete(created.data!.id!);
    expect((await h.client.telephonyCredentials.list({ filter: { name: "agent-u1" } })).data).toEqual([]);
  });

  it("answers 422 naming connection_id when it is missing", async () => {
    h = await startHarness();
    const response = await fetch(`${h.sim.baseUrl}/telephony_credentials`, { method: "POST", headers: { authorization: "Bearer sim-key", "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { source?: { pointer: string } }[] };
    expect(body.errors[0]?.source?.pointer).toBe("/connection_id");
  });
});
