// The supervisor's live queue view in words: a queue's numbers as tiles, its members'
// skills as one line a supervisor can edit ("language:es 8, collections 5") and read back
// into the levels the API takes, and its agents counted by state. Pure, tested in Node.
import { boardStatusOrder } from "./presence";
import type { AgentPresenceStatus, QueueLiveView } from "../../../objects/agent-pool/protocol";

/** Skills as one editable line: `language:es 8, collections 5` (sorted by name). */
export function skillsText(skills: Record<string, number>): string {
  return Object.entries(skills)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([skill, level]) => `${skill} ${level}`)
    .join(", ");
}

export type SkillsParse = { ok: true; skills: Record<string, number> } | { ok: false; message: string };

/** The line read back: each entry a skill and its level 1–10 (a skill alone is level 1); empty is no skills. */
export function parseSkills(text: string): SkillsParse {
  const skills: Record<string, number> = {};
  for (const entry of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9_:-]{0,39})(?:\s+(\d{1,2}))?$/.exec(entry.toLowerCase());
    if (!match) return { ok: false, message: `"${entry}" is not a skill and a level (like language:es 8)` };
    const level = match[2] === undefined ? 1 : Number(match[2]);
    if (level < 1 || level > 10) return { ok: false, message: `${match[1]}: a level is 1 to 10` };
    skills[match[1]!] = level;
  }
  return { ok: true, skills };
}

/** A share as a whole percent; none yet reads as a dash. */
export const percentText = (share: number | null): string => (share === null ? "—" : `${Math.round(share * 100)} %`);

/** The queue's tiles, in the order a supervisor reads them. */
export function queueTiles(view: QueueLiveView, nowMs: number): { key: string; label: string; value: string }[] {
  const longest = view.waiting.filter((caller) => !caller.callbackRequested).reduce((most, caller) => Math.max(most, nowMs - caller.enteredAtMs), 0);
  const stats = view.stats;
  return [
    { key: "waiting-count", label: "Waiting", value: String(view.waiting.filter((caller) => !caller.callbackRequested).length) },
    { key: "longest-wait", label: "Longest wait", value: `${Math.floor(longest / 1000)} s` },
    { key: "service-level", label: `Answered within ${stats.serviceLevelSeconds} s`, value: percentText(stats.serviceLevel) },
    { key: "answered", label: "Answered", value: String(stats.answered) },
    { key: "abandoned", label: "Abandoned", value: `${stats.abandoned} (${percentText(stats.abandonRate)})` },
    { key: "asa", label: "Average speed of answer", value: stats.averageSpeedOfAnswerSeconds === null ? "—" : `${Math.round(stats.averageSpeedOfAnswerSeconds)} s` },
    { key: "callbacks", label: "Callbacks waiting", value: String(stats.callbacksWaiting) },
    { key: "callbacks-made", label: "Callbacks made", value: stats.callbacksUnreached ? `${stats.callbacksAnswered} (${stats.callbacksUnreached} not reached)` : String(stats.callbacksAnswered) },
  ];
}

/** The queue's members counted by state, in the board's order; states nobody is in are left out. */
export function agentsByState(view: QueueLiveView): { status: AgentPresenceStatus; count: number }[] {
  return boardStatusOrder
    .map((status) => ({ status, count: view.agents.filter((agent) => agent.status === status).length }))
    .filter((row) => row.count > 0);
}

/** What a caller needs, in words: "language:es" (levels above 1 named). */
export const needsText = (needs: Record<string, number>): string => skillsText(needs).replace(/ 1(,|$)/g, "$1") || "any agent";
