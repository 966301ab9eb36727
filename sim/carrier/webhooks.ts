// Webhook delivery as Telnyx does it: the `{ data, meta }` envelope, signed Ed25519
// over `${timestamp}|${rawBody}`, POSTed to the call's webhook URL, retried on a
// non-2xx or no answer (up to MAX_ATTEMPTS, meta.attempt counting), with the chaos
// knobs (duplicate, reorder, late) applied per event from the seeded generator, and
// every attempt in the delivery log.
//
// Without chaos, one call's deliveries go out one at a time in the order they happened
// (a per-call queue), so a calm run is easy to follow; calls do not wait for each other.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { postWebhook } from "./http.ts";
import type { ChaosSettings } from "./context.ts";
import type { Prng } from "./prng.ts";
import type { Scheduler, TimerId } from "./scheduler.ts";
import type { EventData, EventType, WebhookEnvelope } from "./wire.ts";

export const MAX_ATTEMPTS = 3;
/** Wait before attempt 2 and attempt 3 (simulator clock, not compressed by speed). */
export const RETRY_BACKOFF_MS = [1_000, 4_000] as const;
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** A held (reordered) event goes out after this long if the call has no next event. */
export const REORDER_MAX_HOLD_MS = 2_000;
const MAX_LOG_ENTRIES = 20_000;

/** Signs like Telnyx; the public key is the raw 32 bytes, base64, as `new Telnyx({ publicKey })` wants. */
export class WebhookSigner {
  readonly publicKeyBase64: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const jwk = publicKey.export({ format: "jwk" });
    if (!jwk.x) throw new Error("Ed25519 public key export lacks x");
    this.publicKeyBase64 = Buffer.from(jwk.x, "base64url").toString("base64");
    this.privateKey = privateKey;
  }

  /**
   * The timestamp is always the real wall clock, even on a manual clock: receivers
   * reject signatures more than 300 s from *their* now.
   */
  headers(rawBody: string, unixSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
    const timestamp = String(unixSeconds);
    const signature = sign(null, Buffer.from(`${timestamp}|${rawBody}`), this.privateKey);
    return { "telnyx-signature-ed25519": signature.toString("base64"), "telnyx-timestamp": timestamp };
  }
}

export type ChaosTag = "duplicate" | "reordered" | "late";
export type DeliveryOutcome = "pending" | "delivered" | "rejected" | "timeout" | "unreachable" | "no_url";

export interface DeliveryLogEntry {
  seq: number;
  /** Simulator milliseconds since start (or reset) when the attempt was queued. */
  atMs: number;
  eventId: string;
  eventType: EventType;
  callControlId: string;
  url: string | null;
  attempt: number;
  copy: "original" | "duplicate";
  chaos: ChaosTag[];
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
}

interface Delivery {
  event: EventData;
  callControlId: string;
  url: string | null;
  copy: "original" | "duplicate";
  chaos: ChaosTag[];
}

export interface DispatcherDeps {
  scheduler: Scheduler;
  prng: Prng;
  signer: WebhookSigner;
  chaos: () => ChaosSettings;
  elapsedMs: () => number;
  deliveryTimeoutMs: number;
  log: (line: string) => void;
}

export class WebhookDispatcher {
  private readonly entries: DeliveryLogEntry[] = [];
  private seq = 0;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly held = new Map<string, { release: () => void; timer: TimerId }>();
  private readonly closing = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  /** One event happened on a call: decide its chaos, then deliver (or hold, or delay) it. */
  publish(event: EventData, target: { callControlId: string; url: string | null }): void {
    const chaos = this.deps.chaos();
    const { prng, scheduler } = this.deps;
    const duplicate = prng.chance(chaos.duplicateRate);
    const reorder = prng.chance(chaos.reorderRate);
    const late = prng.chance(chaos.lateRate);
    const tags: ChaosTag[] = [];
    if (duplicate) tags.push("duplicate");
    if (late) tags.push("late");
    const delivery: Delivery = { event, ...target, copy: "original", chaos: tags };
    const send = () => {
      this.enqueue(delivery, 1);
      if (duplicate) this.enqueue({ ...delivery, copy: "duplicate" }, 1);
    };

    const heldBefore = this.takeHeld(target.callControlId);
    if (reorder && !heldBefore) {
      tags.push("reordered");
      const timer = scheduler.after(REORDER_MAX_HOLD_MS, `release held ${event.event_type}`, () => this.takeHeld(target.callControlId)?.());
      this.held.set(target.callControlId, { release: send, timer });
      return;
    }
    const sendInOrder = () => {
      send();
      heldBefore?.();
    };
    if (late) scheduler.after(chaos.lateMs, `late ${event.event_type}`, sendInOrder);
    else sendInOrder();
  }

  log(): DeliveryLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, chaos: [...entry.chaos] }));
  }

  /** Forgets the log and anything held back (deliveries already in flight finish). */
  reset(): void {
    for (const { timer } of this.held.values()) this.deps.scheduler.cancel(timer);
    this.held.clear();
    this.entries.length = 0;
    this.seq = 0;
  }

  close(): void {
    this.reset();
    this.closing.abort();
  }

  private takeHeld(callControlId: string): (() => void) | undefined {
    const held = this.held.get(callControlId);
    if (!held) return undefined;
    this.held.delete(callControlId);
    this.deps.scheduler.cancel(held.timer);
    return held.release;
  }

  private enqueue(delivery: Delivery, attempt: number): void {
    const entry: DeliveryLogEntry = {
      seq: ++this.seq,
      atMs: this.deps.elapsedMs(),
      eventId: delivery.event.id,
      eventType: delivery.event.event_type,
      callControlId: delivery.callControlId,
      url: delivery.url,
      attempt,
      copy: delivery.copy,
      chaos: delivery.chaos,
      outcome: "pending",
      status: null,
      error: null,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.shift();

    const key = delivery.callControlId;
    const queued = (this.queues.get(key) ?? Promise.resolve()).then(() => this.attempt(delivery, attempt, entry));
    this.queues.set(key, queued);
    void this.deps.scheduler.track(
      queued.finally(() => {
        if (this.queues.get(key) === queued) this.queues.delete(key);
      }),
    );
  }

  private async attempt(delivery: Delivery, attempt: number, entry: DeliveryLogEntry): Promise<void> {
    if (this.closing.signal.aborted) return;
    if (!delivery.url) {
      entry.outcome = "no_url";
      entry.error = "no webhook URL: the dial had none and the simulator has no default";
      return;
    }
    const envelope: WebhookEnvelope = { data: delivery.event, meta: { attempt, delivered_to: delivery.url } };
    const body = JSON.stringify(envelope);
    const headers = { "content-type": "application/json", "user-agent": "telnyx-webhooks", ...this.deps.signer.headers(body) };
    const result = await postWebhook(delivery.url, body, headers, this.deps.deliveryTimeoutMs, this.closing.signal);
    if (!result) return;
    Object.assign(entry, result);
    if (entry.outcome === "delivered") return;
    this.deps.log(`webhook ${delivery.event.event_type} ${delivery.event.id} attempt ${attempt}: ${entry.outcome} ${entry.status ?? entry.error ?? ""}`);
    const backoffMs = RETRY_BACKOFF_MS[attempt - 1];
    if (attempt < MAX_ATTEMPTS && backoffMs !== undefined) {
      this.deps.scheduler.after(backoffMs, `retry ${delivery.event.event_type}`, () => this.enqueue(delivery, attempt + 1));
    }
  }
}
