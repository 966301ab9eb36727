// Starting the calls a tick (or an agent's Dial) placed: each batch is confirmed against
// Postgres first (dial-confirmation.ts), then every allowed call's actor is asked to start
// it. A started call moves its account's last contact forward in Postgres. A call that
// was not started (Postgres could not be asked, or the call's actor failed) stays in
// flight and is tried again on the next ticks; once its ring time has long passed it is
// given up and its lead deferred ("start failed → defer the lead"), nothing having rung.
import type { CallSpec } from "../call/call-spec";
import type { CampaignStorage } from "./campaign-storage";
import { confirmDials, type ConfirmedBatch, type DialConfirmer } from "./dial-confirmation";
import type { CampaignConfig } from "./protocol";
import { logEvent } from "../../domain/log";

/**
 * Calls a batch starts at once; the next starts as one finishes. A tick's 25 starts sent
 * together were a burst of CallActor work and carrier dials that the calls' reservations
 * and the next tick's ask of the pool queued behind (on the local runtime's one thread,
 * the p99 of both, docs/scale.md); five at a time let those in between, and the last of
 * 25 starts a few round trips later, against rings of seconds.
 */
export const STARTS_AT_ONCE = 5;
/** A call the CallActor would not start is tried again this much later. */
export const START_FAILED_RETRY_MS = 60_000;
/** A call whose actor never confirmed its start within this long is dropped (nothing was dialled). */
export const START_GIVE_UP_MS = 30_000;

/** Starts one call: its CallActor's stub, or a fake in tests. */
export type CallStarter = (spec: CallSpec) => Promise<unknown>;

/** A batch confirmed: the calls allowed, those refused (already taken back), and whether the room should hear of it. */
export type Confirmation = { confirmed: ConfirmedBatch; tookBack: boolean } | null;

/**
 * Confirms a batch and starts the allowed calls. Nothing is dialled unconfirmed: when
 * Postgres cannot be asked, the next ticks ask again, and in the end the dials are given up.
 */
export async function confirmAndStart(store: CampaignStorage, config: CampaignConfig, confirmer: DialConfirmer, start: CallStarter, specs: readonly CallSpec[]): Promise<Confirmation> {
  if (specs.length === 0) return null;
  const confirmation = await confirmDials(store, config, confirmer, specs);
  if (!confirmation) {
    for (const spec of specs) notStarted(store, spec, Date.now());
    return null;
  }
  const waiting = [...confirmation.confirmed.allowed];
  const startNext = async (): Promise<void> => {
    for (let spec = waiting.shift(); spec; spec = waiting.shift()) await startCall(store, start, spec);
  };
  await Promise.all(Array.from({ length: Math.min(STARTS_AT_ONCE, waiting.length) }, startNext));
  return confirmation;
}

/** Starts a confirmed call, unless it was taken back while it was being confirmed. */
export async function startCall(store: CampaignStorage, start: CallStarter, spec: CallSpec): Promise<void> {
  if (!store.calls.get(spec.id)) return;
  try {
    await start(spec);
    store.calls.markStarted(spec.id);
  } catch (error) {
    logEvent({ event: "campaign_call_start_failed", callId: spec.id, error: String(error) });
    notStarted(store, spec, Date.now());
  }
}

/** A call not started: left to the next ticks, or given up and its lead deferred once its ring time has long passed. */
export function notStarted(store: CampaignStorage, spec: CallSpec, now: number): void {
  if (now - spec.createdAtMs < START_GIVE_UP_MS) return;
  store.calls.remove(spec.id);
  const accountId = spec.accountId;
  if (accountId && store.leads.get(accountId)?.state === "dialing") {
    store.leads.move(accountId, { state: "deferred", atMs: now + START_FAILED_RETRY_MS, callback: false });
  }
}

/** A call being confirmed and started beside the pass is not sent again by a tick for this long; after it, it is (a repeated start changes nothing). */
export const START_LEASE_MS = 10_000;

/**
 * The calls whose confirmation and start run beside the pass (this actor's life only):
 * the tick decides and records its dials, and their Postgres confirmation and each
 * CallActor.start go on while the next RPCs and ticks run, so a tick never waits for
 * them. A tick leaves the calls under way to their run; one under way longer than the
 * lease (a start that never answered) is sent again. After an eviction nothing is under
 * way, and the ticks send every unstarted call again, as before.
 */
export class StartsUnderWay {
  readonly #since = new Map<string, number>();

  get count(): number {
    return this.#since.size;
  }

  /** Claims the calls not under way (or past their lease) for a run that starts now; returns them. */
  claim(specs: readonly CallSpec[], now: number): CallSpec[] {
    const claimed = specs.filter((spec) => {
      const since = this.#since.get(spec.id);
      return since === undefined || now - since >= START_LEASE_MS;
    });
    for (const spec of claimed) this.#since.set(spec.id, now);
    return claimed;
  }

  /** The run claimed at `since` is over: its calls may be sent again (unless a newer run claimed them). */
  release(specs: readonly CallSpec[], since: number): void {
    for (const spec of specs) if (this.#since.get(spec.id) === since) this.#since.delete(spec.id);
  }
}
