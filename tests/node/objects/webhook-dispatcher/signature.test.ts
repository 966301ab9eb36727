import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signedHeaders } from "../../../../objects/webhook-dispatcher/signature";

// The Standard Webhooks spec's own test vector (standard-webhooks/standard-webhooks, libraries/javascript).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("signing a delivery", () => {
  it("matches the spec's test vector", () => {
    const headers = signedHeaders(VECTOR.id, new Date(VECTOR.timestampSeconds * 1000), VECTOR.body, { current: VECTOR.secret, previous: null });
    expect(headers).toMatchObject({ "webhook-id": VECTOR.id, "webhook-timestamp": String(VECTOR.timestampSeconds), "webhook-signature": VECTOR.signature });
  });

  it("carries both signatures during a rotation, each verifying with its own secret", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const at = new Date();
    const body = JSON.stringify({ type: "call.completed", timestamp: at.toISOString(), data: {} });
    const headers = signedHeaders("msg_1", at, body, { current, previous });
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toMatchObject({ type: "call.completed" });
    expect(new Webhook(previous).verify(body, headers)).toMatchObject({ type: "call.completed" });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
  });
});
