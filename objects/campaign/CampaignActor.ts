// CampaignActor: one per campaign (room `<orgId>:<campaignId>`, the supervisor's live
// campaign room). A thin shell: it keeps the lead queue and counters in SQLite, runs a
// pacing tick on its alarm (progressive and predictive dialling in lead-dialing.ts,
// preview offers in preview-desk.ts), starts dialer calls (each its own CallActor),
// counts their outcomes (outcome-stats.ts), moves leads on (lead-rules.ts) and
// broadcasts live numbers. Calls report phases and outcomes here; the agent pool
// reserves agents for them, so a tick never waits on a call. Changes made through the
// API arrive as notices (notices.ts), from the Worker at once or pulled each tick; and
// every batch of dials is confirmed against Postgres before it starts
// (dial-confirmation.ts), so a late notice never lets a listed number be dialled.
// Apart from #load at start, Postgres is reached through a RecordWriter (its kept
// connections), never a connection of this actor's own per tick or per flush.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { openDatabase } from "../../db/client";
import { hasRole } from "../../domain/roles";
import type { PoolMember } from "../agent-pool/protocol";
import { agentAddressFor } from "../../domain/agent-address";
import type { CallSpec } from "../call/call-spec";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { REG_F_LOOKBACK_MS } from "./compliance";
import { initialObservedStats, type ObservedStats } from "./pacing/observed-stats";
import { countOutcome } from "./outcome-stats";
import { CampaignStorage, type StoredLead } from "./campaign-storage";
import { loadAbandonDays, loadContactHistory, loadDnc, loadLeads, type CampaignRecordRow } from "./campaign-records";
import { agentViews, campaignAlerts, campaignStats, historyPoint, rolling30dFirstDay, utcDay, type PacingInputs } from "./campaign-view";
import { dialTick, queueLastContacted } from "./lead-dialing";
import { afterOutcome } from "./lead-rules";
import { dialOffer, notOffered, offerRefusal, previewTick, refusedAtConfirmation, releaseAllOffers, skipOffer, tellPool, type PreviewPoolWork } from "./preview-desk";
import { confirmDials, type ConfirmedBatch } from "./dial-confirmation";
import { applyDisposition, applyNotices, pullNotices, takePendingDisposition } from "./notice-inbox";
import { readNotices } from "./notices";
import { recordWriterFor } from "../record-writer/RecordWriter";
import type {
  CampaignCallOutcome,
  CampaignCallPhase,
  CampaignConfig,
  CampaignServerMessage,
  CampaignSnapshot,
  CampaignStatus,
  PreviewActionResult,
} from "./protocol";
import { agentPoolStub, callActorStub } from "../shared/actor-stubs";

/** The pacing loop's period while running (PACING.md: the pacer looks every second). */
export const TICK_MS = 1000;
const RELEASE_BATCH = 500;
const OUTBOX_BATCH = 200;
const MAX_BACKOFF_MS = 30_000;
/** A call the CallActor would not start is tried again this much later. */
const START_FAILED_RETRY_MS = 60_000;
/** A call whose actor never confirmed its start within this long is dropped (nothing was dialled). */
const START_GIVE_UP_MS = 30_000;
/** Subjects of applied notices are forgotten this long after (their notices were marked delivered long before). */
const NOTICE_SUBJECT_KEEP_MS = 30 * 86_400_000;

export class CampaignActor extends Server<Env> {
  static override options = { hibernate: true };

  readonly #store: CampaignStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CampaignStorage(ctx.storage.sql);
  }

  // ---- RPC from the API ----------------------------------------------------------

  /** Starts or resumes dialling. The first start loads the queue; later ones add new accounts only. */
  async start(config: CampaignConfig): Promise<CampaignSnapshot> {
    this.#saveConfig(config);
    await this.#load(config);
    // Notices missed while stopped or paused (a disposition, say): the reload covers the rest.
    await this.#pullNotices(config, Date.now());
    this.#store.meta.set("status", "running" satisfies CampaignStatus);
    await this.ctx.storage.setAlarm(Date.now());
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
    return this.#store.meta.get("config") ? this.#buildSnapshot(Date.now()) : null;
  }

  /**
   * Notices of changes made through the API (do-not-call, account edits, dispositions),
   * delivered by the Worker right after the change commits. Idempotent per notice: one
   * already applied, or older than one applied about the same subject, changes nothing.
   */
  async applyNotices(notices: unknown[]): Promise<void> {
    const { notices: readable, unreadable } = readNotices(notices);
    if (unreadable.length) console.log(JSON.stringify({ event: "campaign_notice_unreadable", count: unreadable.length }));
    if (applyNotices(this.#store, this.#store.meta.get("config"), readable, Date.now())) this.#broadcast();
  }

  // ---- RPC from calls --------------------------------------------------------------

  async callPhase(callId: string, phase: CampaignCallPhase, atMs: number): Promise<void> {
    if (this.#store.calls.setPhase(callId, phase, atMs)) this.#broadcast();
  }

  /** A call ended: learn from it, count it, and move its lead on. Idempotent per call. */
  async callResolved(outcome: CampaignCallOutcome): Promise<void> {
    const now = Date.now();
    if (!this.#store.calls.markResolved(outcome.callId, now)) return;
    const config = this.#store.meta.get("config");
    countOutcome(this.#store, config, outcome);
    const lead = this.#store.leads.get(outcome.accountId);
    if (config && lead?.state === "dialing") {
      const change = afterOutcome(progressOf(lead), outcome, config, now);
      this.#store.leads.move(outcome.accountId, change.next, change.badPhone);
      const pending = takePendingDisposition(this.#store, outcome.accountId);
      if (pending) applyDisposition(this.#store, config, pending, now);
    }
    if (outcome.result === "fax" && config) {
      this.#store.dnc.add("org", outcome.phone);
      this.#store.outbox.enqueue(`fax:${outcome.phone}`, { table: "fax", organizationId: config.organizationId, campaignId: config.id, phone: outcome.phone, callId: outcome.callId } satisfies CampaignRecordRow);
      await this.ctx.storage.setAlarm(Date.now());
    }
    this.#store.calls.remove(outcome.callId);
    this.#broadcast();
  }

  // ---- RPC from the API: preview pacing --------------------------------------------

  /** The agent dials the lead offered to them: compliance is checked again now, then their leg rings first. */
  async previewDial(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta.get("config");
    const refused = offerRefusal(this.#store, config, this.#status() === "running", userId, accountId);
    if (refused || !config) return refused ?? notOffered();
    const dialing = dialOffer(this.#store, config, accountId, { userId, address: agentAddressFor(this.env, userId) }, Date.now());
    this.#broadcast();
    if (!dialing.ok) {
      await this.#tellPool(dialing.work);
      // The next lead is offered at once rather than on the next second.
      await this.ctx.storage.setAlarm(Date.now());
      return dialing.result;
    }
    const confirmed = await this.#confirm(config, [dialing.spec]);
    const refusedNow = confirmed?.refused[0];
    if (refusedNow) {
      const { result, work } = refusedAtConfirmation(userId, accountId, refusedNow.refusal);
      await this.#tellPool(work);
      await this.ctx.storage.setAlarm(Date.now());
      return result;
    }
    // The agent is on this call from now on (the call tells the pool too; whichever comes first counts).
    await this.#pool(config).callStarted(userId, dialing.spec.id).catch(() => undefined);
    // Unconfirmed (Postgres unreachable): the tick confirms and starts it, or gives it up.
    if (confirmed) await this.#startCall(dialing.spec);
    return { ok: true, callId: dialing.spec.id };
  }

  /** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
  async previewSkip(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta.get("config");
    const refused = offerRefusal(this.#store, config, this.#status() === "running", userId, accountId);
    if (refused || !config) return refused ?? notOffered();
    const work = skipOffer(this.#store, config, userId, accountId, Date.now());
    this.#broadcast();
    await this.#tellPool(work);
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: true, callId: null };
  }

  // ---- The pacing loop -------------------------------------------------------------

  override async onAlarm(): Promise<void> {
    try {
      this.#store.notices.prune(Date.now() - NOTICE_SUBJECT_KEEP_MS);
      await this.#tick();
    } finally {
      const written = await this.#flushOutbox();
      await this.#scheduleAlarm(written);
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
    this.#store.meta.set("agents", members);
    // Starts an eviction interrupted are sent again (a repeated start changes nothing).
    const unstarted = this.#store.calls.unstarted();
    let specs: CallSpec[] = [];
    let poolWork: PreviewPoolWork;
    if (config.pacingMode === "preview") {
      poolWork = previewTick(this.#store, config, members, now);
    } else {
      // Left preview mode (an edit): leads held for agents go back to the queue.
      poolWork = { offers: [], ended: releaseAllOffers(this.#store) };
      specs = dialTick(this.#store, config, this.#pacingInputs(now, config), now);
    }
    this.#savePoint(now);
    this.#broadcast();
    await Promise.all([this.#confirmAndStart(config, [...unstarted, ...specs]), this.#tellPool(poolWork)]);
  }

  /** Starts the calls Postgres confirms may be dialled now; the others are taken back (dial-confirmation.ts). */
  async #confirmAndStart(config: CampaignConfig, specs: CallSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const confirmed = await this.#confirm(config, specs);
    if (!confirmed) {
      // Nothing is dialled unconfirmed: the next ticks ask again, and in the end the dial is given up.
      for (const spec of specs) this.#notStarted(spec);
      return;
    }
    await Promise.all(confirmed.allowed.map((spec) => this.#startCall(spec)));
  }

  /** The batch checked against the current do-not-call lists and consent; refused dials taken back. Null when Postgres could not be asked. */
  async #confirm(config: CampaignConfig, specs: CallSpec[]): Promise<ConfirmedBatch | null> {
    const confirmation = await confirmDials(this.#store, config, this.#writer(config), specs);
    if (confirmation?.tookBack) this.#broadcast();
    return confirmation?.confirmed ?? null;
  }

  /** Notices the Worker could not deliver, pulled and applied (notice-inbox.ts); retried with backoff. */
  async #pullNotices(config: CampaignConfig, now: number): Promise<void> {
    if (await pullNotices(this.#store, config, this.#writer(config), now)) this.#broadcast();
  }

  #writer(config: CampaignConfig) {
    return recordWriterFor(this.env, config.id);
  }

  /** Shows new offers to their agents and ends finished ones (preview-desk.ts); the room hears of any offer the pool refused. */
  async #tellPool(work: PreviewPoolWork): Promise<void> {
    const config = this.#store.meta.get("config");
    if (!config || (work.offers.length === 0 && work.ended.length === 0)) return;
    if (await tellPool(this.#store, config, this.#pool(config), work)) this.#broadcast();
  }

  #pool(config: CampaignConfig) {
    return agentPoolStub(this.env, config.organizationId);
  }

  /** Starts a confirmed call (unless it was taken back while it was being confirmed). */
  async #startCall(spec: CallSpec): Promise<void> {
    if (!this.#store.calls.get(spec.id)) return;
    try {
      const actor = callActorStub(this.env, spec.organizationId, spec.id);
      await actor.start(spec);
      this.#store.calls.markStarted(spec.id);
      queueLastContacted(this.#store, spec);
    } catch (error) {
      console.log(JSON.stringify({ event: "campaign_call_start_failed", callId: spec.id, error: String(error) }));
      this.#notStarted(spec);
    }
  }

  /** A call not started (unconfirmed, or its actor failed): tried again on the next ticks; given up once the ring time has long passed. */
  #notStarted(spec: CallSpec): void {
    if (Date.now() - spec.createdAtMs < START_GIVE_UP_MS) return;
    this.#store.calls.remove(spec.id);
    const accountId = spec.accountId!;
    if (this.#store.leads.get(accountId)?.state === "dialing") this.#store.leads.move(accountId, { state: "deferred", atMs: Date.now() + START_FAILED_RETRY_MS, callback: false });
  }

  // ---- Loading and writing Postgres -------------------------------------------------

  async #load(config: CampaignConfig): Promise<void> {
    const handle = openDatabase(this.env);
    try {
      const firstLoad = this.#store.meta.get("loadedAt") === null;
      const since = Date.now() - REG_F_LOOKBACK_MS;
      const [leads, dnc, history, days] = await Promise.all([
        loadLeads(handle.db, config.organizationId, config.accountSelection),
        loadDnc(handle.db, config.organizationId, config.id),
        loadContactHistory(handle.db, config.organizationId, since),
        firstLoad ? loadAbandonDays(handle.db, config.id, Date.now() - 30 * 86_400_000) : Promise.resolve([]),
      ]);
      this.#store.leads.add(leads);
      this.#store.dnc.replace("org", dnc.org);
      this.#store.dnc.replace("campaign", dnc.campaign);
      for (const call of history) {
        this.#store.history.add("attempt", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
        if (call.conversation) this.#store.history.add("conversation", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
      }
      for (const day of days) this.#store.days.add(day.day, { dials: day.dials, resolved: day.dials, liveAnswered: day.liveAnswered, abandoned: day.abandoned });
      this.#store.history.prune(since);
      this.#store.calls.pruneResolved(since);
      this.#store.meta.set("loadedAt", Date.now());
    } finally {
      this.ctx.waitUntil(handle.close().catch(() => undefined));
    }
  }

  /** Writes the outbox through the campaign's RecordWriter (its kept connection, group commit); false when rows are still waiting. */
  async #flushOutbox(): Promise<boolean> {
    const config = this.#store.meta.get("config");
    if (!config) return true;
    return this.#store.outbox.flush((rows) => this.#writer(config).writeCampaignRows(rows));
  }

  async #scheduleAlarm(outboxWritten: boolean): Promise<void> {
    const now = Date.now();
    const candidates: number[] = [];
    if (this.#status() === "running") candidates.push(now + TICK_MS);
    if (!outboxWritten) candidates.push(now + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.#store.meta.get("outboxFailures") ?? 0)));
    if (candidates.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...candidates));
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    const config = this.#store.meta.get("config");
    if (!identity || !hasRole(identity.role, "supervisor")) {
      connection.close(4403, "forbidden");
      return;
    }
    if (!config || config.organizationId !== identity.organizationId) {
      this.#send(connection, { type: "error", code: "not_started", message: "This campaign has not been started yet: its live room opens when it starts" });
      connection.close(4404, "not started");
      return;
    }
    connection.setState(identity);
    this.#send(connection, { type: "snapshot", snapshot: this.#buildSnapshot(Date.now()) });
  }

  override onMessage(connection: Connection): void {
    this.#send(connection, { type: "error", code: "read_only", message: "Pause, resume and stop a campaign through the API" });
  }

  // ---- Deriving --------------------------------------------------------------------

  #status(): CampaignStatus {
    return this.#store.meta.get("status") ?? "draft";
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
    await this.#scheduleAlarm(this.#store.outbox.size() === 0);
    return snapshot;
  }

  #pacingInputs(now: number, config: CampaignConfig): PacingInputs {
    const members = this.#store.meta.get("agents") ?? [];
    return {
      nowMs: now,
      agents: agentViews(members, config.agentUserIds, (campaignId, accountId) => (campaignId === config.id ? (this.#store.leads.get(accountId)?.input.name ?? null) : null)),
      calls: this.#store.calls.all(),
      stats: this.#store.meta.get("stats") ?? initialObservedStats(),
      today: this.#store.days.since(utcDay(now)),
      rolling30d: this.#store.days.since(rolling30dFirstDay(now)),
      config,
    };
  }

  #buildSnapshot(now: number): CampaignSnapshot {
    const config = this.#store.meta.get("config")!;
    const inputs = this.#pacingInputs(now, config);
    const stats = campaignStats({
      ...inputs,
      queueLeft: this.#store.leads.left(),
      skipsToday: this.#store.days.skipsOn(utcDay(now)),
      pacingExplanation: this.#store.meta.get("pacing") ?? "Not dialling yet",
    });
    const status = this.#status();
    const accountNames = new Map<string, string>();
    const calls = inputs.calls.map((call) => {
      if (!accountNames.has(call.accountId)) accountNames.set(call.accountId, this.#store.leads.get(call.accountId)?.input.name ?? "");
      return {
        callId: call.callId,
        accountId: call.accountId,
        accountName: accountNames.get(call.accountId)!,
        phone: call.phone,
        phase: call.phase,
        since: call.sinceMs,
        agentUserId: inputs.agents.find((a) => a.callId === call.callId)?.userId ?? call.agentUserId,
      };
    });
    return {
      campaign: { id: config.id, name: config.name, status, pacingMode: config.pacingMode, abandonCapPercent: config.abandonCapPercent },
      stats,
      agents: [...inputs.agents],
      calls,
      history: this.#store.points.all(),
      alerts: campaignAlerts(now, status, stats, inputs.agents),
      serverNow: now,
    };
  }

  #savePoint(now: number): void {
    const snapshot = this.#buildSnapshot(now);
    const minute = Math.floor(now / 60_000);
    this.#store.points.save(minute, historyPoint(now, snapshot.stats, snapshot.agents, snapshot.calls.length), minute - 59);
  }

  #broadcast(): CampaignSnapshot {
    const snapshot = this.#buildSnapshot(Date.now());
    const message = JSON.stringify({ type: "snapshot", snapshot } satisfies CampaignServerMessage);
    for (const connection of this.getConnections()) connection.send(message);
    return snapshot;
  }

  #send(connection: Connection, message: CampaignServerMessage): void {
    connection.send(JSON.stringify(message satisfies CampaignServerMessage));
  }
}

function progressOf(lead: StoredLead) {
  return { attempts: lead.attempts, phones: lead.input.phones, badPhones: lead.badPhones };
}
