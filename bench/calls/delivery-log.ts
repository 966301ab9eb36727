// The simulator's own record of webhook deliveries (GET /control/webhooks): every
// attempt with its event id, outcome and HTTP status. It keeps only its last 20,000
// entries, so it is fetched whenever about 12,000 new webhooks have gone out, and the
// fetches are merged by sequence number; a gap means entries were dropped and is
// reported. Bodies are kept as text and parsed after the run: parsing megabytes of
// JSON mid-run would stall this thread, which also runs the simulator and the relay.
import { z } from "zod";
import { monotonicMs } from "./monotonic-clock.ts";

/** The simulator keeps this many entries (sim/carrier/webhooks.ts). */
const LOG_CAPACITY = 20_000;
const FETCH_EVERY_NEW_WEBHOOKS = LOG_CAPACITY * 0.6;

const deliveryEntry = z.object({
  seq: z.number(),
  atMs: z.number(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number(),
  outcome: z.string(),
  status: z.number().nullable(),
});
export type DeliveryEntry = z.infer<typeof deliveryEntry>;
const deliveryLogBody = z.object({ deliveries: z.array(deliveryEntry) });

export interface DeliveryLog {
  entries: DeliveryEntry[];
  /** Entries the simulator dropped before we fetched them. */
  missingEntries: number;
  /** How long each GET /control/webhooks took (the simulator serialises the whole log). */
  fetchMs: number[];
}

export class DeliveryLogCollector {
  readonly #bodies: string[] = [];
  readonly #fetchMs: number[] = [];
  #webhooksAtLastFetch = 0;
  #fetching: Promise<void> | null = null;

  constructor(private readonly controlUrl: string) {}

  /** Fetches when enough webhooks went out since the last fetch that the log could wrap soon. */
  maybeFetch(webhooksSoFar: number): void {
    if (this.#fetching || webhooksSoFar - this.#webhooksAtLastFetch < FETCH_EVERY_NEW_WEBHOOKS) return;
    this.#webhooksAtLastFetch = webhooksSoFar;
    this.#fetching = this.#fetch().finally(() => (this.#fetching = null));
  }

  async finish(): Promise<DeliveryLog> {
    await this.#fetching;
    await this.#fetch();
    const bySeq = new Map<number, DeliveryEntry>();
    let missingEntries = 0;
    let highestSeq = 0;
    for (const body of this.#bodies) {
      const { deliveries } = deliveryLogBody.parse(JSON.parse(body));
      const lowest = deliveries[0]?.seq;
      if (lowest !== undefined && lowest > highestSeq + 1) missingEntries += lowest - highestSeq - 1;
      // Later fetches win: an attempt pending in one fetch is delivered in the next.
      for (const entry of deliveries) bySeq.set(entry.seq, entry);
      highestSeq = Math.max(highestSeq, deliveries.at(-1)?.seq ?? 0);
    }
    return { entries: [...bySeq.values()].sort((a, b) => a.seq - b.seq), missingEntries, fetchMs: this.#fetchMs };
  }

  async #fetch(): Promise<void> {
    const startMs = monotonicMs();
    const response = await fetch(`${this.controlUrl}/control/webhooks`);
    if (!response.ok) throw new Error(`GET /control/webhooks answered ${response.status}`);
    this.#bodies.push(await response.text());
    this.#fetchMs.push(monotonicMs() - startMs);
  }
}
