// The campaign's calls in flight (the `calls` table), each kept with its spec from the
// dial until its outcome: a call whose actor has not confirmed the start is started again
// after an eviction, and its phase only moves forward. The `resolved` table remembers
// which calls' outcomes were counted, so a repeated outcome counts once. Each call also
// keeps its customer's live sentiment (the newest line's), which the room sorts by.
// The calls as the room and the pacer see them are read from the table once per instance,
// then written through (only this class writes the table): a pacing tick read and parsed
// every call in flight three times, nearly half of its CPU at 200 agents (docs/scale.md).
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import { callSpecSchema, type CallSpec } from "../../call/call-spec";
import { campaignCallPhase, sentimentTrend, type CallSentiment, type CampaignCallPhase } from "../protocol";
import { logEvent } from "../../../domain/log";
import { ivrProgress, type IvrProgress } from "../../../domain/ivr-progress";
import { aiRoomState, type AiRoomState } from "../../../domain/ai-agent";

export interface InFlightCall {
  callId: string;
  accountId: string;
  phone: string;
  phase: CampaignCallPhase;
  sinceMs: number;
  dialedAtMs: number;
  agentUserId: string | null;
  /** A reminder call's IVR step and payment status, as last reported; null before any (or for other calls). */
  ivr: IvrProgress | null;
  /** An AI-agent campaign's call: the AI's state (talking, a person on it, handed back), as last reported; null before any (or for other calls). */
  ai: AiRoomState | null;
}

/** The order phases happen in: a late report of an earlier phase never moves a call back. */
const PHASE_RANK: Record<CampaignCallPhase, number> = { ringing: 0, amd: 1, voicemail: 2, waiting: 2, connected: 3, safe_harbor: 3, ended: 4 };

type CallRow = { call_id: string; account_id: string; phone: string; phase: string; since_ms: number; dialed_at_ms: number; agent_user_id: string | null; ivr: string | null; ai: string | null };
const CALL_COLUMNS = "call_id, account_id, phone, phase, since_ms, dialed_at_ms, agent_user_id, ivr, ai";

export class CallsInFlight {
  /** The table's calls by id, in the order they were dialled; null until first read. */
  #kept: Map<string, InFlightCall> | null = null;

  constructor(private readonly sql: SqlDatabase) {}

  /** A call to start: kept with its spec until its actor confirms, so an eviction mid-start only delays it. */
  add(call: Omit<InFlightCall, "ivr" | "ai">, spec: CallSpec): void {
    const inserted = this.sql.exec(
      "INSERT INTO calls (call_id, account_id, phone, phase, since_ms, dialed_at_ms, agent_user_id, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      call.callId,
      call.accountId,
      call.phone,
      call.phase,
      call.sinceMs,
      call.dialedAtMs,
      call.agentUserId,
      JSON.stringify(spec),
    ).rowsWritten > 0;
    if (inserted) this.#kept?.set(call.callId, { ...call, ivr: null, ai: null });
  }

  isStarted(callId: string): boolean {
    return this.sql.exec("SELECT 1 FROM calls WHERE call_id = ? AND started = 1", callId).toArray().length > 0;
  }

  markStarted(callId: string): void {
    this.sql.exec("UPDATE calls SET started = 1 WHERE call_id = ?", callId);
  }

  /** Calls whose actor has not confirmed the start (bounded by the calls in flight); a spec no build can read is dropped. */
  unstarted(): CallSpec[] {
    return this.sql
      .exec<{ call_id: string; spec: string }>("SELECT call_id, spec FROM calls WHERE started = 0")
      .toArray()
      .flatMap((row) => {
        const spec = parseJson(row.spec, callSpecSchema);
        if (spec.success) return [spec.data];
        // Never started, so nothing rang: the call is forgotten rather than retried forever.
        logEvent({ event: "campaign_call_spec_unreadable", callId: row.call_id, error: spec.error });
        this.remove(row.call_id);
        return [];
      });
  }

  /** Moves a call forward to `phase`; false when it is unknown or already further on. */
  setPhase(callId: string, phase: CampaignCallPhase, atMs: number, agentUserId: string | null = null): boolean {
    const call = this.get(callId);
    if (!call || PHASE_RANK[phase] < PHASE_RANK[call.phase] || (phase === call.phase && agentUserId === call.agentUserId)) return false;
    this.sql.exec("UPDATE calls SET phase = ?, since_ms = ?, agent_user_id = COALESCE(?, agent_user_id) WHERE call_id = ?", phase, atMs, agentUserId, callId);
    this.#kept?.set(callId, { ...call, phase, sinceMs: atMs, agentUserId: agentUserId ?? call.agentUserId });
    return true;
  }

  /** Keeps a call's IVR progress when it is newer (by its order) than what is kept; false when unknown, older or the same. */
  setIvr(callId: string, ivr: IvrProgress): boolean {
    const call = this.get(callId);
    if (!call || (call.ivr && call.ivr.order >= ivr.order)) return false;
    this.sql.exec("UPDATE calls SET ivr = ? WHERE call_id = ?", JSON.stringify(ivr), callId);
    this.#kept?.set(callId, { ...call, ivr });
    return true;
  }

  get(callId: string): InFlightCall | null {
    return this.#calls().get(callId) ?? null;
  }

  /** In the order they were dialled. */
  all(): InFlightCall[] {
    return [...this.#calls().values()].sort((a, b) => a.dialedAtMs - b.dialedAtMs);
  }

  /** The call's live sentiment as of the customer's line at `atMs`; false when unknown, or a later line's is kept already. */
  setSentiment(callId: string, sentiment: CallSentiment, atMs: number): boolean {
    return (
      this.sql.exec(
        "UPDATE calls SET sentiment_score = ?, sentiment_trend = ?, sentiment_at_ms = ? WHERE call_id = ? AND (sentiment_at_ms IS NULL OR sentiment_at_ms < ?)",
        sentiment.score,
        sentiment.trend,
        atMs,
        callId,
        atMs,
      ).rowsWritten > 0
    );
  }

  /** Keeps an AI call's state when it is newer (by its order) than what is kept; false when unknown, older or the same. */
  setAi(callId: string, ai: AiRoomState): boolean {
    const call = this.get(callId);
    if (!call || (call.ai && call.ai.order >= ai.order)) return false;
    this.sql.exec("UPDATE calls SET ai = ? WHERE call_id = ?", JSON.stringify(ai), callId);
    this.#kept?.set(callId, { ...call, ai });
    return true;
  }

  /** Each call's live sentiment, for the room (calls whose customer has not spoken yet are left out). */
  sentiments(): Map<string, CallSentiment> {
    const rows = this.sql.exec<{ call_id: string; sentiment_score: number; sentiment_trend: string }>("SELECT call_id, sentiment_score, sentiment_trend FROM calls WHERE sentiment_score IS NOT NULL").toArray();
    return new Map(rows.map((row) => [row.call_id, { score: row.sentiment_score, trend: sentimentTrend.catch("steady").parse(row.sentiment_trend) }]));
  }

  remove(callId: string): void {
    this.sql.exec("DELETE FROM calls WHERE call_id = ?", callId);
    this.#kept?.delete(callId);
  }

  /** True the first time this call's AMD verdict is learnt; false when the call is unknown here (resolved already) or was learnt. */
  markVerdictLearned(callId: string): boolean {
    return this.sql.exec("UPDATE calls SET verdict_learned = 1 WHERE call_id = ? AND verdict_learned = 0", callId).rowsWritten > 0;
  }

  verdictLearned(callId: string): boolean {
    return this.sql.exec("SELECT 1 FROM calls WHERE call_id = ? AND verdict_learned = 1", callId).toArray().length > 0;
  }

  /** True the first time an outcome for this call arrives. */
  markResolved(callId: string, atMs: number): boolean {
    return this.sql.exec("INSERT INTO resolved (call_id, at_ms) VALUES (?, ?) ON CONFLICT DO NOTHING", callId, atMs).rowsWritten > 0;
  }

  /** Forgets resolved calls older than `beforeMs` (no outcome arrives that late). */
  pruneResolved(beforeMs: number): void {
    this.sql.exec("DELETE FROM resolved WHERE at_ms < ?", beforeMs);
  }

  #calls(): Map<string, InFlightCall> {
    this.#kept ??= new Map(
      this.sql
        .exec<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls ORDER BY dialed_at_ms, rowid`)
        .toArray()
        .map((row) => [row.call_id, toCall(row)]),
    );
    return this.#kept;
  }
}

/** A progress this build cannot read (another build's) is shown as none until the next report. */
function ivrOf(json: string | null): IvrProgress | null {
  if (json === null) return null;
  const parsed = parseJson(json, ivrProgress);
  return parsed.success ? parsed.data : null;
}

/** A state this build cannot read (another build's) is shown as none until the next report. */
function aiOf(json: string | null): AiRoomState | null {
  if (json === null) return null;
  const parsed = parseJson(json, aiRoomState);
  return parsed.success ? parsed.data : null;
}

function toCall(row: CallRow): InFlightCall {
  return {
    callId: row.call_id,
    accountId: row.account_id,
    phone: row.phone,
    // A phase this build does not know (a newer one) reads as the earliest, so any report moves it on.
    phase: campaignCallPhase.catch("ringing").parse(row.phase),
    sinceMs: row.since_ms,
    dialedAtMs: row.dialed_at_ms,
    agentUserId: row.agent_user_id,
    ivr: ivrOf(row.ivr),
    ai: aiOf(row.ai),
  };
}
