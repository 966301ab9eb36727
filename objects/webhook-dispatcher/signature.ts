// Signs a delivery as Standard Webhooks says (webhook-id, webhook-timestamp,
// webhook-signature = "v1,<base64 HMAC-SHA256 of id.timestamp.body>"), with the spec's own
// library. During a secret's rotation both secrets sign: the header carries both
// signatures, space-separated, and a receiver holding either secret verifies.
import { Webhook } from "standardwebhooks";

export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while its roll window lasts. */
  previous: string | null;
}

export function signedHeaders(messageId: string, at: Date, body: string, secrets: SigningSecrets): Record<string, string> {
  const signatures = [secrets.current, ...(secrets.previous ? [secrets.previous] : [])].map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    "content-type": "application/json",
    "user-agent": "WordIsBond-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

/** A new endpoint secret: whsec_ and 32 random bytes in base64 (what the library expects). */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}
