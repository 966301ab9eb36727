// Telnyx webhook signatures: Ed25519 over `timestamp|body`, the timestamp within 300 s of
// now, as the telnyx SDK's verifier checks them (tests/node/worker/webhooks/telnyx-signature.test.ts
// holds the two to the same verdicts). Ours keeps the imported CryptoKey per public key: the
// SDK decodes and imports the key again for every webhook, at every carrier event.
const TOLERANCE_SECONDS = 300;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class WebhookSignatureError extends Error {}

let cached: { publicKey: string; key: Promise<CryptoKey> } | undefined;

function verifyKey(publicKey: string): Promise<CryptoKey> {
  if (cached?.publicKey !== publicKey) {
    const bytes = decodeBase64(publicKey);
    if (!bytes || bytes.length !== PUBLIC_KEY_BYTES) throw new WebhookSignatureError(`Invalid public key: expected ${PUBLIC_KEY_BYTES} bytes of base64`);
    const key = crypto.subtle.importKey("raw", bytes, { name: "Ed25519" }, false, ["verify"]);
    // A key that fails to import is not kept: the next webhook tries again (and fails alike).
    key.catch(() => (cached = undefined));
    cached = { publicKey, key };
  }
  return cached.key;
}

const SIGNATURE_HEADERS = ["telnyx-signature-ed25519", "telnyx-timestamp"] as const;

/** Only the two headers the verifier reads, by their lower-case names. */
export function signatureHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

/** Throws WebhookSignatureError unless `body` was signed by `publicKey` (base64 of the raw key) within the tolerance of `nowMs`. */
export async function verifyTelnyxSignature(publicKey: string, body: string, headers: Record<string, string>, nowMs: number): Promise<void> {
  const signatureHeader = headers["telnyx-signature-ed25519"];
  const timestamp = headers["telnyx-timestamp"];
  if (!signatureHeader) throw new WebhookSignatureError("Missing required header: Telnyx-Signature-Ed25519");
  if (!timestamp) throw new WebhookSignatureError("Missing required header: Telnyx-Timestamp");
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(Number(timestamp))) throw new WebhookSignatureError(`Invalid timestamp format: ${timestamp}`);
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) throw new WebhookSignatureError(`Webhook timestamp too old or too new: ${timestamp}`);
  const signature = decodeBase64(signatureHeader);
  if (!signature || signature.length !== SIGNATURE_BYTES) throw new WebhookSignatureError(`Invalid signature format: ${signatureHeader}`);
  let valid: boolean;
  try {
    valid = await crypto.subtle.verify("Ed25519", await verifyKey(publicKey), signature, new TextEncoder().encode(`${timestamp}|${body}`));
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw error;
    throw new WebhookSignatureError("Signature verification failed due to cryptographic error");
  }
  if (!valid) throw new WebhookSignatureError("Signature verification failed: signature does not match payload");
}

/** Strict, padded base64 (as the SDK accepts), or null. */
function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  if (value.length === 0 || !STRICT_BASE64.test(value)) return null;
  const text = atob(value);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
