// One pass of an organisation's webhook dispatcher: take the deliveries due now, send
// each (signed, to a target the SSRF guard allows, no redirects followed), record every
// attempt and what follows it (domain/webhook-retry.ts), and say when the next is due.
// Pure of workerd: the actor hands in the ports (Postgres, the network, the clock,
// randomness), so the decisions are testable as plain code.
import { decideAfterAttempt, failingTooLong, type AttemptResult } from "../../domain/webhook-retry";
import type { AttemptRecord, DueDelivery } from "../../db/writers/webhook-records";
import { signedHeaders } from "./signature";

/** Deliveries per pass; a full batch asks for another pass at once. */
export const DELIVERIES_PER_PASS = 50;
/** Sent at once: a slow receiver holds one slot, not the pass. */
const CONCURRENT_SENDS = 8;

export interface DispatchPorts {
  nowMs(): number;
  random(): number;
  loadDue(now: Date, limit: number): Promise<DueDelivery[]>;
  record(attempt: AttemptRecord): Promise<void>;
  nextDueAt(): Promise<Date | null>;
  /** Why the URL may not be sent to now (the SSRF guard, DNS included), or null. */
  refusedTarget(url: string): Promise<string | null>;
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; retryAfter: string | null }>;
}

export interface PassResult {
  attempted: number;
  succeeded: number;
  /** When the dispatcher should run again: null when nothing is pending. */
  wakeAtMs: number | null;
}

export async function runDispatchPass(organizationId: string, ports: DispatchPorts): Promise<PassResult> {
  const due = await ports.loadDue(new Date(ports.nowMs()), DELIVERIES_PER_PASS);
  let succeeded = 0;
  for (let i = 0; i < due.length; i += CONCURRENT_SENDS) {
    const outcomes = await Promise.all(due.slice(i, i + CONCURRENT_SENDS).map((delivery) => deliverOnce(organizationId, delivery, ports)));
    succeeded += outcomes.filter(Boolean).length;
  }
  if (due.length === DELIVERIES_PER_PASS) return { attempted: due.length, succeeded, wakeAtMs: ports.nowMs() };
  const next = await ports.nextDueAt();
  return { attempted: due.length, succeeded, wakeAtMs: next ? Math.max(next.getTime(), ports.nowMs()) : null };
}

/** Sends one delivery once and records it; true when the receiver took it. */
async function deliverOnce(organizationId: string, delivery: DueDelivery, ports: DispatchPorts): Promise<boolean> {
  const startedMs = ports.nowMs();
  const attemptedAt = new Date(startedMs);
  const result = await attempt(delivery, attemptedAt, ports);
  const durationMs = Math.max(0, ports.nowMs() - startedMs);
  const attemptNumber = delivery.attempts + 1;
  const decision = decideAfterAttempt(attemptNumber, result, ports.nowMs(), ports.random());
  const failingSinceMs = delivery.failingSince?.getTime() ?? (decision.kind === "succeeded" ? null : startedMs);
  const disableEndpoint = decision.kind === "endpoint_gone" ? "gone" : decision.kind !== "succeeded" && failingTooLong(failingSinceMs, startedMs) ? "failing" : null;
  await ports.record({
    organizationId,
    delivery,
    attemptedAt,
    durationMs,
    responseStatus: result.kind === "response" ? result.status : null,
    error: result.kind === "no_response" ? result.error : null,
    outcome: decision.kind === "retry" ? { kind: "retry", at: new Date(decision.atMs) } : decision.kind === "endpoint_gone" ? { kind: "failed" } : decision,
    disableEndpoint,
  });
  return decision.kind === "succeeded";
}

async function attempt(delivery: DueDelivery, at: Date, ports: DispatchPorts): Promise<AttemptResult> {
  const refused = await ports.refusedTarget(delivery.url).catch((error: unknown) => `could not be resolved: ${String(error)}`);
  if (refused) return { kind: "no_response", error: `target refused: ${refused}` };
  const previous = delivery.previousSecret && delivery.previousSecretExpiresAt && delivery.previousSecretExpiresAt > at ? delivery.previousSecret : null;
  const headers = signedHeaders(delivery.messageId, at, delivery.body, { current: delivery.secret, previous });
  try {
    const response = await ports.post(delivery.url, headers, delivery.body);
    return { kind: "response", status: response.status, retryAfter: response.retryAfter };
  } catch (error) {
    return { kind: "no_response", error: error instanceof Error ? error.message : String(error) };
  }
}
