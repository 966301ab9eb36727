// CampaignActor: one per campaign (room `<orgId>:<campaignId>`, the supervisor's live
// campaign room). An executor over the modules beside it: RPC entry points store what
// they were told; one pass at a time (the alarm's included) pulls notices, plans the
// tick (pacing-tick.ts: leads to dial or to offer), confirms and starts the calls
// (call-starts.ts), flushes the outbox and sets the soonest named timer; the room is
// sent the snapshot (campaign-snapshot.ts) after each change. Outcomes and phases arrive
// from the calls (call-outcomes.ts), an agent's Dial and Skip from the API
// (preview-actions.ts), changes made through the API as notices (notice-inbox.ts).
// Apart from the load at start (campaign-load.ts), Postgres is reached through a
// RecordWriter's kept connections, never one of this actor's own.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { agentAddressFor } from "../../domain/agent-address";
import { hasRole } from "../../domain/roles";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { agentPoolStub, callActorStub } from "../shared/actor-stubs";
import { OnePassAtATime, setSoonestAlarm } from "../shared/durable";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { resolveCall } from "./call-outcomes";
import { confirmAndStart, type CallStarter } from "./call-starts";
import { loadCampaignFromPostgres } from "./campaign-load";
import { campaignSnapshot, campaignStatusOf, snapshotMessage } from "./campaign-snapshot";
import { CampaignStorage } from "./campaign-storage";
import { applyNotices, pullNotices } from "./notice-inbox";
import { readNotices } from "./notices";
import { dialPreviewedLead, skipPreviewedLead, tellPoolOf, type PreviewActionDone, type PreviewActionPorts } from "./preview-actions";
import { notOffered, releaseAllOffers, type PreviewPoolWork } from "./preview-desk";
import { planTick } from "./pacing-tick";
import type { CampaignCallOutcome, CampaignCallPhase, CampaignConfig, CampaignServerMessage, CampaignSnapshot, CampaignStatus, PreviewActionResult } from "./protocol";
import { logEvent } from "../../domain/log";

/** The pacing loop's period while running (PACING.md: the pacer looks every second). */
export const TICK_MS = 1000;
const RELEASE_BATCH = 500;
/** Subjects of applied notices are forgotten this long after (their notices were marked delivered long before). */
const NOTICE_SUBJECT_KEEP_MS = 30 * 86_400_000;

export class CampaignActor extends Server<Env> {
  static override options = { hibernate: true };

  readonly #store: CampaignStorage;
  readonly #passes = new OnePassAtATime<void, void>(
    () => this.#pass(),
    () => undefined,
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CampaignStorage(ctx.storage.sql);
  }

  // ---- RPC from the API ----------------------------------------------------------

  /** Starts or resumes dialling. The first start loads the queue; later ones add new accounts only. */
  async start(config: CampaignConfig): Promise<CampaignSnapshot> {
    this.#saveConfig(config);
    await loadCampaignFromPostgres(this.env, (closing) => this.ctx.waitUntil(closing), this.#store, config, Date.now());
    // Notices missed while stopped or paused (a disposition, say): the reload covers the rest.
    await this.#pullNotices(config, Date.now());
    this.#store.meta.set("status", "running");
    await this.#runSoon();
    return this.#broadcast();
  }

  /** Stops new dials; calls in flight finish and are counted. */
  async pause(): Promise<CampaignSnapshot> {
    return this.#setStatus("paused");
  }

  /** Ends the campaign for good: no new dials; calls in flight finish. */
  async stop(): Promise<CampaignSnapshot> {
    return this.#setStatus("stopped");
  }

  /** New settings while running or paused (pacing, cap, window, scripts, agents). */
  async configure(config: CampaignConfig): Promise<void> {
    this.#saveConfig(config);
    this.#broadcast();
  }

  async snapshot(): Promise<CampaignSnapshot | null> {
    return campaignSnapshot(this.#store, Date.now());
  }

  /** Notices of changes made through the API, delivered by the Worker once committed; each applied once (notice-inbox.ts). */
  async applyNotices(notices: unknown[]): Promise<void> {
    const { notices: readable, unreadable } = readNotices(notices);
    if (unreadable.length) logEvent({ event: "campaign_notice_unreadable", count: unreadable.length });
    if (applyNotices(this.#store, this.#store.meta.get("config"), readable, Date.now())) this.#broadcast();
  }

  // ---- RPC from calls --------------------------------------------------------------

  async callPhase(callId: string, phase: CampaignCallPhase, atMs: number): Promise<void> {
    if (this.#store.calls.setPhase(callId, phase, atMs)) this.#broadcast();
  }

  /** A call ended: learn from it, count it, and move its lead on. Idempotent per call. */
  async callResolved(outcome: CampaignCallOutcome): Promise<void> {
    const resolved = resolveCall(this.#store, outcome, Date.now());
    if (!resolved) return;
    // A fax number's do-not-call row is written to Postgres at once, not after the next tick.
    if (resolved.faxListed) await this.#runSoon();
    this.#broadcast();
  }

  // ---- RPC from the API: preview pacing --------------------------------------------

  /** The agent dials the lead offered to them: compliance is checked again now, then their leg rings first. */
  async previewDial(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta.get("config");
    if (!config) return notOffered();
    const agent = { userId, address: agentAddressFor(this.env, userId) };
    return this.#previewDone(await dialPreviewedLead(this.#store, config, this.#status() === "running", this.#previewPorts(config), agent, accountId, Date.now()));
  }

  /** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
  async previewSkip(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta.get("config");
    if (!config) return notOffered();
    return this.#previewDone(await skipPreviewedLead(this.#store, config, this.#status() === "running", this.#previewPorts(config), userId, accountId, Date.now()));
  }

  async #previewDone({ result, runSoon }: PreviewActionDone): Promise<PreviewActionResult> {
    if (runSoon) await this.#runSoon();
    return result;
  }

  // ---- The pass: tick, flush, set the soonest timer ----------------------------------

  override async onAlarm(): Promise<void> {
    await this.#passes.request();
  }

  async #pass(): Promise<void> {
    try {
      this.#store.notices.prune(Date.now() - NOTICE_SUBJECT_KEEP_MS);
      await this.#tick();
    } finally {
      const config = this.#store.meta.get("config");
      // Every pass is the alarm's, the outbox's scheduled retry included: it writes through the backoff, as the CallActor's alarm does.
      if (config) await this.#store.outbox.flush((rows) => this.#writer(config).writeCampaignRows(rows), { ignoreBackoff: true });
      await this.#setTimers();
    }
  }

  async #tick(): Promise<void> {
    const config = this.#store.meta.get("config");
    if (!config || this.#status() !== "running") return;
    const now = Date.now();
    this.#store.leads.releaseDue(now, RELEASE_BATCH);
    // Notices the Worker could not deliver are pulled meanwhile, and applied before any lead is chosen.
    const [members] = await Promise.all([this.#pool(config).agentStates(config.agentUserIds), this.#pullNotices(config, now)]);
    // The input gate opened while we waited: the campaign may have been paused meanwhile.
    if (this.#status() !== "running") return;
    const { specs, poolWork } = planTick(this.#store, config, members, now);
    this.#broadcast();
    const [confirmation] = await Promise.all([
      confirmAndStart(this.#store, config, this.#writer(config), this.#callStarter(), specs),
      this.#tellPool(poolWork),
    ]);
    if (confirmation?.tookBack) this.#broadcast();
  }

  /**
   * The alarm, at the soonest of the named timers: the next pacing tick while running
   * (every tick flushes the outbox), otherwise the outbox's own time (at once, or after
   * its backoff), so rows never make the pacer tick faster than once a second.
   */
  async #setTimers(): Promise<void> {
    const now = Date.now();
    const running = this.#status() === "running";
    const timers = {
      pacingTick: running ? now + TICK_MS : null,
      outboxRetry: running ? null : this.#store.outbox.nextAttemptAtMs(now),
    };
    await setSoonestAlarm(this.ctx.storage, timers, now);
  }

  /** A pass as soon as the runtime can run the alarm (a new lead to offer, a fax row to write). */
  async #runSoon(): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Notices the Worker could not deliver, pulled and applied (notice-inbox.ts); retried with backoff. */
  async #pullNotices(config: CampaignConfig, now: number): Promise<void> {
    if (await pullNotices(this.#store, config, this.#writer(config), now)) this.#broadcast();
  }

  /** Shows new offers to their agents and ends finished ones; the room hears of any offer the pool refused. */
  async #tellPool(work: PreviewPoolWork): Promise<void> {
    const config = this.#store.meta.get("config");
    if (config) await tellPoolOf(this.#store, config, this.#previewPorts(config), work);
  }

  #previewPorts(config: CampaignConfig): PreviewActionPorts {
    return { pool: this.#pool(config), confirmer: this.#writer(config), start: this.#callStarter(), changed: () => this.#broadcast() };
  }

  #writer(config: CampaignConfig) {
    return recordWriterFor(this.env, config.id);
  }

  #pool(config: CampaignConfig) {
    return agentPoolStub(this.env, config.organizationId);
  }

  #callStarter(): CallStarter {
    return (spec) => callActorStub(this.env, spec.organizationId, spec.id).start(spec);
  }

  // ---- Status and settings -------------------------------------------------------

  #status(): CampaignStatus {
    return campaignStatusOf(this.#store);
  }

  #saveConfig(config: CampaignConfig): void {
    const before = this.#store.meta.get("config");
    if (before && before.id !== config.id) throw new Error("this actor belongs to another campaign");
    this.#store.meta.set("config", config);
  }

  async #setStatus(status: CampaignStatus): Promise<CampaignSnapshot> {
    if (!this.#store.meta.get("config")) throw new Error("This campaign has not been started");
    this.#store.meta.set("status", status);
    // Leads held for preview agents go back to the queue; the agents are free again.
    const ended = releaseAllOffers(this.#store);
    const snapshot = this.#broadcast();
    await this.#tellPool({ offers: [], ended });
    // The alarm keeps running only for what is left to write to Postgres.
    await this.#setTimers();
    return snapshot;
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    if (!identity || !hasRole(identity.role, "supervisor")) {
      connection.close(4403, "forbidden");
      return;
    }
    const snapshot = campaignSnapshot(this.#store, Date.now());
    if (!snapshot || this.#store.meta.get("config")?.organizationId !== identity.organizationId) {
      this.#send(connection, { type: "error", code: "not_started", message: "This campaign has not been started yet: its live room opens when it starts" });
      connection.close(4404, "not started");
      return;
    }
    connection.setState(identity);
    this.#send(connection, { type: "snapshot", snapshot });
  }

  override onMessage(connection: Connection): void {
    this.#send(connection, { type: "error", code: "read_only", message: "Pause, resume and stop a campaign through the API" });
  }

  /** Sends the room the campaign as it stands (every RPC that changed something calls it). */
  #broadcast(): CampaignSnapshot {
    const snapshot = campaignSnapshot(this.#store, Date.now());
    if (!snapshot) throw new Error("This campaign has not been started");
    const message = snapshotMessage(snapshot);
    for (const connection of this.getConnections()) connection.send(message);
    return snapshot;
  }

  #send(connection: Connection, message: CampaignServerMessage): void {
    connection.send(JSON.stringify(message satisfies CampaignServerMessage));
  }
}
