// Campaigns over the API: their settings, their status actions, the live snapshot, the
// compliance report, and preview pacing's Dial and Skip.
import { z } from "zod";
import { campaignSnapshot, campaignStatus, pacingMode } from "../../../objects/campaign/protocol";
import { campaignEngineFigures, poolEngineFigures } from "../../../domain/timing-summary";
import { NO_BODY, id, instant, routeContract } from "./contract";

/** Which accounts a campaign calls; every field given narrows the selection. */
export const campaignAccountSelection = z.strictObject({
  minBalanceCents: z.number().int().optional(),
  languages: z.array(z.string()).optional(),
  accountIds: z.array(id).optional(),
});
export type CampaignAccountSelection = z.infer<typeof campaignAccountSelection>;

/** A campaign's settings, as POST /api/campaigns takes them (and PATCH any subset). */
export const campaignSettings = z.strictObject({
  name: z.string(),
  pacingMode,
  /** 1–5; above 1 only with predictive pacing. */
  maxLinesPerAgent: z.number(),
  /** Percent, above 0 and at most 3 (the law's cap). */
  abandonCapPercent: z.number(),
  /** 15–60 seconds. */
  ringTimeoutSeconds: z.number().int(),
  /** "HH:MM" in the callee's local time, inside 08:00–21:00. */
  callingWindow: z.strictObject({ from: z.string(), to: z.string() }),
  voicemailScript: z.string(),
  /** May hold the placeholders {organization} and {callbackNumber}, filled when the campaign starts. */
  safeHarborMessage: z.string(),
  retryMaxAttempts: z.number().int(),
  retrySpacingMinutes: z.number().int(),
  /** Progressive and predictive pacing dial accounts of unknown consent only when true (default false); preview always may. */
  dialUnknownConsent: z.boolean(),
  /** payment_reminder and ai_agent pacing only: 1–100 calls in flight at once (no agents; answered calls go to the IVR or the AI agent). */
  maxConcurrentCalls: z.number().int(),
  accountSelection: campaignAccountSelection,
  /** The saved segment the campaign calls, its members listed live; null: accountSelection decides. */
  segmentId: id.nullable(),
  agentUserIds: z.array(id),
  /** 0–600 seconds; null: the organisation's wrap-up time. */
  wrapUpSeconds: z.number().int().nullable(),
  /** Saving the disposition ends wrap-up at once. */
  endWrapUpOnSave: z.boolean(),
  /** 0–600 seconds an agent may add once per call ("I need more time"); 0: no extension. */
  wrapUpExtensionSeconds: z.number().int(),
  /** Agents stay in wrap-up (the dialer waits for them) until each call's disposition is saved. */
  dispositionRequired: z.boolean(),
});
export type CampaignSettings = z.infer<typeof campaignSettings>;

export const campaign = campaignSettings.extend({
  id,
  status: campaignStatus,
  createdAt: instant,
  updatedAt: instant,
  startedAt: instant.nullable(),
  stoppedAt: instant.nullable(),
});
export type Campaign = z.infer<typeof campaign>;

export const campaignPage = z.strictObject({ campaigns: z.array(campaign), total: z.number().int() });
export type CampaignPage = z.infer<typeof campaignPage>;

/** The campaign and its messages as the callee would hear them now. */
export const campaignDetail = z.strictObject({
  campaign,
  preview: z.strictObject({ fromNumber: z.string().nullable(), safeHarborMessage: z.string(), voicemailScript: z.string() }),
});
export type CampaignDetail = z.infer<typeof campaignDetail>;

const campaignBody = z.strictObject({ campaign });
/**
 * A status action: the campaign as stored, and its actor's snapshot right after; null when a
 * pause or stop found an actor that never ran the campaign (a row marked running whose
 * actor never started): nothing was dialling, and the row took the new status.
 */
const campaignActionBody = z.strictObject({ campaign, live: campaignSnapshot.nullable() });

export const listCampaigns = routeContract({ method: "GET", path: "/api/campaigns", response: { 200: campaignPage }, errors: [] });
export const getCampaign = routeContract({ method: "GET", path: "/api/campaigns/:id", response: { 200: campaignDetail }, errors: [] });
/** plan_required: predictive or payment-reminder pacing on a plan without it. */
export const createCampaign = routeContract({ method: "POST", path: "/api/campaigns", response: { 201: campaignBody }, errors: ["plan_required"] });
/** conflict: a stopped campaign, or no caller id for a live one; service_unavailable: its actor did not answer. */
export const changeCampaign = routeContract({
  method: "PATCH",
  path: "/api/campaigns/:id",
  response: { 200: campaignBody },
  errors: ["conflict", "service_unavailable", "plan_required"],
});
export const deleteCampaign = routeContract({ method: "DELETE", path: "/api/campaigns/:id", response: { 204: NO_BODY }, errors: ["conflict"] });

/** conflict: the status does not allow the action (or no agents / caller id to start); service_unavailable: the actor did not answer. */
const statusActionErrors = ["conflict", "service_unavailable"] as const;
/** plan_required: the campaign's pacing needs a feature the organisation's plan lacks. */
const dialingActionErrors = [...statusActionErrors, "plan_required"] as const;
export const startCampaign = routeContract({ method: "POST", path: "/api/campaigns/:id/start", response: { 200: campaignActionBody }, errors: dialingActionErrors });
export const pauseCampaign = routeContract({ method: "POST", path: "/api/campaigns/:id/pause", response: { 200: campaignActionBody }, errors: statusActionErrors });
export const resumeCampaign = routeContract({ method: "POST", path: "/api/campaigns/:id/resume", response: { 200: campaignActionBody }, errors: dialingActionErrors });
export const stopCampaign = routeContract({ method: "POST", path: "/api/campaigns/:id/stop", response: { 200: campaignActionBody }, errors: statusActionErrors });

/** A draft never ran: its snapshot is null. */
export const liveCampaign = routeContract({
  method: "GET",
  path: "/api/campaigns/:id/live",
  response: { 200: z.strictObject({ snapshot: campaignSnapshot.nullable() }) },
  errors: ["service_unavailable"],
});

/**
 * The engine's own timings for this campaign, as its actors measured them since they last
 * started (the scale rehearsal reads it, bench/rehearse/): the campaign actor's pacing tick
 * (duration, lateness against its alarm), its holds of new dials while the engine was behind,
 * and the organisation's pool's reservation latency
 * (a call asking → the pool answering). Milliseconds. campaign: null for a draft.
 */
export const campaignEngineStats = routeContract({
  method: "GET",
  path: "/api/campaigns/:id/engine-stats",
  response: {
    200: z.strictObject({
      campaign: campaignEngineFigures.nullable(),
      pool: poolEngineFigures,
    }),
  },
  errors: ["service_unavailable"],
});

/** abandoned ÷ live answered (a fraction); null before the first live answer. */
export const abandonRate = z.strictObject({ liveAnswered: z.number().int(), abandoned: z.number().int(), rate: z.number().nullable() });
export type AbandonRate = z.infer<typeof abandonRate>;

export const complianceSkip = z.strictObject({
  id: z.string(),
  occurredAt: instant,
  accountId: id.nullable(),
  accountName: z.string().nullable(),
  phone: z.string(),
  reason: z.string(),
  reasonLabel: z.string(),
  /** e.g. "skipped: 7-in-7 (…), next eligible 2026-11-30 09:00 EST". */
  explanation: z.string(),
  nextEligibleAt: instant.nullable(),
});
export type ComplianceSkip = z.infer<typeof complianceSkip>;

export const campaignReport = z.strictObject({
  campaign: z.strictObject({ id, name: z.string(), status: campaignStatus, abandonCapPercent: z.number() }),
  period: z.strictObject({ from: instant.nullable(), to: instant.nullable() }),
  timeZone: z.string(),
  generatedAt: instant,
  attempts: z.number().int(),
  accountsDialed: z.number().int(),
  /** Calls bridged to an agent. */
  conversations: z.number().int(),
  liveAnswered: z.number().int(),
  abandoned: z.number().int(),
  abandon: z.strictObject({
    inPeriod: abandonRate,
    today: abandonRate,
    /** The law's window: the rolling 30 days, whatever the period. */
    last30Days: abandonRate,
    capPercent: z.number(),
    legalCapPercent: z.number(),
    withinCap: z.boolean(),
  }),
  skips: z.strictObject({
    total: z.number().int(),
    byReason: z.array(z.strictObject({ reason: z.string(), label: z.string(), count: z.number().int() })),
  }),
  /** The most recent skips of the period (up to 50); the CSV has them all. */
  recentSkips: z.array(complianceSkip),
});
export type CampaignReport = z.infer<typeof campaignReport>;

/** JSON by default; `?format=csv` answers the period's skips as a text/csv download instead. */
export const campaignReportRoute = routeContract({
  method: "GET",
  path: "/api/campaigns/:id/report",
  response: { 200: z.strictObject({ report: campaignReport }) },
  errors: [],
});

/**
 * forbidden: an API key (no person to hold an offer); conflict: not a running preview
 * campaign, or the lead is not (or no longer) offered to the caller, or compliance refuses it now.
 */
const previewErrors = ["forbidden", "conflict", "service_unavailable"] as const;
/** callId: null when the campaign placed no call after all. */
export const previewDial = routeContract({
  method: "POST",
  path: "/api/campaigns/:id/preview/dial",
  response: { 201: z.strictObject({ callId: id.nullable() }) },
  errors: previewErrors,
});
export const previewSkip = routeContract({
  method: "POST",
  path: "/api/campaigns/:id/preview/skip",
  response: { 200: z.strictObject({ skipped: id }) },
  errors: previewErrors,
});

/**
 * A rehearsal of the campaign: its settings copied into a rehearsal organisation of its own
 * (organizationId), run there as campaignId against the carrier simulator. Its room is
 * `<organizationId>:<campaignId>`, which the rehearsed organisation's supervisors may watch.
 * conflict: no carrier simulator in this deployment, a pacing mode a rehearsal cannot play,
 * no statistics of its own yet, no caller id.
 */
export const campaignRehearsal = z.strictObject({
  organizationId: id,
  campaignId: id,
  rehearsedCampaignId: id,
  workload: z.string(),
  agents: z.number().int(),
  speed: z.number(),
  minutes: z.number(),
  leads: z.number().int(),
  startedAt: instant,
  endsAt: instant,
});
export type CampaignRehearsal = z.infer<typeof campaignRehearsal>;
export const rehearseCampaign = routeContract({
  method: "POST",
  path: "/api/campaigns/:id/rehearsals",
  response: { 201: z.strictObject({ rehearsal: campaignRehearsal }) },
  errors: ["conflict", "service_unavailable"],
});

export const campaignRoutes = [
  listCampaigns,
  getCampaign,
  createCampaign,
  changeCampaign,
  deleteCampaign,
  startCampaign,
  pauseCampaign,
  resumeCampaign,
  stopCampaign,
  liveCampaign,
  campaignEngineStats,
  campaignReportRoute,
  previewDial,
  previewSkip,
  rehearseCampaign,
] as const;
