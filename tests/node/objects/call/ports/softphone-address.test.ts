// Where a person's leg is dialled: at their softphone credential's SIP address while they
// have a live on-demand credential (Telnyx delivers there, not to a domain of ours), else
// at the engine's own `sip:agent-<userId>@…` address. The rules are pure; the look-up goes
// through the real `telnyx` SDK against the carrier simulator, which answers a live
// credential's address as the agent's softphone, as it answers `sip:agent-…`. A live
// credential's address is remembered briefly, so repeated dials to a person with a
// softphone make one look-up, not one each (requests counted at the SDK's fetch).
import Telnyx from "telnyx";
import { afterEach, describe, expect, it } from "vitest";
import { credentialSipAddress, credentialToRing, softphoneCredentialNameOf } from "../../../../../domain/softphone";
import { forgetSoftphoneAddress, softphoneDialAddress } from "../../../../../objects/call/ports/softphone-address";
import { SoftphoneAddressCache, SOFTPHONE_ADDRESS_TTL_MS } from "../../../../../objects/call/ports/softphone-address-cache";
import { startHarness, type Harness } from "../../../sim/harness";

const NOW = Date.parse("2026-12-06T09:00:00Z");
const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * 3600_000).toISOString();

describe("the credential to ring", () => {
  it("is named by the engine's address of the person, and no other address", () => {
    expect(softphoneCredentialNameOf("sip:agent-7D3F5A52@agents.wordisbond.local")).toBe("agent-7d3f5a52");
    expect(softphoneCredentialNameOf("+15550100001")).toBeNull();
    expect(softphoneCredentialNameOf("sip:gencred123@sip.telnyx.com")).toBeNull();
  });

  it("is the live one with the latest expiry; none when every one has expired", () => {
    const old = { id: "old", expiresAt: at(0.2), expired: false };
    const fresh = { id: "fresh", expiresAt: at(7.5), expired: false };
    const gone = { id: "gone", expiresAt: at(9), expired: true };
    expect(credentialToRing([old, fresh, gone], NOW)?.id).toBe("fresh");
    // A credential with minutes left still rings: the console is registered with it until it refreshes.
    expect(credentialToRing([old], NOW)?.id).toBe("old");
    expect(credentialToRing([{ id: "past", expiresAt: at(-1), expired: false }, gone], NOW)).toBeNull();
    expect(credentialSipAddress("gencredabc")).toBe("sip:gencredabc@sip.telnyx.com");
  });
});

describe("dialling a person's leg through the carrier", () => {
  let h: Harness;
  afterEach(() => h.close());

  async function simNow(): Promise<number> {
    return Date.parse((await h.control<{ now: string }>("GET", "/control")).body.now);
  }

  it("rings the credential's address while it is live, the engine's own address before and after", async () => {
    h = await startHarness();
    const engineAddress = "sip:agent-u1@agents.wordisbond.local";
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow(), new SoftphoneAddressCache())).toBe(engineAddress);

    const created = await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date((await simNow()) + 3600_000).toISOString() });
    const credentialAddress = `sip:${created.data!.sip_username}@sip.telnyx.com`;
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow(), new SoftphoneAddressCache())).toBe(credentialAddress);
    // Someone else's leg, a customer's number, or no credential connection configured: unchanged.
    expect(await softphoneDialAddress(h.client, "sim-credentials", "sip:agent-u2@agents.wordisbond.local", await simNow(), new SoftphoneAddressCache())).toBe("sip:agent-u2@agents.wordisbond.local");
    expect(await softphoneDialAddress(h.client, "sim-credentials", "+15550100001", await simNow(), new SoftphoneAddressCache())).toBe("+15550100001");
    expect(await softphoneDialAddress(h.client, undefined, engineAddress, await simNow(), new SoftphoneAddressCache())).toBe(engineAddress);

    // The simulator answers the credential's address as the agent's softphone does (at once, no screening).
    const id = await h.dial(credentialAddress, { answering_machine_detection: "detect" });
    await h.advance(2);
    const { body } = await h.control<{ calls: { legs: { call_control_id: string; persona: string; state: string }[] }[] }>("GET", "/control/calls");
    expect(body.calls.flatMap((session) => session.legs).find((leg) => leg.call_control_id === id)).toMatchObject({ persona: "agent-softphone", state: "answered" });

    await h.advance(3601);
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow(), new SoftphoneAddressCache())).toBe(engineAddress);
  });

  it("rings the engine's own address when the carrier refuses the look-up for good (a key that may not list credentials)", async () => {
    h = await startHarness({ apiKey: "sim-key" });
    await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date((await simNow()) + 3600_000).toISOString() });
    const refused = new Telnyx({ apiKey: "another-key", baseURL: h.sim.baseUrl, maxRetries: 0 });
    expect(await softphoneDialAddress(refused, "sim-credentials", "sip:agent-u1@agents.wordisbond.local", await simNow(), new SoftphoneAddressCache())).toBe("sip:agent-u1@agents.wordisbond.local");
  });
});

describe("a person's softphone address, remembered between dials", () => {
  let h: Harness;
  afterEach(() => h.close());

  /** The real SDK against the simulator, counting the credential look-ups it sends. */
  async function countingClient() {
    h = await startHarness();
    const lookups: string[] = [];
    const client = new Telnyx({
      apiKey: "sim-key",
      baseURL: h.sim.baseUrl,
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname.endsWith("/telephony_credentials") && (init?.method ?? "GET") === "GET") lookups.push(url.search);
        return fetch(input, init);
      },
    });
    const simNow = async () => Date.parse((await h.control<{ now: string }>("GET", "/control")).body.now);
    return { client, lookups, simNow };
  }

  it("costs one look-up for many dials within the TTL, then asks again; a person without a softphone is asked about every time", async () => {
    const { client, lookups, simNow } = await countingClient();
    const cache = new SoftphoneAddressCache();
    const engineAddress = "sip:agent-u1@agents.wordisbond.local";
    const created = await client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date((await simNow()) + 8 * 3600_000).toISOString() });
    const credentialAddress = `sip:${created.data!.sip_username}@sip.telnyx.com`;
    const now = await simNow();
    for (let dial = 0; dial < 5; dial++) expect(await softphoneDialAddress(client, "sim-credentials", engineAddress, now + dial * 1000, cache)).toBe(credentialAddress);
    expect(lookups).toHaveLength(1);
    expect(decodeURIComponent(lookups[0]!)).toContain("agent-u1");
    // Past the TTL the carrier is asked again.
    expect(await softphoneDialAddress(client, "sim-credentials", engineAddress, now + SOFTPHONE_ADDRESS_TTL_MS, cache)).toBe(credentialAddress);
    expect(lookups).toHaveLength(2);

    // Someone with no credential (a SIP phone): not remembered, so a softphone they open next rings at once.
    const other = "sip:agent-u2@agents.wordisbond.local";
    expect(await softphoneDialAddress(client, "sim-credentials", other, now, cache)).toBe(other);
    expect(await softphoneDialAddress(client, "sim-credentials", other, now, cache)).toBe(other);
    expect(lookups).toHaveLength(4);
    const second = await client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u2", expires_at: new Date(now + 8 * 3600_000).toISOString() });
    expect(await softphoneDialAddress(client, "sim-credentials", other, now, cache)).toBe(`sip:${second.data!.sip_username}@sip.telnyx.com`);
  });

  it("forgets a person when told their credential was renewed (the mint tells it; so does a refused dial), and never keeps one about to be replaced", async () => {
    const { client, lookups, simNow } = await countingClient();
    const cache = new SoftphoneAddressCache();
    const engineAddress = "sip:agent-u1@agents.wordisbond.local";
    const now = await simNow();
    const first = await client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date(now + 8 * 3600_000).toISOString() });
    expect(await softphoneDialAddress(client, "sim-credentials", engineAddress, now, cache)).toBe(`sip:${first.data!.sip_username}@sip.telnyx.com`);
    // The credential is revoked and a new one made (what the mint does when it renews): forgotten, so the next dial finds the new one.
    await client.telephonyCredentials.delete(first.data!.id!);
    const renewed = await client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date(now + 8 * 3600_000).toISOString() });
    forgetSoftphoneAddress(engineAddress, cache);
    expect(await softphoneDialAddress(client, "sim-credentials", engineAddress, now, cache)).toBe(`sip:${renewed.data!.sip_username}@sip.telnyx.com`);
    expect(lookups).toHaveLength(2);

    // A credential with less than the mint's minimum left may be replaced by the person's console at any moment: asked about each dial.
    const shortName = "sip:agent-u3@agents.wordisbond.local";
    await client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u3", expires_at: new Date(now + 20 * 60_000).toISOString() });
    await softphoneDialAddress(client, "sim-credentials", shortName, now, cache);
    await softphoneDialAddress(client, "sim-credentials", shortName, now, cache);
    expect(lookups).toHaveLength(4);
  });
});
