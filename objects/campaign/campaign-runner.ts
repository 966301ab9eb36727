// What the CampaignActor does, apart from the actor shell so it runs in Node against the
// campaign's storage on SQLite and fake ports (the pool, the RecordWriter, the calls).
// Everything that changes the campaign waits its turn in one line (OnePassAtATime): the
// pass (notices pruned, a pacing tick, the outbox flushed, the soonest named timer set;
// the alarm runs it) and every RPC that changes state (start, pause, stop, configure,
// notices, a call's phase and outcome, an agent's Dial and Skip). Each of them awaits
// other actors or Postgres, which lets the runtime deliver the next RPC meanwhile; in
// line, none sees another half done: a Dial's call is started by the Dial alone, not
// again by a tick that found it unstarted, and a pause lets go of every offer after the
// tick that made them has told the pool. Reading the snapshot does not wait.
// The tick itself waits only for the pool's answer: it decides (pure pacing) and records
// its dials, and what is slow and settles on its own runs beside the pass (kept alive,
// not awaited): the dials' confirmation against Postgres and each CallActor.start
// (call-starts.ts StartsUnderWay: never two runs for one call), the notices the Worker
// could not deliver, and the outbox's write. Each settles into the storage in one
// synchronous step, as an RPC does. Awaited in line, at 25 agents on a loaded machine
// they made a tick of 1.3 s (p50) run every 2.7 s (docs/scale.md).
// While the engine is behind (starts waiting, late ticks, answers waiting for a free
// agent's bridge) the tick adds no new dial (dial-hold.ts); the hold lives in this
// instance's memory, like the starts under way it is measured from.
import type { IvrProgress } from "../../domain/ivr-progress";
import type { AiRoomState } from "../../domain/ai-agent";
import type { CampaignRecordRow } from "../../db/writers/campaign-records";
import type { PoolMember } from "../agent-pool/protocol";
import type { CallSpec } from "../call/call-spec";
import { OnePassAtATime, setSoonestAlarm, type AlarmStorage } from "../shared/durable";
import { resolveCall } from "./call-outcomes";
import { learnVerdict } from "./outcome-stats";
import { confirmAndStart, StartsUnderWay, type CallStarter } from "./call-starts";
import { campaignSnapshot, campaignStatusOf, snapshotMessage } from "./campaign-snapshot";
import type { CampaignStorage } from "./campaign-storage";
import type { DialConfirmer } from "./dial-confirmation";
import { applyNotices, pullNotices, type NoticeSource } from "./notice-inbox";
import { readNotices } from "./notices";
import { planTick } from "./pacing-tick";
import type { PacingTraceEntry } from "./pacing/decision-trace";
import { NOT_HOLDING, type DialHold } from "./dial-hold";
import type { DialHoldFigures } from "../../domain/timing-summary";
import { relistSegment, type SegmentLister } from "./segment-listing";
import { dialPreviewedLead, skipPreviewedLead, tellPoolOf, type PreviewActionDone, type PreviewActionPorts } from "./preview-actions";
import { notOffered, releaseAllOffers, type PreviewPoolWork } from "./preview-desk";
import type { CallSentiment, CampaignCallAlert, CampaignCallOutcome, CampaignCallPhase, CampaignCallVerdict, CampaignConfig, CampaignServerMessage, CampaignSnapshot, CampaignStatus, PreviewActionResult } from "./protocol";
import { logEvent } from "../../domain/log";

/** The pacing loop's period while running (PACING.md: the pacer looks every second). */
export const TICK_MS = 1000;
/** A pass that ran longer than TICK_MS is followed by the next after this pause, not at once (the line's RPCs get their turn). */
export const MIN_TICK_GAP_MS = 100;
const RELEASE_BATCH = 500;
/** Subjects of applied notices are forgotten this long after (their notices were marked delivered long before). */
const NOTICE_SUBJECT_KEEP_MS = 30 * 86_400_000;

/** The organisation's agent pool (its actor's stub, or a fake in tests). */
export type CampaignPool = PreviewActionPorts["pool"] & { agentStates(userIds: readonly string[]): Promise<readonly PoolMember[]> };

/** The campaign's RecordWriter: its outbox rows, the confirmation before dials, the notices it missed. */
export interface CampaignWriter extends DialConfirmer, NoticeSource, SegmentLister {
  writeCampaignRows(rows: CampaignRecordRow[]): Promise<void>;
}

export interface CampaignPorts {
  pool(config: CampaignConfig): CampaignPool;
  writer(config: CampaignConfig): CampaignWriter;
  /** Starts one call (its CallActor). */
  start: CallStarter;
  /** The load from Postgres at start and resume (campaign-load.ts). */
  load(config: CampaignConfig, now: number): Promise<void>;
  /** The actor's one alarm. */
  alarm: AlarmStorage;
  /** Where an agent's leg rings. */
  agentAddress(userId: string): string;
  /** Sends every socket of the room a message. */
  broadcast(message: string): void;
  /** Whether the room has a socket open (no snapshot is built for nobody). */
  roomOpen(): boolean;
  /** Keeps the runtime up for work beside the pass that nothing awaits (ctx.waitUntil). */
  keepAlive(work: Promise<unknown>): void;
  /** Sees each pacing decision's inputs and output (the actor logs them under PACING_TRACE); absent in normal runs. */
  tracePacing?: (entry: PacingTraceEntry) => void;
}

export class CampaignRunner {
  readonly #line = new OnePassAtATime<void, void>(
    () => this.#pass(),
    () => undefined,
  );

  /** Dials being confirmed and started beside the pass. */
  readonly #starts = new StartsUnderWay();
  /** Work beside the pass under way (starts, the notices' pull, the outbox's write). */
  readonly #beside = new Set<Promise<unknown>>();
  #pulling: Promise<void> | null = null;
  #flushing: Promise<unknown> | null = null;
  /** Whether new dials are held while the engine catches up, and the holds so far (this instance's). */
  #hold: DialHold = NOT_HOLDING;
  #holds = { count: 0, heldMs: 0 };
  /** How late the alarm ran for the pass now due (null: unknown, or a pass an RPC asked for). */
  #tickLatenessMs: number | null = null;

  constructor(
    private readonly store: CampaignStorage,
    private readonly ports: CampaignPorts,
  ) {}

  /** Resolves once the work beside the pass started so far (and any it started) has settled. */
  async besideThePass(): Promise<void> {
    while (this.#beside.size > 0) await Promise.allSettled([...this.#beside]);
  }

  // ---- From the API ----------------------------------------------------------------

  /** Starts or resumes dialling. The first start loads the queue; later ones add new accounts only. */
  start(config: CampaignConfig): Promise<CampaignSnapshot> {
    return this.#line.alone(async () => {
      this.#saveConfig(config);
      await this.ports.load(config, Date.now());
      // Notices missed while stopped or paused (a disposition, say): the reload covers the rest.
      await this.#pullNotices(config, Date.now());
      this.store.meta.set("status", "running");
      await this.#runSoon();
      return this.#broadcast();
    });
  }

  /** Stops new dials; calls in flight finish and are counted. Null: this actor never ran the campaign, so nothing dials to stop. */
  pause(): Promise<CampaignSnapshot | null> {
    return this.#line.alone(() => this.#setStatus("paused"));
  }

  /** Ends the campaign for good: no new dials; calls in flight finish. Null as for pause. */
  stop(): Promise<CampaignSnapshot | null> {
    return this.#line.alone(() => this.#setStatus("stopped"));
  }

  /** New settings while running or paused (pacing, cap, window, scripts, agents). */
  configure(config: CampaignConfig): Promise<void> {
    return this.#line.alone(async () => {
      this.#saveConfig(config);
      this.#changed();
    });
  }

  /** The campaign as it stands; null before its first start. Reads only, so it does not wait its turn. */
  snapshot(): CampaignSnapshot | null {
    return campaignSnapshot(this.store, Date.now());
  }

  /** Notices of changes made through the API, delivered by the Worker once committed; each applied once (notice-inbox.ts). */
  applyNotices(notices: unknown[]): Promise<void> {
    return this.#line.alone(async () => {
      const { notices: readable, unreadable } = readNotices(notices);
      if (unreadable.length) logEvent({ event: "campaign_notice_unreadable", count: unreadable.length });
      if (applyNotices(this.store, this.store.meta.get("config"), readable, Date.now())) this.#changed();
    });
  }

  // ---- From the calls --------------------------------------------------------------

  /** A call's phase; with AMD's verdict once there is one, which the pacing statistics learn at once. */
  callPhase(callId: string, phase: CampaignCallPhase, atMs: number, verdict?: CampaignCallVerdict): Promise<void> {
    return this.#line.alone(async () => {
      if (verdict) learnVerdict(this.store, callId, verdict);
      if (this.store.calls.setPhase(callId, phase, atMs)) this.#changed();
    });
  }

  /** A reminder call's IVR step and payment status: the room shows the newest (a late or repeated report changes nothing). */
  callIvr(callId: string, ivr: IvrProgress): Promise<void> {
    return this.#line.alone(async () => {
      if (this.store.calls.setIvr(callId, ivr)) this.#changed();
    });
  }

  /** An AI call's state (talking, a person on it, handed back): the room shows the newest (a late or repeated report changes nothing). */
  callAi(callId: string, ai: AiRoomState): Promise<void> {
    return this.#line.alone(async () => {
      if (this.store.calls.setAi(callId, ai)) this.#changed();
    });
  }

  /** A call's live-intelligence alert: into the room's feed and to every supervisor watching, once per condition per call. */
  callAlert(alert: CampaignCallAlert): Promise<void> {
    return this.#line.alone(async () => {
      if (!this.store.meta.get("config")) return;
      const call = this.store.calls.get(alert.callId);
      const named = { ...alert, accountName: alert.accountName ?? (call ? (this.store.leads.get(call.accountId)?.input.name ?? null) : null) };
      if (!this.store.callAlerts.add(named)) return;
      this.ports.broadcast(JSON.stringify({ type: "call_alert", alert: named } satisfies CampaignServerMessage));
    });
  }

  /** A call's live sentiment as of the customer's line at `atMs`: the room's calls sort by it (a late, older line changes nothing). */
  callSentiment(callId: string, sentiment: CallSentiment, atMs: number): Promise<void> {
    return this.#line.alone(async () => {
      if (this.store.calls.setSentiment(callId, sentiment, atMs)) this.#changed();
    });
  }

  /** A call ended: learn from it, count it, and move its lead on. Idempotent per call. */
  callResolved(outcome: CampaignCallOutcome): Promise<void> {
    return this.#line.alone(async () => {
      const resolved = resolveCall(this.store, outcome, Date.now());
      if (!resolved) return;
      // A fax number's do-not-call row is written to Postgres at once, not after the next tick.
      if (resolved.faxListed) await this.#runSoon();
      this.#changed();
    });
  }

  // ---- From the API: preview pacing ------------------------------------------------

  /** The agent dials the lead offered to them: compliance is checked again now, then their leg rings first. */
  previewDial(userId: string, accountId: string): Promise<PreviewActionResult> {
    return this.#line.alone(async () => {
      const config = this.store.meta.get("config");
      if (!config) return notOffered();
      const agent = { userId, address: this.ports.agentAddress(userId) };
      return this.#previewDone(await dialPreviewedLead(this.store, config, this.#status() === "running", this.#previewPorts(config), agent, accountId, Date.now()));
    });
  }

  /** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
  previewSkip(userId: string, accountId: string): Promise<PreviewActionResult> {
    return this.#line.alone(async () => {
      const config = this.store.meta.get("config");
      if (!config) return notOffered();
      return this.#previewDone(await skipPreviewedLead(this.store, config, this.#status() === "running", this.#previewPorts(config), userId, accountId, Date.now()));
    });
  }

  async #previewDone({ result, runSoon }: PreviewActionDone): Promise<PreviewActionResult> {
    if (runSoon) await this.#runSoon();
    return result;
  }

  // ---- The pass: tick, flush, set the soonest timer ----------------------------------

  /** The alarm's pass, in line; a request while one runs queues one more. `latenessMs`: how late the alarm ran, when known. */
  pass(latenessMs: number | null = null): Promise<void> {
    this.#tickLatenessMs = latenessMs;
    return this.#line.request();
  }

  /** Whether new dials are held now and why, and how often and how long they were held (GET /api/campaigns/:id/engine-stats). */
  dialHold(): DialHoldFigures {
    const now = Date.now();
    const hold = this.#hold;
    return hold.holding
      ? { holding: true, reason: hold.reason, holds: this.#holds.count, heldMs: this.#holds.heldMs + (now - hold.sinceMs) }
      : { holding: false, reason: null, holds: this.#holds.count, heldMs: this.#holds.heldMs };
  }

  async #pass(): Promise<void> {
    const startedAt = Date.now();
    try {
      this.store.notices.prune(startedAt - NOTICE_SUBJECT_KEEP_MS);
      await this.#tick();
    } finally {
      await this.#flush();
      await this.#setTimers(startedAt);
    }
  }

  async #tick(): Promise<void> {
    const config = this.store.meta.get("config");
    if (!config || this.#status() !== "running") return;
    const now = Date.now();
    this.store.leads.releaseDue(now, RELEASE_BATCH);
    // Notices the Worker could not deliver are pulled beside the pass and applied when they
    // arrive (the dial confirmation is the last word on every dial meanwhile); a segment's
    // new members join the queue here (once a minute).
    this.#pullNoticesBeside(config, now);
    const [members] = await Promise.all([this.ports.pool(config).agentStates(config.agentUserIds), relistSegment(this.store, config, this.ports.writer(config), now)]);
    // Nothing in line runs beside a pass, but a status read before an await is never trusted after it.
    if (this.#status() !== "running") return;
    const lateness = this.#tickLatenessMs;
    this.#tickLatenessMs = null;
    const { specs, poolWork, hold } = planTick(this.store, config, members, now, { tickLatenessMs: lateness, hold: this.#hold, tracePacing: this.ports.tracePacing });
    this.#holdChanged(hold, now);
    this.#changed();
    this.#startBeside(config, specs);
    await this.#tellPool(poolWork);
  }

  /** Keeps the tick's hold; its start and its end are logged (the room shows the reason as the pacing line). */
  #holdChanged(hold: DialHold, now: number): void {
    const before = this.#hold;
    this.#hold = hold;
    if (hold.holding && !before.holding) {
      this.#holds.count++;
      logEvent({ event: "campaign_dials_held", campaignId: this.store.meta.get("config")?.id ?? "", reason: hold.reason });
    } else if (!hold.holding && before.holding) {
      this.#holds.heldMs += now - before.sinceMs;
      logEvent({ event: "campaign_dials_resumed", campaignId: this.store.meta.get("config")?.id ?? "", heldMs: now - before.sinceMs });
    }
  }

  /** Confirms and starts the tick's calls beside the pass; a call already under way is left to its run. */
  #startBeside(config: CampaignConfig, specs: readonly CallSpec[]): void {
    const since = Date.now();
    const claimed = this.#starts.claim(specs, since);
    if (claimed.length === 0) return;
    this.#runBeside(
      confirmAndStart(this.store, config, this.ports.writer(config), this.ports.start, claimed)
        .then((confirmation) => {
          if (confirmation?.tookBack) this.#changed();
        })
        .finally(() => this.#starts.release(claimed, since)),
      "call starts",
    );
  }

  /**
   * Writes the outbox: beside the pass while running (the next tick, a second later,
   * writes what this one could not), in line otherwise, where nothing waits on the pass
   * and the outbox's own timer must see the write's outcome. Every pass is the alarm's,
   * the outbox's scheduled retry included: it writes through the backoff, as the
   * CallActor's alarm does. One write at a time: a row is never in two writes at once.
   */
  async #flush(): Promise<void> {
    const config = this.store.meta.get("config");
    if (!config) return;
    if (this.#status() === "running") {
      if (this.#flushing) return;
      this.#flushing = this.#writeOutbox(config).finally(() => (this.#flushing = null));
      this.#runBeside(this.#flushing, "outbox write");
      return;
    }
    if (this.#flushing) await this.#flushing.catch(() => undefined);
    await this.#writeOutbox(config);
  }

  #writeOutbox(config: CampaignConfig): Promise<unknown> {
    return this.store.outbox.flush((rows) => this.ports.writer(config).writeCampaignRows(rows), { ignoreBackoff: true });
  }

  /** Keeps work beside the pass alive and known; a failure is logged (each kind is tried again on the next ticks). */
  #runBeside(work: Promise<unknown>, what: string): void {
    const run = work.catch((error: unknown) => logEvent({ event: "campaign_beside_pass_failed", work: what, error: String(error) }));
    this.#beside.add(run);
    void run.finally(() => this.#beside.delete(run));
    this.ports.keepAlive(run);
  }

  /**
   * The alarm, at the soonest of the named timers: the next pacing tick while running
   * (every tick flushes the outbox), otherwise the outbox's own time (at once, or after
   * its backoff), so rows never make the pacer tick faster than once a second. Ticks
   * keep their rate: the next is due a second after this one began, not after it ended.
   */
  async #setTimers(passStartedAt: number = Date.now()): Promise<void> {
    const now = Date.now();
    const running = this.#status() === "running";
    const timers = {
      pacingTick: running ? Math.max(passStartedAt + TICK_MS, now + MIN_TICK_GAP_MS) : null,
      outboxRetry: running ? null : this.store.outbox.nextAttemptAtMs(now),
    };
    await setSoonestAlarm(this.ports.alarm, timers, now);
  }

  /** A pass as soon as the runtime can run the alarm (a new lead to offer, a fax row to write); it runs after the work in line now. */
  async #runSoon(): Promise<void> {
    await this.ports.alarm.setAlarm(Date.now());
  }

  /** Notices the Worker could not deliver, pulled and applied (notice-inbox.ts); retried with backoff. */
  async #pullNotices(config: CampaignConfig, now: number): Promise<void> {
    if (await pullNotices(this.store, config, this.ports.writer(config), now)) this.#changed();
  }

  /** The same pull beside the pass, one at a time: applied in one step when Postgres answers. */
  #pullNoticesBeside(config: CampaignConfig, now: number): void {
    if (this.#pulling) return;
    this.#pulling = this.#pullNotices(config, now).finally(() => (this.#pulling = null));
    this.#runBeside(this.#pulling, "notices pull");
  }

  /** Shows new offers to their agents and ends finished ones; the room hears of any offer the pool refused. */
  async #tellPool(work: PreviewPoolWork): Promise<void> {
    const config = this.store.meta.get("config");
    if (config) await tellPoolOf(this.store, config, this.#previewPorts(config), work);
  }

  #previewPorts(config: CampaignConfig): PreviewActionPorts {
    return { pool: this.ports.pool(config), confirmer: this.ports.writer(config), start: this.ports.start, changed: () => this.#changed() };
  }

  // ---- Status and settings -------------------------------------------------------

  #status(): CampaignStatus {
    return campaignStatusOf(this.store);
  }

  #saveConfig(config: CampaignConfig): void {
    const before = this.store.meta.get("config");
    if (before && before.id !== config.id) throw new Error("this actor belongs to another campaign");
    this.store.meta.set("config", config);
  }

  async #setStatus(status: CampaignStatus): Promise<CampaignSnapshot | null> {
    // A row marked running whose actor never started (its storage lost, a row restored):
    // nothing dials here, so there is nothing to pause or stop, and the Worker moves the row.
    if (!this.store.meta.get("config")) return null;
    this.store.meta.set("status", status);
    // Nothing dials now, so nothing is held.
    this.#holdChanged(NOT_HOLDING, Date.now());
    // Leads held for preview agents go back to the queue; the agents are free again.
    const ended = releaseAllOffers(this.store);
    const snapshot = this.#broadcast();
    await this.#tellPool({ offers: [], ended });
    // The alarm keeps running only for what is left to write to Postgres.
    await this.#setTimers();
    return snapshot;
  }

  /**
   * A change the room should see: its sockets are sent the snapshot, built only when one is
   * open (building it reads the whole campaign's figures: at 25 agents, a phase report
   * four times a dial, it was the CampaignActor's largest cost with nobody watching).
   */
  #changed(): void {
    if (this.ports.roomOpen()) this.#broadcast();
  }

  /** Sends the room the campaign as it stands, and returns it. */
  #broadcast(): CampaignSnapshot {
    const snapshot = campaignSnapshot(this.store, Date.now());
    if (!snapshot) throw new Error("This campaign has not been started");
    this.ports.broadcast(snapshotMessage(snapshot));
    return snapshot;
  }
}
