// CampaignActor: one per campaign (room `<orgId>:<campaignId>`, the supervisor's live
// campaign room). A shell over campaign-runner.ts, which does the work one thing at a
// time: RPC entry points store what they were told, in line with the pass the alarm
// runs (ask the pool, plan the tick, set the soonest named timer; the calls' confirmation
// and starts, the notices' pull and the outbox's write run beside it); the room is sent the snapshot after each change. Outcomes
// and phases arrive from the calls, an agent's Dial and Skip from the API, changes made
// through the API as notices. The shell owns what needs the runtime: the ports (the
// pool, the RecordWriter, the calls, the load from Postgres at start, the alarm) and
// the room's sockets. Apart from that load (campaign-load.ts), Postgres is reached
// through a RecordWriter's kept connections, never one of this actor's own.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { agentAddressFor } from "../../domain/agent-address";
import { hasRole } from "../../domain/roles";
import { ivrProgress, type IvrProgress } from "../../domain/ivr-progress";
import { aiRoomState, type AiRoomState } from "../../domain/ai-agent";
import { logTraceEvent } from "../../domain/log";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { agentPoolStub, callActorStub } from "../shared/actor-stubs";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { loadCampaignFromPostgres } from "./campaign-load";
import { CampaignRunner, type CampaignPorts } from "./campaign-runner";
import { campaignSnapshot } from "./campaign-snapshot";
import { CampaignStorage } from "./campaign-storage";
import { TimingSamples } from "../shared/timing-samples";
import type { CampaignEngineFigures } from "../../domain/timing-summary";
import { callSentiment, campaignCallAlert, campaignCallVerdict, type CallSentiment, type CampaignCallAlert, type CampaignCallOutcome, type CampaignCallPhase, type CampaignCallVerdict, type CampaignConfig, type CampaignServerMessage, type CampaignSnapshot, type PreviewActionResult } from "./protocol";

export class CampaignActor extends Server<Env> {
  static override options = { hibernate: true };

  /** Private, not #private: a test changes what the next request reads through it, as the actor would (its values are kept in memory, written through). */
  private readonly store: CampaignStorage;
  readonly #runner: CampaignRunner;
  /** The scale rehearsal's figures (shared/timing-samples.ts): each alarm pass's duration and how late it ran. */
  readonly #passMs = new TimingSamples();
  readonly #latenessMs = new TimingSamples();
  /** When the alarm was last set for (this instance's; unknown after an eviction). */
  #alarmDueAtMs: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new CampaignStorage(ctx.storage.sql);
    this.#runner = new CampaignRunner(this.store, this.#ports());
  }

  // ---- RPC from the API ----------------------------------------------------------

  /** Starts or resumes dialling. The first start loads the queue; later ones add new accounts only. */
  async start(config: CampaignConfig): Promise<CampaignSnapshot> {
    return this.#runner.start(config);
  }

  /** Stops new dials; calls in flight finish and are counted. Null when this actor never ran the campaign. */
  async pause(): Promise<CampaignSnapshot | null> {
    return this.#runner.pause();
  }

  /** Ends the campaign for good: no new dials; calls in flight finish. Null when this actor never ran the campaign. */
  async stop(): Promise<CampaignSnapshot | null> {
    return this.#runner.stop();
  }

  /** New settings while running or paused (pacing, cap, window, scripts, agents). */
  async configure(config: CampaignConfig): Promise<void> {
    return this.#runner.configure(config);
  }

  async snapshot(): Promise<CampaignSnapshot | null> {
    return this.#runner.snapshot();
  }

  /** Notices of changes made through the API, delivered by the Worker once committed; each applied once. */
  async applyNotices(notices: unknown[]): Promise<void> {
    return this.#runner.applyNotices(notices);
  }

  // ---- RPC from calls --------------------------------------------------------------

  async callPhase(callId: string, phase: CampaignCallPhase, atMs: number, verdict?: CampaignCallVerdict): Promise<void> {
    return this.#runner.callPhase(callId, phase, atMs, verdict === undefined ? undefined : campaignCallVerdict.parse(verdict));
  }

  /** A reminder call's IVR step and payment status: the room's live calls, the newest kept. */
  async callIvr(callId: string, ivr: IvrProgress): Promise<void> {
    return this.#runner.callIvr(callId, ivrProgress.parse(ivr));
  }

  /** An AI call's state: the room's live calls, the newest kept. */
  async callAi(callId: string, ai: AiRoomState): Promise<void> {
    return this.#runner.callAi(callId, aiRoomState.parse(ai));
  }

  /** A call's live-intelligence alert: the room's feed, once per condition per call. */
  async callAlert(alert: CampaignCallAlert): Promise<void> {
    return this.#runner.callAlert(campaignCallAlert.parse(alert));
  }

  /** A call's live sentiment as of the customer's line at `atMs` (the room sorts its calls by it). */
  async callSentiment(callId: string, sentiment: CallSentiment, atMs: number): Promise<void> {
    return this.#runner.callSentiment(callId, callSentiment.parse(sentiment), atMs);
  }

  /** A call ended: learn from it, count it, and move its lead on. Idempotent per call. */
  async callResolved(outcome: CampaignCallOutcome): Promise<void> {
    return this.#runner.callResolved(outcome);
  }

  // ---- RPC from the API: preview pacing --------------------------------------------

  /** The agent dials the lead offered to them: compliance is checked again now, then their leg rings first. */
  async previewDial(userId: string, accountId: string): Promise<PreviewActionResult> {
    return this.#runner.previewDial(userId, accountId);
  }

  /** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
  async previewSkip(userId: string, accountId: string): Promise<PreviewActionResult> {
    return this.#runner.previewSkip(userId, accountId);
  }

  // ---- The alarm: one pass, in line with the RPCs --------------------------------------

  override async onAlarm(): Promise<void> {
    const startedAt = Date.now();
    const latenessMs = this.#alarmDueAtMs === null ? null : startedAt - this.#alarmDueAtMs;
    if (latenessMs !== null) this.#latenessMs.add(latenessMs);
    this.#alarmDueAtMs = null;
    const ticking = this.store.meta.get("status") === "running";
    // A late alarm is one of the signs the engine is behind (dial-hold.ts).
    await this.#runner.pass(latenessMs);
    // Passes while running are the pacing ticks; the others only flush the outbox.
    if (ticking) this.#passMs.add(Date.now() - startedAt);
  }

  /** The tick's duration and lateness as this instance measured them, and its holds of new dials (GET /api/campaigns/:id/engine-stats). */
  async engineStats(): Promise<CampaignEngineFigures> {
    return { tickMs: this.#passMs.summary(), tickLatenessMs: this.#latenessMs.summary(), dialHold: this.#runner.dialHold() };
  }

  #ports(): CampaignPorts {
    return {
      pool: (config) => agentPoolStub(this.env, config.organizationId),
      writer: (config) => recordWriterFor(this.env, config.id),
      start: (spec) => callActorStub(this.env, spec.organizationId, spec.id).start(spec),
      load: (config, now) => loadCampaignFromPostgres(this.env, (closing) => this.ctx.waitUntil(closing), this.store, config, now),
      alarm: {
        setAlarm: (atMs: number) => {
          this.#alarmDueAtMs = atMs;
          return this.ctx.storage.setAlarm(atMs);
        },
        deleteAlarm: () => {
          this.#alarmDueAtMs = null;
          return this.ctx.storage.deleteAlarm();
        },
      },
      agentAddress: (userId) => agentAddressFor(this.env, userId),
      broadcast: (message) => {
        for (const connection of this.getConnections()) connection.send(message);
      },
      roomOpen: () => !this.getConnections()[Symbol.iterator]().next().done,
      keepAlive: (work) => this.ctx.waitUntil(work),
      // A local debugging aid (the rehearsal's REHEARSE_PACING_TRACE): one log line per pacing decision.
      tracePacing: this.env.PACING_TRACE === "1" ? (entry) => logTraceEvent({ event: "pacing_decision", campaignId: this.store.meta.get("config")?.id ?? "", entry }) : undefined,
    };
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    if (!identity || !hasRole(identity.role, "supervisor")) {
      connection.close(4403, "forbidden");
      return;
    }
    const snapshot = campaignSnapshot(this.store, Date.now());
    if (!snapshot || this.store.meta.get("config")?.organizationId !== identity.organizationId) {
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

  #send(connection: Connection, message: CampaignServerMessage): void {
    connection.send(JSON.stringify(message satisfies CampaignServerMessage));
  }
}
