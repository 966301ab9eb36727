// The few HTTP chores the simulator's routes share: reading a bounded body, parsing it
// as JSON without trusting its shape, answering JSON, and telling loopback callers apart.
import type http from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** An empty body is `{}` (the SDK sends none for argument-less actions). */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

export function isLoopback(request: http.IncomingMessage): boolean {
  const address = request.socket.remoteAddress ?? "";
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

/** What one webhook POST came to: a 2xx is delivered, any other answer rejected, no answer a timeout or unreachable. */
export type WebhookPostResult = { outcome: "delivered" | "rejected"; status: number } | { outcome: "timeout" | "unreachable"; error: string };

/**
 * POSTs one webhook body (both simulators deliver this way), reading the answer to the end.
 * Null when `closing` aborted it: the simulator is shutting down and records nothing.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, timeoutMs: number, closing: AbortSignal): Promise<WebhookPostResult | null> {
  try {
    const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing]) });
    await response.arrayBuffer().catch(() => undefined);
    return { outcome: response.ok ? "delivered" : "rejected", status: response.status };
  } catch (error) {
    if (closing.aborted) return null;
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { outcome: timedOut ? "timeout" : "unreachable", error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
  }
}
