// The optional `Idempotency-Key` request header: a client that retries a request
// (after a timeout, say) sends the same key, and the route answers with what the
// first request did instead of doing it again. Only its shape is checked here; what
// a repeat means is up to the route.
import { ApiError } from "./errors";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

// Printable ASCII (space to tilde); fetch has already trimmed the ends.
const PRINTABLE = /^[\x20-\x7e]+$/;

/** The key, null when the header is absent; a 400 naming the header when it is malformed. */
export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return null;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE.test(key)) {
    const rule = `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`;
    throw new ApiError(400, "validation_failed", `The ${IDEMPOTENCY_KEY_HEADER} header must be ${rule}`, [
      { path: IDEMPOTENCY_KEY_HEADER, message: rule },
    ]);
  }
  return key;
}

/**
 * A stable UUID for a key within a scope (an organisation): the same key always names
 * the same resource, so even two concurrent first attempts reach one resource (one
 * call actor) and cannot both create one. SHA-256, shaped as an RFC 9562 version 8 UUID.
 */
export async function idForIdempotencyKey(scope: string, key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${scope}\n${key}`)));
  const bytes = digest.slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
