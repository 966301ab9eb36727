// Webhook delivery as Stripe does it: the event object as the body, signed with the
// endpoint secret (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`),
// POSTed to the one configured endpoint, retried on a non-2xx or no answer, with the
// chaos knobs (duplicate, reorder, late) drawn per event from the seeded generator, and
// every attempt in the delivery log. Like Stripe, deliveries do not wait for each other:
// an endpoint slow to answer one payment's event does not hold back another payment's
// (up to MAX_CONCURRENT_DELIVERIES POSTs in flight). Without chaos, the events of one
// payment (one PaymentIntent, or one object when it has none) go out one at a time in
// the order they happened.
import { createHmac } from "node:crypto";
import { postWebhook } from "../carrier/http.ts";
import type { Prng } from "../carrier/prng.ts";
import type { Scheduler, TimerId } from "../carrier/scheduler.ts";
import type { EventType, StripeEvent } from "./wire.ts";

/** Stripe retries for days; the simulator keeps the shape (growing waits) at a scale a rehearsal can watch. */
export const MAX_ATTEMPTS = 4;
export const RETRY_BACKOFF_MS = [60_000, 300_000, 1_800_000] as const;
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** A held (reordered) event goes out right after the next event, or after this long. */
export const REORDER_MAX_HOLD_MS = 2_000;
const MAX_LOG_ENTRIES = 20_000;
/** POSTs in flight at once; more wait their turn (in the order they were queued). */
export const MAX_CONCURRENT_DELIVERIES = 16;

/** Rates are probabilities in [0, 1], drawn from the seeded generator. */
export interface StripeChaos {
  /** Deliver the same event (same id) twice. */
  duplicateRate: number;
  /** Hold an event back and deliver it after the next one. */
  reorderRate: number;
  /** Deliver an event lateMs after it happened (its `created` unchanged). */
  lateRate: number;
  lateMs: number;
  /** Answer an API call 500 without performing it (`Stripe-Should-Retry: true`). */
  apiFailureRate: number;
  /** Perform an API call, keep its result under the idempotency key, but answer 500: the response was "lost". */
  lostResponseRate: number;
}

export const NO_CHAOS: StripeChaos = { duplicateRate: 0, reorderRate: 0, lateRate: 0, lateMs: 10_000, apiFailureRate: 0, lostResponseRate: 0 };

/** Stripe's scheme: the secret string itself is the HMAC key. */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

export type ChaosTag = "duplicate" | "reordered" | "late";
export type DeliveryOutcome = "pending" | "delivered" | "rejected" | "timeout" | "unreachable" | "no_url";

export interface DeliveryLogEntry {
  seq: number;
  /** Simulator milliseconds since start (or reset) when the attempt was queued. */
  atMs: number;
  eventId: string;
  eventType: EventType;
  url: string | null;
  attempt: number;
  copy: "original" | "duplicate";
  chaos: ChaosTag[];
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
  /** Simulator milliseconds when the POST went out, and how long its answer took (null until answered). */
  sentAtMs: number | null;
  durationMs: number | null;
}

interface Delivery {
  event: StripeEvent;
  copy: "original" | "duplicate";
  chaos: ChaosTag[];
}

export interface DispatcherDeps {
  scheduler: Scheduler;
  prng: Prng;
  chaos: () => StripeChaos;
  webhookUrl: () => string | null;
  webhookSecret: string;
  elapsedMs: () => number;
  deliveryTimeoutMs: number;
  log: (line: string) => void;
}

export class WebhookDispatcher {
  private readonly entries: DeliveryLogEntry[] = [];
  private seq = 0;
  /** Per payment: the last delivery queued, which the next of that payment waits for. */
  private readonly lines = new Map<string, Promise<void>>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private held: { release: () => void; timer: TimerId } | null = null;
  private readonly closing = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  /** An event happened: decide its chaos, then deliver (or hold, or delay) it. */
  publish(event: StripeEvent): void {
    const chaos = this.deps.chaos();
    const { prng, scheduler } = this.deps;
    const duplicate = prng.chance(chaos.duplicateRate);
    const reorder = prng.chance(chaos.reorderRate);
    const late = prng.chance(chaos.lateRate);
    const tags: ChaosTag[] = [];
    if (duplicate) tags.push("duplicate");
    if (late) tags.push("late");
    const delivery: Delivery = { event, copy: "original", chaos: tags };
    const send = () => {
      this.enqueue(delivery, 1);
      if (duplicate) this.enqueue({ ...delivery, copy: "duplicate" }, 1);
    };
    const heldBefore = this.takeHeld();
    if (reorder && !heldBefore) {
      tags.push("reordered");
      const timer = scheduler.after(REORDER_MAX_HOLD_MS, `release held ${event.type}`, () => this.takeHeld()?.());
      this.held = { release: send, timer };
      return;
    }
    const sendInOrder = () => {
      send();
      heldBefore?.();
    };
    if (late) scheduler.after(chaos.lateMs, `late ${event.type}`, sendInOrder);
    else sendInOrder();
  }

  /** Sends an event again now, as the dashboard's "Resend" does (a late redelivery). */
  resend(event: StripeEvent): void {
    this.enqueue({ event, copy: "duplicate", chaos: [] }, 1);
  }

  log(): DeliveryLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, chaos: [...entry.chaos] }));
  }

  reset(): void {
    if (this.held) this.deps.scheduler.cancel(this.held.timer);
    this.held = null;
    this.entries.length = 0;
    this.seq = 0;
  }

  close(): void {
    this.reset();
    this.closing.abort();
  }

  private takeHeld(): (() => void) | undefined {
    const held = this.held;
    if (!held) return undefined;
    this.held = null;
    this.deps.scheduler.cancel(held.timer);
    return held.release;
  }

  private enqueue(delivery: Delivery, attempt: number): void {
    const entry: DeliveryLogEntry = {
      seq: ++this.seq,
      atMs: this.deps.elapsedMs(),
      eventId: delivery.event.id,
      eventType: delivery.event.type,
      url: this.deps.webhookUrl(),
      attempt,
      copy: delivery.copy,
      chaos: delivery.chaos,
      outcome: "pending",
      status: null,
      error: null,
      sentAtMs: null,
      durationMs: null,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.shift();
    const key = orderingKey(delivery.event);
    const queued = (this.lines.get(key) ?? Promise.resolve()).then(() => this.withSlot(() => this.attempt(delivery, attempt, entry)));
    this.lines.set(key, queued);
    void queued.finally(() => {
      if (this.lines.get(key) === queued) this.lines.delete(key);
    });
    void this.deps.scheduler.track(queued);
  }

  /** Runs `work` once fewer than MAX_CONCURRENT_DELIVERIES POSTs are in flight. */
  private async withSlot(work: () => Promise<void>): Promise<void> {
    if (this.inFlight >= MAX_CONCURRENT_DELIVERIES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      await work();
    } finally {
      // The slot passes straight to the next in line (inFlight unchanged), else it is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async attempt(delivery: Delivery, attempt: number, entry: DeliveryLogEntry): Promise<void> {
    if (this.closing.signal.aborted) return;
    const url = entry.url;
    if (!url) {
      entry.outcome = "no_url";
      entry.error = "no webhook endpoint configured";
      return;
    }
    const body = JSON.stringify(delivery.event, null, 2);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      // The real wall clock, even on the manual clock: receivers check it against theirs.
      "stripe-signature": signatureHeader(this.deps.webhookSecret, body, Math.floor(Date.now() / 1000)),
    };
    entry.sentAtMs = this.deps.elapsedMs();
    const sentAt = performance.now();
    const result = await postWebhook(url, body, headers, this.deps.deliveryTimeoutMs, this.closing.signal);
    if (!result) return;
    Object.assign(entry, result, { durationMs: Math.round(performance.now() - sentAt) });
    if (entry.outcome === "delivered") return;
    this.deps.log(`webhook ${delivery.event.type} ${delivery.event.id} attempt ${attempt}: ${entry.outcome} ${entry.status ?? entry.error ?? ""}`);
    const backoffMs = RETRY_BACKOFF_MS[attempt - 1];
    if (attempt < MAX_ATTEMPTS && backoffMs !== undefined) {
      this.deps.scheduler.after(backoffMs, `retry ${delivery.event.type}`, () => this.enqueue(delivery, attempt + 1));
    }
  }
}

/** The events that keep their order among themselves: one payment's (its PaymentIntent), else one object's. */
export function orderingKey(event: StripeEvent): string {
  const object = event.data.object as { id: string; object: string; payment_intent?: string | null };
  if (object.object === "payment_intent") return object.id;
  return object.payment_intent ?? object.id;
}
