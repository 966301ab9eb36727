// One pass of an organisation's webhook dispatcher: take the deliveries due now, send
// each (signed, to a target the SSRF guard allows, no redirects followed), record every
// attempt and what follows it (domain/webhook-retry.ts), and say when the next is due.
// Pure of workerd: the actor hands in the ports (Postgres, the network, the clock,
// randomness), so the decisions are testable as plain code.
//
// Throughput: the sends run side by side, up to a limit per endpoint (one slow receiver
// holds its own slots, never another endpoint's) and in all; the attempts are recorded in
// batches (one transaction per batch, not per delivery) as they finish, so a pass costs
// Postgres a few round trips per batch. At least once still: an attempt not yet recorded
// when the actor stops leaves its delivery pending, sent again by the next pass.
import { decideAfterAttempt, failingTooLong, type AttemptResult } from "../../domain/webhook-retry";
import type { AttemptRecord, DueDelivery } from "../../db/writers/webhook-records";
import { signedHeaders } from "./signature";

/** Deliveries per pass; a full batch asks for another pass at once. */
export const DELIVERIES_PER_PASS = 250;
/** Sent at once to one endpoint: a receiver is not flooded, and a slow one holds only these. */
export const SENDS_PER_ENDPOINT = 16;
/** Sent at once in all. */
export const CONCURRENT_SENDS = 48;
/** Attempts recorded together (fewer when the pass ends). */
export const RECORD_BATCH = 50;

export interface DispatchPorts {
  nowMs(): number;
  random(): number;
  loadDue(now: Date, limit: number): Promise<DueDelivery[]>;
  /** Records these attempts in one transaction. */
  record(attempts: readonly AttemptRecord[]): Promise<void>;
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
  const recorder = new BatchRecorder(ports.record, RECORD_BATCH);
  let succeeded = 0;
  await sendSideBySide(due, async (delivery) => {
    const record = await deliverOnce(organizationId, delivery, ports);
    if (record.outcome.kind === "succeeded") succeeded++;
    recorder.add(record);
  });
  await recorder.finish();
  if (due.length === DELIVERIES_PER_PASS) return { attempted: due.length, succeeded, wakeAtMs: ports.nowMs() };
  const next = await ports.nextDueAt();
  return { attempted: due.length, succeeded, wakeAtMs: next ? Math.max(next.getTime(), ports.nowMs()) : null };
}

/**
 * Runs `send` for every delivery, at most SENDS_PER_ENDPOINT per endpoint and
 * CONCURRENT_SENDS in all at once; each endpoint's deliveries start in the order given.
 */
export async function sendSideBySide(due: readonly DueDelivery[], send: (delivery: DueDelivery) => Promise<void>, limits = { perEndpoint: SENDS_PER_ENDPOINT, total: CONCURRENT_SENDS }): Promise<void> {
  const queues = new Map<string, DueDelivery[]>();
  for (const delivery of due) {
    const queue = queues.get(delivery.endpointId);
    if (queue) queue.push(delivery);
    else queues.set(delivery.endpointId, [delivery]);
  }
  const running = new Map<string, number>();
  let inFlight = 0;
  await new Promise<void>((resolve, reject) => {
    let remaining = due.length;
    if (remaining === 0) return resolve();
    const startWhatFits = () => {
      for (const [endpointId, queue] of queues) {
        while (queue.length > 0 && inFlight < limits.total && (running.get(endpointId) ?? 0) < limits.perEndpoint) {
          const delivery = queue.shift()!;
          inFlight++;
          running.set(endpointId, (running.get(endpointId) ?? 0) + 1);
          send(delivery).then(() => {
            inFlight--;
            running.set(endpointId, running.get(endpointId)! - 1);
            if (--remaining === 0) resolve();
            else startWhatFits();
          }, reject);
        }
        if (queue.length === 0) queues.delete(endpointId);
      }
    };
    startWhatFits();
  });
}

/** Collects attempt records and writes them a batch at a time, one write after another. */
class BatchRecorder {
  #pending: AttemptRecord[] = [];
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (records: readonly AttemptRecord[]) => Promise<void>,
    private readonly batch: number,
  ) {}

  add(record: AttemptRecord): void {
    this.#pending.push(record);
    if (this.#pending.length >= this.batch) this.#flush();
  }

  async finish(): Promise<void> {
    this.#flush();
    await this.#writing;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const records = this.#pending;
    this.#pending = [];
    // A failed write fails the pass (its deliveries stay pending and are sent again); later batches still wait their turn.
    this.#writing = this.#writing.then(() => this.write(records));
  }
}

/** Sends one delivery once; what to record of it. */
async function deliverOnce(organizationId: string, delivery: DueDelivery, ports: DispatchPorts): Promise<AttemptRecord> {
  const startedMs = ports.nowMs();
  const attemptedAt = new Date(startedMs);
  const result = await attempt(delivery, attemptedAt, ports);
  const durationMs = Math.max(0, ports.nowMs() - startedMs);
  const attemptNumber = delivery.attempts + 1;
  const decision = decideAfterAttempt(attemptNumber, result, ports.nowMs(), ports.random());
  const failingSinceMs = delivery.failingSince?.getTime() ?? (decision.kind === "succeeded" ? null : startedMs);
  const disableEndpoint = decision.kind === "endpoint_gone" ? "gone" : decision.kind !== "succeeded" && failingTooLong(failingSinceMs, startedMs) ? "failing" : null;
  return {
    organizationId,
    delivery,
    attemptedAt,
    durationMs,
    responseStatus: result.kind === "response" ? result.status : null,
    error: result.kind === "no_response" ? result.error : null,
    outcome: decision.kind === "retry" ? { kind: "retry", at: new Date(decision.atMs) } : decision.kind === "endpoint_gone" ? { kind: "failed" } : decision,
    disableEndpoint,
  };
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
