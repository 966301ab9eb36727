// Where a person's leg is dialled: at their softphone credential's SIP address while they
// have a live on-demand credential (Telnyx delivers there, not to a domain of ours), else
// at the engine's own `sip:agent-<userId>@…` address. The rules are pure; the look-up goes
// through the real `telnyx` SDK against the carrier simulator, which answers a live
// credential's address as the agent's softphone, as it answers `sip:agent-…`.
import Telnyx from "telnyx";
import { afterEach, describe, expect, it } from "vitest";
import { credentialSipAddress, credentialToRing, softphoneCredentialNameOf } from "../../../../../domain/softphone";
import { softphoneDialAddress } from "../../../../../objects/call/ports/softphone-address";
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
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow())).toBe(engineAddress);

    const created = await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date((await simNow()) + 3600_000).toISOString() });
    const credentialAddress = `sip:${created.data!.sip_username}@sip.telnyx.com`;
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow())).toBe(credentialAddress);
    // Someone else's leg, a customer's number, or no credential connection configured: unchanged.
    expect(await softphoneDialAddress(h.client, "sim-credentials", "sip:agent-u2@agents.wordisbond.local", await simNow())).toBe("sip:agent-u2@agents.wordisbond.local");
    expect(await softphoneDialAddress(h.client, "sim-credentials", "+15550100001", await simNow())).toBe("+15550100001");
    expect(await softphoneDialAddress(h.client, undefined, engineAddress, await simNow())).toBe(engineAddress);

    // The simulator answers the credential's address as the agent's softphone does (at once, no screening).
    const id = await h.dial(credentialAddress, { answering_machine_detection: "detect" });
    await h.advance(2);
    const { body } = await h.control<{ calls: { legs: { call_control_id: string; persona: string; state: string }[] }[] }>("GET", "/control/calls");
    expect(body.calls.flatMap((session) => session.legs).find((leg) => leg.call_control_id === id)).toMatchObject({ persona: "agent-softphone", state: "answered" });

    await h.advance(3601);
    expect(await softphoneDialAddress(h.client, "sim-credentials", engineAddress, await simNow())).toBe(engineAddress);
  });

  it("rings the engine's own address when the carrier refuses the look-up for good (a key that may not list credentials)", async () => {
    h = await startHarness({ apiKey: "sim-key" });
    await h.client.telephonyCredentials.create({ connection_id: "sim-credentials", name: "agent-u1", expires_at: new Date((await simNow()) + 3600_000).toISOString() });
    const refused = new Telnyx({ apiKey: "another-key", baseURL: h.sim.baseUrl, maxRetries: 0 });
    expect(await softphoneDialAddress(refused, "sim-credentials", "sip:agent-u1@agents.wordisbond.local", await simNow())).toBe("sip:agent-u1@agents.wordisbond.local");
  });
});
