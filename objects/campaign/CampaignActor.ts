// CampaignActor: one per campaign (room `<orgId>:<campaignId>`, the supervisor's live
// campaign room). A thin shell: it keeps the lead queue and counters in SQLite, asks
// the pacing module how many to dial on every tick of its alarm, checks each dial with
// the compliance module, starts dialer calls (each its own CallActor), learns from
// their outcomes and broadcasts live numbers. Calls report phases and outcomes here;
// the agent pool reserves agents for them, so a tick never waits on a call.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { openDatabase } from "../../worker/db/client";
import type { DispositionDetails } from "../../worker/db/schema";
import { hasRole } from "../../worker/auth/roles";
import { agentPoolRoomName, type PoolMember, type PreviewOffer } from "../agent-pool/protocol";
import { agentAddressFor } from "../../worker/calls/agent-address";
import { callActorName } from "../call/client-state";
import { DEFAULT_WRAP_UP_SECONDS } from "../agent-pool/presence";
import type { CallSpec, DialerCallSpec } from "../call/call-spec";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { checkDial, REG_F_LOOKBACK_MS, type DialRequest } from "./compliance";
import { decideDials, initialPacingState, type PacingState } from "./pacing";
import { initialObservedStats, recordResolvedDial, recordTalk, recordWrap, type ObservedStats, type ResolvedDial } from "./pacing/observed-stats";
import { CampaignStorage, type StoredLead } from "./campaign-storage";
import { loadAbandonDays, loadContactHistory, loadDnc, loadLeads, writeCampaignRows, type CampaignRecordRow } from "./campaign-records";
import { agentViews, campaignAlerts, campaignStats, historyPoint, pacingSnapshot, rolling30dFirstDay, utcDay, type PacingInputs } from "./campaign-view";
import { afterDisposition, afterOutcome, afterRefusal, phoneToDial } from "./lead-rules";
import { agentsAwaitingOffers, offersToWithdraw, previewExplanation, PREVIEW_OFFER_TIMEOUT_MS, type Withdrawal } from "./preview";
import type {
  CampaignCallOutcome,
  CampaignCallPhase,
  CampaignConfig,
  CampaignServerMessage,
  CampaignSnapshot,
  CampaignStatus,
  Disposition,
  LeadInput,
  PreviewActionResult,
} from "./protocol";

/** What a tick (or a command) still has to tell the agent pool about preview offers. */
interface PreviewPoolWork {
  offers: { userId: string; offer: PreviewOffer }[];
  ended: Withdrawal[];
}

export interface DispositionNotice {
  callId: string;
  accountId: string;
  disposition: Disposition;
  details: DispositionDetails | null;
}

/** The pacing loop's period while running (PACING.md: the pacer looks every second). */
export const TICK_MS = 1000;
/** Compliance refusals looked at per tick beyond the dials (or offers) wanted: bounds a tick when a whole list is out of hours. */
const MAX_SKIPS_PER_TICK = 50;
const RELEASE_BATCH = 500;
const OUTBOX_BATCH = 200;
const MAX_BACKOFF_MS = 30_000;
/** A call the CallActor would not start is tried again this much later. */
const START_FAILED_RETRY_MS = 60_000;
/** A call whose actor never confirmed its start within this long is dropped (nothing was dialled). */
const START_GIVE_UP_MS = 30_000;

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
    this.#store.setMeta("status", "running" satisfies CampaignStatus);
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
    return this.#store.meta<CampaignConfig>("config") ? this.#buildSnapshot(Date.now()) : null;
  }

  /** An agent's disposition of a campaign call feeds the queue (a callback time, a wrong number, …). */
  async dispositionSet(notice: DispositionNotice): Promise<void> {
    const config = this.#store.meta<CampaignConfig>("config");
    const lead = this.#store.lead(notice.accountId);
    if (!config || !lead) return;
    if (lead.state === "dialing") {
      // The agent was quicker than the call's outcome: applied when the outcome arrives.
      this.#store.setMeta(`pendingDisposition:${notice.accountId}`, notice);
      return;
    }
    const phone = this.#store.call(notice.callId)?.phone ?? phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones }) ?? "";
    const change = afterDisposition(progressOf(lead), phone, notice.disposition, notice.details, config, Date.now());
    if (change) this.#store.moveLead(notice.accountId, change.next, change.badPhone);
    this.#broadcast();
  }

  /** A number put on (or taken off) a do-not-call list: honoured from the next dial. */
  async setDnc(scope: "org" | "campaign", phone: string, listed: boolean): Promise<void> {
    if (listed) this.#store.addDnc(scope, phone);
    else this.#store.removeDnc(scope, phone);
  }

  /** An account was edited (consent, do-not-call, phones, time zone…): the queue's copy follows. */
  async updateLead(lead: LeadInput): Promise<void> {
    this.#store.updateLeadInput(lead);
  }

  // ---- RPC from calls --------------------------------------------------------------

  async callPhase(callId: string, phase: CampaignCallPhase, atMs: number): Promise<void> {
    if (this.#store.setCallPhase(callId, phase, atMs)) this.#broadcast();
  }

  /** A call ended: learn from it, count it, and move its lead on. Idempotent per call. */
  async callResolved(outcome: CampaignCallOutcome): Promise<void> {
    const now = Date.now();
    if (!this.#store.markResolved(outcome.callId, now)) return;
    const config = this.#store.meta<CampaignConfig>("config");
    const day = utcDay(outcome.dialedAtMs);
    const liveAnswered = outcome.humanAtMs !== null;
    const conversation = outcome.connectedAtMs !== null;
    const talkSeconds = conversation ? Math.max(0, (outcome.endedAtMs - outcome.connectedAtMs!) / 1000) : 0;
    this.#store.addToDay(day, {
      resolved: 1,
      liveAnswered: liveAnswered ? 1 : 0,
      abandoned: outcome.abandoned ? 1 : 0,
      conversations: conversation ? 1 : 0,
      handleSeconds: conversation ? talkSeconds + DEFAULT_WRAP_UP_SECONDS : 0,
    });
    let stats = this.#store.meta<ObservedStats>("stats") ?? initialObservedStats();
    const resolved = resolvedDial(outcome);
    if (resolved) stats = recordResolvedDial(stats, resolved);
    if (conversation) stats = recordWrap(recordTalk(stats, talkSeconds), DEFAULT_WRAP_UP_SECONDS);
    this.#store.setMeta("stats", stats);
    if (conversation && config) {
      const lead = this.#store.lead(outcome.accountId);
      this.#store.addHistory("conversation", outcome.callId, outcome.accountId, outcome.connectedAtMs!, lead?.input.debtIds ?? [], outcome.phone, config.id);
    }
    const lead = this.#store.lead(outcome.accountId);
    if (config && lead?.state === "dialing") {
      const change = afterOutcome(progressOf(lead), outcome, config, now);
      this.#store.moveLead(outcome.accountId, change.next, change.badPhone);
      const pending = this.#store.meta<DispositionNotice>(`pendingDisposition:${outcome.accountId}`);
      if (pending) {
        this.#store.deleteMeta(`pendingDisposition:${outcome.accountId}`);
        await this.dispositionSet(pending);
      }
    }
    if (outcome.result === "fax" && config) {
      this.#store.addDnc("org", outcome.phone);
      this.#store.enqueue(`fax:${outcome.phone}`, { table: "fax", organizationId: config.organizationId, campaignId: config.id, phone: outcome.phone, callId: outcome.callId } satisfies CampaignRecordRow);
      await this.ctx.storage.setAlarm(Date.now());
    }
    this.#store.removeCall(outcome.callId);
    this.#broadcast();
  }

  // ---- RPC from the API: preview pacing --------------------------------------------

  /** The agent dials the lead offered to them: compliance is checked again now, then their leg rings first. */
  async previewDial(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta<CampaignConfig>("config");
    const refused = this.#offerRefusal(config, userId, accountId);
    if (refused || !config) return refused ?? notOffered();
    const now = Date.now();
    const lead = this.#store.lead(accountId)!;
    this.#store.dropOffer(accountId);
    const phone = phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones });
    const decision = phone
      ? checkDial(this.#dialRequest(config, lead, phone), this.#store.contactHistory(accountId, now - REG_F_LOOKBACK_MS, lead.attempts), now)
      : null;
    if (!phone || !decision || !decision.allowed) {
      if (phone && decision && !decision.allowed) this.#recordRefusal(config, lead, phone, decision, now);
      else this.#store.moveLead(accountId, { state: "done", reason: "no working number" });
      this.#broadcast();
      await this.#tellPool({ offers: [], ended: [{ userId, accountId, then: "available", why: "left" }] });
      // The next lead is offered at once rather than on the next second.
      await this.ctx.storage.setAlarm(Date.now());
      const reason = decision && !decision.allowed ? decision.reason : "no_working_number";
      const explanation = decision && !decision.allowed ? decision.explanation : "the account has no working number";
      return { ok: false, code: "refused", reason, message: `Not dialled: ${explanation}` };
    }
    const spec = this.#placeDial(config, lead, phone, now, { userId, address: agentAddressFor(this.env, userId) });
    this.#broadcast();
    // The agent is on this call from now on (the call tells the pool too; whichever comes first counts).
    await this.#pool(config).callStarted(userId, spec.id).catch(() => undefined);
    await this.#startCall(spec);
    return { ok: true, callId: spec.id };
  }

  /** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
  async previewSkip(userId: string, accountId: string): Promise<PreviewActionResult> {
    const config = this.#store.meta<CampaignConfig>("config");
    const refused = this.#offerRefusal(config, userId, accountId);
    if (refused || !config) return refused ?? notOffered();
    const now = Date.now();
    this.#store.dropOffer(accountId);
    this.#store.moveLead(accountId, { state: "deferred", atMs: now + config.retrySpacingMinutes * 60_000, callback: false });
    this.#store.countSkip(utcDay(now), "agent_skipped");
    this.#broadcast();
    await this.#tellPool({ offers: [], ended: [{ userId, accountId, then: "available", why: "left" }] });
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: true, callId: null };
  }

  /** Why this agent cannot act on this lead, or null when it is theirs to act on. */
  #offerRefusal(config: CampaignConfig | null, userId: string, accountId: string): PreviewActionResult | null {
    const offer = config && this.#status() === "running" ? this.#store.offerOf(accountId) : null;
    if (!offer) return notOffered();
    if (offer.userId !== userId) return { ok: false, code: "another_agent", reason: null, message: "This lead is offered to another agent: only they can dial or skip it" };
    return null;
  }

  // ---- The pacing loop -------------------------------------------------------------

  override async onAlarm(): Promise<void> {
    try {
      await this.#tick();
    } finally {
      const written = await this.#flushOutbox();
      await this.#scheduleAlarm(written);
    }
  }

  async #tick(): Promise<void> {
    const config = this.#store.meta<CampaignConfig>("config");
    if (!config || this.#status() !== "running") return;
    const now = Date.now();
    this.#store.releaseDueLeads(now, RELEASE_BATCH);
    const members = await this.#pool(config).agentStates(config.agentUserIds);
    // The input gate opened while we waited: the campaign may have been paused meanwhile.
    if (this.#status() !== "running") return;
    this.#store.setMeta("agents", members);
    // Starts an eviction interrupted are sent again (a repeated start changes nothing).
    const unstarted = this.#store.unstartedCalls();
    let specs: CallSpec[] = [];
    let poolWork: PreviewPoolWork;
    if (config.pacingMode === "preview") {
      poolWork = this.#previewTick(config, members, now);
    } else {
      // Left preview mode (an edit): leads held for agents go back to the queue.
      poolWork = { offers: [], ended: this.#releaseAllOffers() };
      const inputs = this.#pacingInputs(now, config);
      const policy = config.pacingMode === "predictive" ? "predictive" : "progressive";
      const stored = this.#store.meta<PacingState>("pacingState");
      const decision = decideDials(pacingSnapshot(inputs), stored?.policy === policy ? stored : initialPacingState(policy));
      this.#store.setMeta("pacingState", decision.nextState);
      this.#store.setMeta("pacing", decision.explanation);
      specs = this.#takeLeads(config, decision.dials, now);
      if (specs.length < decision.dials && !this.#store.nextReadyLead()) {
        const waiting = this.#store.queueLeft();
        this.#store.setMeta("pacing", waiting === 0 ? "The list is done: every lead has been dialled or closed" : `Nothing to dial now: ${waiting} lead${waiting === 1 ? "" : "s"} wait for a retry, a callback or their calling window`);
      }
    }
    this.#savePoint(now);
    this.#broadcast();
    await Promise.all([...[...unstarted, ...specs].map((spec) => this.#startCall(spec)), this.#tellPool(poolWork)]);
  }

  /** Picks up to `dials` leads that compliance allows, recording every refusal. Synchronous: nothing can interleave. */
  #takeLeads(config: CampaignConfig, dials: number, now: number): CallSpec[] {
    const specs: CallSpec[] = [];
    const budget = { looks: dials + MAX_SKIPS_PER_TICK };
    while (specs.length < dials) {
      const next = this.#nextDialableLead(config, now, budget);
      if (!next) break;
      specs.push(this.#placeDial(config, next.lead, next.phone, now, null));
    }
    return specs;
  }

  /** The next ready lead compliance allows now; each refusal is recorded and moves its lead. `budget` bounds the leads looked at. */
  #nextDialableLead(config: CampaignConfig, now: number, budget: { looks: number }): { lead: StoredLead; phone: string } | null {
    while (budget.looks-- > 0) {
      const lead = this.#store.nextReadyLead();
      if (!lead) return null;
      const phone = phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones });
      if (!phone) {
        this.#store.moveLead(lead.input.accountId, { state: "done", reason: "no working number" });
        continue;
      }
      const decision = checkDial(this.#dialRequest(config, lead, phone), this.#store.contactHistory(lead.input.accountId, now - REG_F_LOOKBACK_MS, lead.attempts), now);
      if (decision.allowed) return { lead, phone };
      this.#recordRefusal(config, lead, phone, decision, now);
    }
    return null;
  }

  #recordRefusal(config: CampaignConfig, lead: StoredLead, phone: string, decision: Extract<ReturnType<typeof checkDial>, { allowed: false }>, now: number): void {
    this.#store.countSkip(utcDay(now), decision.reason);
    const nextEligibleAt = decision.nextEligibleAt;
    this.#store.enqueue(`skip:${lead.input.accountId}:${decision.reason}:${nextEligibleAt ?? "never"}`, {
      table: "skip",
      row: {
        id: `${config.id}:${lead.input.accountId}:${decision.reason}:${nextEligibleAt ?? "never"}`,
        organizationId: config.organizationId,
        campaignId: config.id,
        accountId: lead.input.accountId,
        phone,
        reason: decision.reason,
        explanation: decision.explanation,
        nextEligibleAt: nextEligibleAt === null ? null : new Date(nextEligibleAt),
        occurredAt: new Date(now),
      },
    } satisfies CampaignRecordRow);
    this.#store.moveLead(lead.input.accountId, afterRefusal(decision));
  }

  /** Counts a dial (attempt, Regulation F history, last contacted) and keeps the call to start. */
  #placeDial(config: CampaignConfig, lead: StoredLead, phone: string, now: number, previewAgent: DialerCallSpec["previewAgent"]): CallSpec {
    const callId = crypto.randomUUID();
    this.#store.markDialing(lead.input.accountId, now);
    this.#store.addHistory("attempt", callId, lead.input.accountId, now, lead.input.debtIds, phone, config.id);
    this.#store.addToDay(utcDay(now), { dials: 1 });
    this.#store.enqueue(`contacted:${lead.input.accountId}`, { table: "contacted", accountId: lead.input.accountId, organizationId: config.organizationId, atMs: now } satisfies CampaignRecordRow);
    const spec: CallSpec = {
      id: callId,
      organizationId: config.organizationId,
      kind: "dialer",
      direction: "outbound",
      to: phone,
      from: config.fromNumber,
      agentUserId: previewAgent?.userId ?? null,
      agentAddress: previewAgent?.address ?? null,
      accountId: lead.input.accountId,
      createdAtMs: now,
      ringTimeoutSeconds: config.ringTimeoutSeconds,
      record: true,
      transcribe: true,
      inbound: null,
      dialer: {
        campaignId: config.id,
        eligibleAgentUserIds: config.agentUserIds,
        voicemailScript: config.voicemailScript,
        safeHarborMessage: config.safeHarborMessage,
        debtIds: lead.input.debtIds,
        previewAgent,
      },
    };
    this.#store.addCall({ callId, accountId: lead.input.accountId, phone, phase: "ringing", sinceMs: now, dialedAtMs: now, agentUserId: previewAgent?.userId ?? null }, spec);
    return spec;
  }

  /**
   * Preview pacing's tick: withdraws offers that are over, then holds the next allowed lead
   * for each available agent without one. Synchronous: the pool hears of it afterwards.
   */
  #previewTick(config: CampaignConfig, members: readonly PoolMember[], now: number): PreviewPoolWork {
    const ended = offersToWithdraw(this.#store.offers(), members, config.agentUserIds, config.id, now);
    for (const withdrawal of ended) this.#store.releaseOffer(withdrawal.accountId);
    // A member the pool shows with one of our leads that we no longer hold (an offer cut
    // short by an eviction) is let go, unless the lead is being dialled: that call moves them on.
    for (const member of members) {
      if (member.status !== "previewing" || member.preview?.campaignId !== config.id) continue;
      const accountId = member.preview.accountId;
      if (this.#store.offerOf(accountId) || this.#store.lead(accountId)?.state === "dialing") continue;
      ended.push({ userId: member.userId, accountId, then: "available", why: "left" });
    }
    const holding = new Set(this.#store.offers().map((o) => o.userId));
    const waiting = agentsAwaitingOffers(members, config.agentUserIds, holding);
    const offers: PreviewPoolWork["offers"] = [];
    const budget = { looks: waiting.length + MAX_SKIPS_PER_TICK };
    for (const userId of waiting) {
      const next = this.#nextDialableLead(config, now, budget);
      if (!next) break;
      this.#store.holdOffer(userId, next.lead.input.accountId, now);
      offers.push({
        userId,
        offer: {
          campaignId: config.id,
          campaignName: config.name,
          accountId: next.lead.input.accountId,
          accountName: next.lead.input.name,
          phone: next.phone,
          balanceDueCents: next.lead.input.balanceDueCents,
          offeredAt: now,
          expiresAt: now + PREVIEW_OFFER_TIMEOUT_MS,
        },
      });
    }
    const held = this.#store.offers().length;
    this.#store.setMeta(
      "pacing",
      previewExplanation({
        previewing: held,
        callsLive: this.#store.calls().length,
        agentsWithoutLead: waiting.length - offers.length,
        queueLeft: this.#store.queueLeft() - held,
      }),
    );
    return { offers, ended };
  }

  /** Every held offer goes back to the queue (paused, stopped, or no longer in preview mode). */
  #releaseAllOffers(): Withdrawal[] {
    const ended: Withdrawal[] = [];
    for (const offer of this.#store.offers()) {
      this.#store.releaseOffer(offer.accountId);
      ended.push({ userId: offer.userId, accountId: offer.accountId, then: "available", why: "left" });
    }
    return ended;
  }

  /** Shows new offers to their agents and ends finished ones; an offer the pool refuses (the agent moved on) goes back to the queue. */
  async #tellPool(work: PreviewPoolWork): Promise<void> {
    const config = this.#store.meta<CampaignConfig>("config");
    if (!config || (work.offers.length === 0 && work.ended.length === 0)) return;
    const pool = this.#pool(config);
    let changed = false;
    await Promise.all([
      ...work.ended.map((w) =>
        pool.endPreview(w.userId, config.id, w.accountId, w.then).catch((error: unknown) => {
          console.log(JSON.stringify({ event: "campaign_preview_end_failed", userId: w.userId, error: String(error) }));
        }),
      ),
      ...work.offers.map(async ({ userId, offer }) => {
        let shown = false;
        try {
          shown = await pool.offerPreview(userId, offer);
        } catch (error) {
          console.log(JSON.stringify({ event: "campaign_preview_offer_failed", userId, error: String(error) }));
        }
        // Only if this very offer is still held: a Dial or Skip may have come first.
        if (!shown && this.#store.offerOf(offer.accountId)?.userId === userId) {
          this.#store.releaseOffer(offer.accountId);
          changed = true;
        }
      }),
    ]);
    if (changed) this.#broadcast();
  }

  #pool(config: CampaignConfig) {
    return this.env.AgentPoolActor.get(this.env.AgentPoolActor.idFromName(agentPoolRoomName(config.organizationId)));
  }

  async #startCall(spec: CallSpec): Promise<void> {
    try {
      const actor = this.env.CallActor.get(this.env.CallActor.idFromName(callActorName(spec.organizationId, spec.id)));
      await actor.start(spec);
      this.#store.markStarted(spec.id);
    } catch (error) {
      console.log(JSON.stringify({ event: "campaign_call_start_failed", callId: spec.id, error: String(error) }));
      // Tried again on the next ticks; given up once the ring time has long passed.
      if (Date.now() - spec.createdAtMs < START_GIVE_UP_MS) return;
      this.#store.removeCall(spec.id);
      const accountId = spec.accountId!;
      if (this.#store.lead(accountId)?.state === "dialing") this.#store.moveLead(accountId, { state: "deferred", atMs: Date.now() + START_FAILED_RETRY_MS, callback: false });
    }
  }

  #dialRequest(config: CampaignConfig, lead: StoredLead, phone: string): DialRequest {
    return {
      accountId: lead.input.accountId,
      phone,
      accountTimeZone: lead.input.timeZone,
      debtIds: lead.input.debtIds,
      campaignId: config.id,
      dnc: {
        org: { kind: "lookup", listed: this.#store.isDnc("org", phone) },
        campaign: { kind: "lookup", listed: this.#store.isDnc("campaign", phone) },
        account: lead.input.doNotCall,
      },
      consent: lead.input.consent,
      inconvenientTimes: lead.input.inconvenientTimes,
      maxAttempts: config.retryMaxAttempts,
      callingWindow: config.callingWindow,
    };
  }

  // ---- Loading and writing Postgres -------------------------------------------------

  async #load(config: CampaignConfig): Promise<void> {
    const handle = openDatabase(this.env);
    try {
      const firstLoad = this.#store.meta<number>("loadedAt") === null;
      const since = Date.now() - REG_F_LOOKBACK_MS;
      const [leads, dnc, history, days] = await Promise.all([
        loadLeads(handle.db, config.organizationId, config.accountSelection),
        loadDnc(handle.db, config.organizationId, config.id),
        loadContactHistory(handle.db, config.organizationId, since),
        firstLoad ? loadAbandonDays(handle.db, config.id, Date.now() - 30 * 86_400_000) : Promise.resolve([]),
      ]);
      this.#store.addLeads(leads);
      this.#store.replaceDnc("org", dnc.org);
      this.#store.replaceDnc("campaign", dnc.campaign);
      for (const call of history) {
        this.#store.addHistory("attempt", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
        if (call.conversation) this.#store.addHistory("conversation", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
      }
      for (const day of days) this.#store.addToDay(day.day, { dials: day.dials, resolved: day.dials, liveAnswered: day.liveAnswered, abandoned: day.abandoned });
      this.#store.pruneHistory(since);
      this.#store.setMeta("loadedAt", Date.now());
    } finally {
      this.ctx.waitUntil(handle.close().catch(() => undefined));
    }
  }

  /** Writes the outbox; false when rows are still waiting. One connection per flush, closed after. */
  async #flushOutbox(): Promise<boolean> {
    const rows = this.#store.outbox<CampaignRecordRow>(OUTBOX_BATCH);
    if (rows.length === 0) return true;
    const handle = openDatabase(this.env);
    try {
      await writeCampaignRows(handle.db, rows.map((r) => r.value));
      this.#store.markWritten(rows);
      this.#store.setMeta("outboxFailures", 0);
      return this.#store.outboxSize() === 0;
    } catch (error) {
      const failures = (this.#store.meta<number>("outboxFailures") ?? 0) + 1;
      this.#store.setMeta("outboxFailures", failures);
      console.log(JSON.stringify({ event: "campaign_outbox_postponed", rows: rows.length, error: String(error) }));
      return false;
    } finally {
      this.ctx.waitUntil(handle.close().catch(() => undefined));
    }
  }

  async #scheduleAlarm(outboxWritten: boolean): Promise<void> {
    const now = Date.now();
    const candidates: number[] = [];
    if (this.#status() === "running") candidates.push(now + TICK_MS);
    if (!outboxWritten) candidates.push(now + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.#store.meta<number>("outboxFailures") ?? 0)));
    if (candidates.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...candidates));
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    const config = this.#store.meta<CampaignConfig>("config");
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
    return this.#store.meta<CampaignStatus>("status") ?? "draft";
  }

  #saveConfig(config: CampaignConfig): void {
    const before = this.#store.meta<CampaignConfig>("config");
    if (before && before.id !== config.id) throw new Error("this actor belongs to another campaign");
    this.#store.setMeta("config", config);
  }

  async #setStatus(status: CampaignStatus): Promise<CampaignSnapshot> {
    if (!this.#store.meta<CampaignConfig>("config")) throw new Error("This campaign has not been started");
    this.#store.setMeta("status", status);
    // Leads held for preview agents go back to the queue; the agents are free again.
    const ended = this.#releaseAllOffers();
    const snapshot = this.#broadcast();
    await this.#tellPool({ offers: [], ended });
    // The alarm keeps running only for what is left to write to Postgres.
    await this.#scheduleAlarm(this.#store.outboxSize() === 0);
    return snapshot;
  }

  #pacingInputs(now: number, config: CampaignConfig): PacingInputs {
    const members = this.#store.meta<PoolMember[]>("agents") ?? [];
    return {
      nowMs: now,
      agents: agentViews(members, config.agentUserIds, (campaignId, accountId) => (campaignId === config.id ? (this.#store.lead(accountId)?.input.name ?? null) : null)),
      calls: this.#store.calls(),
      stats: this.#store.meta<ObservedStats>("stats") ?? initialObservedStats(),
      today: this.#store.daysSince(utcDay(now)),
      rolling30d: this.#store.daysSince(rolling30dFirstDay(now)),
      config,
    };
  }

  #buildSnapshot(now: number): CampaignSnapshot {
    const config = this.#store.meta<CampaignConfig>("config")!;
    const inputs = this.#pacingInputs(now, config);
    const stats = campaignStats({
      ...inputs,
      queueLeft: this.#store.queueLeft(),
      skipsToday: this.#store.skipsOn(utcDay(now)),
      pacingExplanation: this.#store.meta<string>("pacing") ?? "Not dialling yet",
    });
    const status = this.#status();
    const accountNames = new Map<string, string>();
    const calls = inputs.calls.map((call) => {
      if (!accountNames.has(call.accountId)) accountNames.set(call.accountId, this.#store.lead(call.accountId)?.input.name ?? "");
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
      history: this.#store.points(),
      alerts: campaignAlerts(now, status, stats, inputs.agents),
      serverNow: now,
    };
  }

  #savePoint(now: number): void {
    const snapshot = this.#buildSnapshot(now);
    const minute = Math.floor(now / 60_000);
    this.#store.savePoint(minute, historyPoint(now, snapshot.stats, snapshot.agents, snapshot.calls.length), minute - 59);
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

const notOffered = (): PreviewActionResult => ({
  ok: false,
  code: "not_offered",
  reason: null,
  message: "This lead is not offered to you now: it was withdrawn, or already dialled or skipped",
});

function progressOf(lead: StoredLead) {
  return { attempts: lead.attempts, phones: lead.input.phones, badPhones: lead.badPhones };
}

/** What the pacing statistics learn from a call's outcome. */
export function resolvedDial(outcome: CampaignCallOutcome): ResolvedDial | null {
  const seconds = (from: number | null, to: number | null) => (from === null || to === null ? 0 : Math.max(0, (to - from) / 1000));
  switch (outcome.result) {
    case "human":
    case "machine":
    case "fax":
      if (outcome.answeredAtMs === null) return null;
      return {
        outcome: outcome.result === "human" ? "human" : "machine",
        answerSeconds: seconds(outcome.dialedAtMs, outcome.answeredAtMs),
        amdSeconds: seconds(outcome.answeredAtMs, outcome.humanAtMs ?? outcome.endedAtMs),
        judgedHuman: outcome.result === "human",
      };
    case "no_answer":
      return { outcome: "noAnswer" };
    case "busy":
      return { outcome: "busy", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
    case "failed":
      return { outcome: "invalid", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
  }
}
