// Campaign words for the console: status and pacing labels and tones, which status actions a
// campaign offers now (the API's state machine: draft → running ⇄ paused → stopped), and which
// roles may run or delete campaigns. The API enforces all of it; this only keeps the console
// from offering doors that are locked.
import type { CampaignStatus, PacingMode } from "$protocol/campaign/protocol";
import { hasRole, type Role } from "../../../domain/roles";
import type { Tone } from "./tone";

/** POST /api/campaigns/:id/<action>. */
export type CampaignAction = "start" | "pause" | "resume" | "stop";

/** Create, edit, start, pause, resume, stop, read reports: supervisors and up. */
export const mayRunCampaigns = (role: Role) => hasRole(role, "supervisor");
/** Delete: admins and up. */
export const mayDeleteCampaigns = (role: Role) => hasRole(role, "admin");

export const campaignStatusLabel: Record<CampaignStatus, string> = {
  draft: "Draft",
  running: "Running",
  paused: "Paused",
  stopped: "Stopped",
};

export const campaignStatusTone: Record<CampaignStatus, Tone> = {
  draft: "info",
  running: "success",
  paused: "warning",
  stopped: "neutral",
};

export const pacingModeLabel: Record<PacingMode, string> = {
  preview: "Preview",
  progressive: "Progressive",
  predictive: "Predictive",
  payment_reminder: "Payment reminder",
  ai_agent: "AI agent",
};

export const pacingModeHint: Record<PacingMode, string> = {
  preview: "Agents see each account first and dial it themselves.",
  progressive: "One line per free agent: next to no abandoned calls.",
  predictive: "Dials ahead of free agents from measured answer rates, held under the abandon cap.",
  payment_reminder: "No agents: a person who answers goes straight to the IVR to pay, a machine gets the voicemail. Only accounts that consented to prerecorded calls.",
  ai_agent: "No agents: a person who answers talks with the AI agent (Administration → AI agent), a machine gets the voicemail; agents can take a call over. Only accounts that consented to artificial-voice calls.",
};

const ACTIONS_FROM: Record<CampaignAction, readonly CampaignStatus[]> = {
  start: ["draft"],
  pause: ["running"],
  resume: ["paused"],
  stop: ["running", "paused"],
};

/** The status actions the campaign offers in this status, in button order. */
export function campaignActionsFor(status: CampaignStatus): CampaignAction[] {
  return (["start", "resume", "pause", "stop"] as const).filter((action) => ACTIONS_FROM[action].includes(status));
}

export const isEditableStatus = (status: CampaignStatus) => status !== "stopped";
export const isDeletableStatus = (status: CampaignStatus) => status === "draft" || status === "stopped";

/** A fraction as a percent with two decimals ("1.25 %"); null (no live answers yet) as a dash. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(2)} %`;
}
