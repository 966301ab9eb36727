// Webhook signatures: what the SDK's unwrap accepts and refuses, checked independently
// with node:crypto too.
import { createPublicKey, verify } from "node:crypto";
import Telnyx from "telnyx";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.dial("+15550400001");
  await h.advance(2);
});
afterEach(() => h.close());

/** Ed25519 SPKI DER is a fixed 12-byte prefix and the raw 32-byte key. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

describe("webhook signatures", () => {
  it("the public key is base64 of the raw 32-byte Ed25519 key, and it verifies timestamp|body", () => {
    const raw = Buffer.from(h.sim.publicKeyBase64, "base64");
    expect(raw).toHaveLength(32);
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
    for (const { raw: body, headers } of h.received) {
      const signature = Buffer.from(headers["telnyx-signature-ed25519"]!, "base64");
      expect(signature).toHaveLength(64);
      expect(verify(null, Buffer.from(`${headers["telnyx-timestamp"]}|${body}`), key, signature)).toBe(true);
    }
  });

  it("the SDK's unwrap refuses a tampered body", async () => {
    const { raw, headers } = h.received[0]!;
    const tampered = raw.replace('"call.initiated"', '"call.answered"');
    expect(tampered).not.toBe(raw);
    await expect(h.client.webhooks.unwrap(tampered, { headers })).rejects.toThrow(/signature/i);
    await expect(h.client.webhooks.unwrap(raw, { headers })).resolves.toMatchObject({ data: { event_type: "call.initiated" } });
  });

  it("another simulator's key does not verify these webhooks", async () => {
    const other = await startHarness();
    const stranger = new Telnyx({ apiKey: "x", publicKey: other.sim.publicKeyBase64 });
    await other.close();
    const { raw, headers } = h.received[0]!;
    await expect(stranger.webhooks.unwrap(raw, { headers })).rejects.toThrow(/signature/i);
  });

  it("the timestamp is real wall-clock time even after the manual clock has moved an hour", async () => {
    await h.dial("+15550400002");
    await h.advance(3600);
    const last = h.received.at(-1)!;
    expect(Math.abs(Number(last.headers["telnyx-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    await expect(h.client.webhooks.unwrap(last.raw, { headers: last.headers })).resolves.toBeDefined();
  });
});
