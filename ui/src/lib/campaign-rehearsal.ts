// A campaign's rehearsal in the console: the choices the form offers (domain/rehearsal.ts
// says what the route takes), and the live room's address for a rehearsal, which carries
// the rehearsal's own room (its organisation and campaign) and what it plays, so the room
// can say plainly that it is a rehearsal. Pure: tested in node.
// Relative imports (not $domain): node tests and the root tsc read this file too.
import { z } from "zod";
import {
  MAX_REHEARSAL_AGENTS,
  MAX_REHEARSAL_MINUTES,
  MAX_REHEARSAL_SPEED,
  OBSERVED_WORKLOAD,
  REHEARSABLE_PACING_MODES,
  REHEARSAL_WORKLOAD_CHOICES,
  type RehearsalRequest,
  type RehearsalWorkloadChoice,
} from "../../../domain/rehearsal";
import type { CampaignRehearsal } from "../../../worker/http/contracts/campaigns";

export { MAX_REHEARSAL_AGENTS, MAX_REHEARSAL_MINUTES, MAX_REHEARSAL_SPEED };

export const DEFAULT_REHEARSAL: RehearsalRequest = { workload: "holdout/sales-high-answer-20", agents: 10, speed: 8, minutes: 30 };

/** What each workload is, in the supervisor's words. */
export function workloadLabel(choice: RehearsalWorkloadChoice): string {
  if (choice === OBSERVED_WORKLOAD) return "This campaign's own statistics (answer rate, handle time)";
  const [held, name] = choice.startsWith("holdout/") ? [true, choice.slice("holdout/".length)] : [false, choice];
  const words = name.replace(/-(\d+)$/, "").replace(/-/g, " ");
  return `${words[0]!.toUpperCase()}${words.slice(1)} (${name.match(/(\d+)$/)?.[1] ?? "?"} agents)${held ? ", held out" : ""}`;
}

/** The workloads the form offers; the campaign's own statistics only once it has run. */
export function workloadChoices(status: string): { value: RehearsalWorkloadChoice; label: string; disabled: boolean }[] {
  return REHEARSAL_WORKLOAD_CHOICES.map((value) => ({ value, label: workloadLabel(value), disabled: value === OBSERVED_WORKLOAD && status === "draft" }));
}

/** Whether the campaign's pacing is one a rehearsal plays. */
export const isRehearsable = (pacingMode: string) => (REHEARSABLE_PACING_MODES as readonly string[]).includes(pacingMode);

/** Real minutes a rehearsal lasts: the workload minutes divided by the speed. */
export const realMinutes = (request: Pick<RehearsalRequest, "minutes" | "speed">) => request.minutes / request.speed;

/** The rehearsed campaign's live room, showing the rehearsal's room instead. */
export function rehearsalRoomHref(rehearsal: CampaignRehearsal): string {
  const params = new URLSearchParams({
    rehearsal: `${rehearsal.organizationId}:${rehearsal.campaignId}`,
    workload: rehearsal.workload,
    agents: String(rehearsal.agents),
    speed: String(rehearsal.speed),
    endsAt: rehearsal.endsAt,
  });
  return `/campaigns/${rehearsal.rehearsedCampaignId}/live?${params}`;
}

const roomParams = z.object({
  rehearsal: z.string().regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/),
  workload: z.string().max(200),
  agents: z.coerce.number().int().positive(),
  speed: z.coerce.number().positive(),
  endsAt: z.string(),
});

export interface RehearsalInRoom {
  organizationId: string;
  campaignId: string;
  workload: string;
  agents: number;
  speed: number;
  endsAt: string;
}

/** The rehearsal a live room's address names, or null (the campaign's own room). */
export function rehearsalInRoom(search: URLSearchParams): RehearsalInRoom | null {
  if (!search.has("rehearsal")) return null;
  const parsed = roomParams.safeParse(Object.fromEntries(search));
  if (!parsed.success) return null;
  const [organizationId, campaignId] = parsed.data.rehearsal.split(":") as [string, string];
  return { organizationId, campaignId, workload: parsed.data.workload, agents: parsed.data.agents, speed: parsed.data.speed, endsAt: parsed.data.endsAt };
}

/** The room's banner: what is playing, and what it cannot touch. */
export function rehearsalBanner(rehearsal: RehearsalInRoom): string {
  return `Rehearsal: ${rehearsal.agents} simulated agent${rehearsal.agents === 1 ? "" : "s"}, workload ${rehearsal.workload}, ${rehearsal.speed}× speed, on the carrier simulator. Nothing reaches a real carrier or this campaign's records.`;
}
