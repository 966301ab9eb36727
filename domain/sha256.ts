// SHA-256 as lowercase hex, WebCrypto only so the same code runs in workerd, Node and the
// browser. Secrets at rest (sessions, API keys, invites) and the audit chain use it.
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
