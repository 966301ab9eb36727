// The Worker's webhook signature check against the telnyx SDK's own verifier: the same
// webhooks accepted, the same refused (tampered, stale, future, another key, malformed,
// missing headers), with the key imported once instead of per webhook.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import Telnyx from "telnyx";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyTelnyxSignature } from "../../../../worker/webhooks/telnyx-signature";
import { signWebhook } from "../../../setup/webhook-mailbox";

const rawPublicKey = (key: KeyObject) => key.export({ format: "der", type: "spki" }).subarray(-32).toString("base64");
const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");
const publicKey = rawPublicKey(ours.publicKey);
const sdk = new Telnyx({ apiKey: "verification-only", publicKey });
const body = JSON.stringify({ data: { id: "ev-1", event_type: "call.initiated", payload: { call_control_id: "v3:abc" } } });
const nowSeconds = Math.floor(Date.now() / 1000);

const verdicts = async (raw: string, headers: Record<string, string>) => ({
  worker: await verifyTelnyxSignature(publicKey, raw, headers, Date.now()).then(
    () => "accepted",
    () => "refused",
  ),
  sdk: await sdk.webhooks.unwrap(raw, { headers }).then(
    () => "accepted",
    () => "refused",
  ),
});

describe("the Worker's Telnyx webhook signature check", () => {
  // Both read the clock: pinned, so a busy machine cannot move a case across the 300 s edge.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(nowSeconds * 1000 + 500);
  });
  afterAll(() => vi.useRealTimers());
  const signed = signWebhook(ours.privateKey, body, nowSeconds);
  const cases: [string, string, Record<string, string>, "accepted" | "refused"][] = [
    ["a webhook signed now", body, signed, "accepted"],
    ["the same webhook again (the key is kept)", body, signed, "accepted"],
    ["a webhook signed 299 s ago", body, signWebhook(ours.privateKey, body, nowSeconds - 299), "accepted"],
    ["a tampered body", body.replace("call.initiated", "call.answered"), signed, "refused"],
    ["a webhook signed 301 s ago", body, signWebhook(ours.privateKey, body, nowSeconds - 301), "refused"],
    ["a webhook signed 301 s in the future", body, signWebhook(ours.privateKey, body, nowSeconds + 301), "refused"],
    ["another key's signature", body, signWebhook(theirs.privateKey, body, nowSeconds), "refused"],
    ["a signature that is not base64", body, { ...signed, "telnyx-signature-ed25519": "not*base64" }, "refused"],
    ["a signature of the wrong length", body, { ...signed, "telnyx-signature-ed25519": Buffer.alloc(32).toString("base64") }, "refused"],
    ["a timestamp that is not a number", body, { ...signed, "telnyx-timestamp": "12a" }, "refused"],
    ["no signature header", body, { "telnyx-timestamp": signed["telnyx-timestamp"]! }, "refused"],
    ["no timestamp header", body, { "telnyx-signature-ed25519": signed["telnyx-signature-ed25519"]! }, "refused"],
  ];
  for (const [what, raw, headers, expected] of cases) {
    it(`gives the SDK's verdict on ${what}: ${expected}`, async () => {
      expect(await verdicts(raw, headers)).toEqual({ worker: expected, sdk: expected });
    });
  }

  it("refuses everything under a public key that is not 32 bytes of base64, as the SDK does", async () => {
    const bad = "c2hvcnQ=";
    await expect(verifyTelnyxSignature(bad, body, signed, Date.now())).rejects.toThrow(/public key/);
    await expect(new Telnyx({ apiKey: "x", publicKey: bad }).webhooks.unwrap(body, { headers: signed })).rejects.toThrow();
  });
});
