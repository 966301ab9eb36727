// What a dialer call asks of others, as a pure function of its spec and record: an
// agent from the pool once a person answers (until the connect window closes; never
// for a preview call, whose agent placed it), and its campaign told of each phase
// and, once, of the outcome. Sent as tasks like
// carrier commands: retried until done, each sent once.
import { z } from "zod";
import { campaignCallPhase, campaignCallVerdict, type CampaignCallOutcome, type CampaignCallPhase, type CampaignCallVerdict } from "../../../campaign/protocol";
import { ivrOf, previewAgentOf, type CallSpec } from "../../call-spec";
import { CONNECT_WINDOW_MS } from "../../../../domain/legal";
import { isAbandoned, isVoicemailLeft } from "../../call-view";
import { type CallRecord } from "../../machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";

export const reserveAgentTaskSchema = z.object({
  name: z.literal("reserve-agent"),
  action: z.literal("reserve_agent"),
  eligibleUserIds: z.array(z.string()),
  /** Local clock: no agent by then and the safe-harbor message plays. */
  windowEndsAtMs: z.number(),
});
export type ReserveAgentTask = z.infer<typeof reserveAgentTaskSchema>;

const campaignCallOutcome = z.object({
  callId: z.string(),
  accountId: z.string(),
  phone: z.string(),
  result: z.enum(["human", "machine", "fax", "no_answer", "busy", "failed"]),
  dialedAtMs: z.number(),
  answeredAtMs: z.number().nullable(),
  humanAtMs: z.number().nullable(),
  amdAtMs: z.number().nullable().optional(),
  agentUserId: z.string().nullable(),
  connectedAtMs: z.number().nullable(),
  endedAtMs: z.number(),
  abandoned: z.boolean(),
  voicemailLeft: z.boolean(),
}) satisfies z.ZodType<CampaignCallOutcome>;

export const campaignUpdateTaskSchema = z.union([
  z.object({
    name: z.templateLiteral(["campaign-phase-", campaignCallPhase]),
    action: z.literal("campaign_update"),
    campaignId: z.string(),
    phase: campaignCallPhase,
    atMs: z.number(),
    verdict: campaignCallVerdict.optional(),
  }),
  z.object({ name: z.literal("campaign-outcome"), action: z.literal("campaign_update"), campaignId: z.string(), outcome: campaignCallOutcome }),
]);
export type CampaignUpdateTask = z.infer<typeof campaignUpdateTaskSchema>;

export type DialerTask = ReserveAgentTask | CampaignUpdateTask;

export function desiredDialerTasks(spec: CallSpec, record: CallRecord, nowMs: number): DialerTask[] {
  const dialer = spec.kind === "dialer" ? spec.dialer : null;
  if (!dialer) return [];
  const tasks: DialerTask[] = [];
  const ended = TERMINAL_STATUSES.has(record.status);
  const preview = previewAgentOf(spec) !== null;
  // A payment-reminder call has no agents to wait for: the IVR answers the person; an AI-agent campaign's, the AI.
  const agentless = ivrOf(spec) !== null || Boolean(spec.ai);
  if (!preview && !agentless && dialerPhase(record) === "waiting" && !record.hangupRequested) {
    tasks.push({ name: "reserve-agent", action: "reserve_agent", eligibleUserIds: dialer.eligibleAgentUserIds, windowEndsAtMs: nowMs + CONNECT_WINDOW_MS });
  }
  if (ended) {
    tasks.push({ name: "campaign-outcome", action: "campaign_update", campaignId: dialer.campaignId, outcome: dialerOutcome(spec, record) });
  } else {
    const phase = dialerPhase(record, preview, agentless);
    const verdict = verdictOf(spec, record);
    tasks.push({ name: `campaign-phase-${phase}`, action: "campaign_update", campaignId: dialer.campaignId, phase, atMs: phaseStartedAtMs(spec, record, phase), ...(verdict ? { verdict } : {}) });
  }
  return tasks;
}

/** AMD's verdict, once it came (a preview call has none): every phase report from then on carries it, and the campaign learns it from the first. */
function verdictOf(spec: CallSpec, record: CallRecord): CampaignCallVerdict | null {
  if (record.amdResult === null || record.amdAtMs === null || record.answeredAtMs === null) return null;
  const result = record.amdResult === "machine" || record.amdResult === "fax" ? record.amdResult : "human";
  return { result, dialedAtMs: spec.createdAtMs, answeredAtMs: record.answeredAtMs, verdictAtMs: record.amdAtMs };
}

/** Where a live dialer call stands, as its campaign's room shows it. A preview call rings until the customer answers, then it is connected. */
export function dialerPhase(record: CallRecord, preview = false, agentless = false): CampaignCallPhase {
  if (TERMINAL_STATUSES.has(record.status)) return "ended";
  if (preview) return record.answeredAtMs !== null ? "connected" : "ringing";
  // A reminder call's person is with the IVR from the moment AMD says so: connected, never waiting.
  if (agentless && record.humanAtMs !== null && record.amdResult !== "machine" && record.amdResult !== "fax") return "connected";
  if (record.abandoned) return "safe_harbor";
  if (record.assignedAgent) return "connected";
  if (record.amdResult === "machine" || record.amdResult === "fax") return "voicemail";
  if (record.humanAtMs !== null) return "waiting";
  if (record.answeredAtMs !== null) return "amd";
  return "ringing";
}

function phaseStartedAtMs(spec: CallSpec, record: CallRecord, phase: CampaignCallPhase): number {
  switch (phase) {
    case "connected":
      return record.assignedAgent?.atMs ?? record.humanAtMs ?? record.answeredAtMs ?? record.lastEventAtMs;
    case "waiting":
      return record.humanAtMs ?? record.lastEventAtMs;
    case "amd":
    case "voicemail":
      return record.answeredAtMs ?? record.lastEventAtMs;
    case "ringing":
      return spec.createdAtMs;
    default:
      return record.lastEventAtMs;
  }
}

export function dialerOutcome(spec: CallSpec, record: CallRecord): CampaignCallOutcome {
  return {
    callId: spec.id,
    accountId: spec.accountId ?? "",
    phone: spec.to,
    result: outcomeResult(spec, record),
    dialedAtMs: spec.createdAtMs,
    answeredAtMs: record.answeredAtMs,
    humanAtMs: record.humanAtMs,
    amdAtMs: record.amdAtMs,
    agentUserId: record.assignedAgent?.userId ?? previewAgentOf(spec)?.userId ?? null,
    connectedAtMs: record.bridgedAtMs,
    endedAtMs: record.endedAtMs ?? record.lastEventAtMs,
    abandoned: isAbandoned(spec, record),
    voicemailLeft: isVoicemailLeft(record),
  };
}

function outcomeResult(spec: CallSpec, record: CallRecord): CampaignCallOutcome["result"] {
  // The agent's leg of a preview call never answered: the customer was never dialled, so
  // nothing is known about their number (a failure here must not mark it bad).
  if (previewAgentOf(spec) && record.legs.customer.state === "idle") return "no_answer";
  if (record.amdResult === "fax") return "fax";
  if (record.amdResult === "machine") return "machine";
  if (record.humanAtMs !== null) return "human";
  // Answered, hung up before AMD decided: a person most likely (machines wait for the beep).
  if (record.answeredAtMs !== null) return "human";
  switch (record.status) {
    case "busy":
      return "busy";
    case "no_answer":
    case "canceled":
      return "no_answer";
    default:
      return "failed";
  }
}
