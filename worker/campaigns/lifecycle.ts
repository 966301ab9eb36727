// A campaign's status machine: draft → running ⇄ paused → stopped, and stopped is final.
// The routes ask it which status an action leads to, and why an action is refused.
import type { CampaignStatus } from "./settings";

export const CAMPAIGN_ACTIONS = ["start", "pause", "resume", "stop"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ["draft"], to: "running" },
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  stop: { from: ["running", "paused"], to: "stopped" },
};

/** The status `action` leads to from `status`, or null when the machine has no such edge. */
export function nextStatus(status: CampaignStatus, action: CampaignAction): CampaignStatus | null {
  const edge = TRANSITIONS[action];
  return edge.from.includes(status) ? edge.to : null;
}

/** Why `action` cannot happen now, naming the campaign's current status. */
export function refusedTransition(status: CampaignStatus, action: CampaignAction): string {
  const needs = TRANSITIONS[action].from.join(" or ");
  const final = status === "stopped" ? " (a stopped campaign is final; create a new one to dial again)" : "";
  return `The campaign is ${status}${final}: only a ${needs} campaign can ${action}`;
}

/** Settings change while a campaign may still dial; a stopped one is a closed record. */
export const isEditable = (status: CampaignStatus) => status !== "stopped";

/** Only a campaign that never dialled, or one that is finished, may be deleted. */
export const isDeletable = (status: CampaignStatus) => status === "draft" || status === "stopped";

/** Statuses whose actor holds the campaign's live state (and wants edits). */
export const hasLiveActor = (status: CampaignStatus) => status === "running" || status === "paused";
