// Who answers whom in one queue, decided as a pure function of who waits and who is free:
// callers in order of priority (higher first), then of arrival (earlier first); each in
// turn gets the longest-idle free member with every skill they need, or, once they have
// waited the queue's skill-relaxation time, the longest-idle free member of the queue.
// A caller nobody eligible is free for is passed over, never blocking those behind them,
// so no caller is left waiting while an agent who could take them is idle. The actor
// then reserves each chosen agent through the agent pool (atomic per agent); an agent the
// pool no longer has free is simply chosen again on the next pass.
import { hasSkills, type QueueMember, type SkillLevels } from "../../domain/inbound-queues";

export interface WaitingCaller {
  callId: string;
  /** The priority of the number they called (higher first). */
  priority: number;
  enteredAtMs: number;
  /** The skills they need (domain/inbound-queues.ts `skillsNeeded`). */
  needs: SkillLevels;
  /** Rung on an agent's console now (queue-ring.ts): not chosen for anyone else meanwhile. */
  ringing?: { userId: string; untilMs: number } | null;
  /** Agents who rejected or missed their ring: another free eligible agent is offered them first. */
  declinedBy?: readonly string[];
}

export interface FreeAgent {
  userId: string;
  /** Available since; the longest idle answers first. */
  idleSinceMs: number;
}

export interface Assignment {
  callId: string;
  userId: string;
  /** True when the agent lacks a needed skill and was chosen because the caller waited long enough. */
  relaxed: boolean;
}

/** Callers in the order they are answered: priority, then arrival, then id (so it is total). */
export function answerOrder<C extends Pick<WaitingCaller, "callId" | "priority" | "enteredAtMs">>(callers: readonly C[]): C[] {
  return [...callers].sort((a, b) => b.priority - a.priority || a.enteredAtMs - b.enteredAtMs || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0));
}

/** Free agents longest idle first (ties by id, so the choice is deterministic). */
const longestIdleFirst = (agents: readonly FreeAgent[]) =>
  [...agents].sort((a, b) => a.idleSinceMs - b.idleSinceMs || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));

/** Whether a caller's needs are relaxed by now: any member of the queue may take them. */
export const isRelaxed = (caller: Pick<WaitingCaller, "enteredAtMs">, skillRelaxSeconds: number, nowMs: number) => nowMs - caller.enteredAtMs >= skillRelaxSeconds * 1000;

/**
 * The assignments to make now. `free` are agents the pool reports available; only the
 * queue's members among them are considered. Each agent and each caller appears at most once.
 */
export function chooseAssignments(input: {
  callers: readonly WaitingCaller[];
  members: readonly QueueMember[];
  free: readonly FreeAgent[];
  skillRelaxSeconds: number;
  nowMs: number;
}): Assignment[] {
  const memberSkills = new Map(input.members.map((member) => [member.userId, member]));
  let free = longestIdleFirst(input.free).filter((agent) => memberSkills.has(agent.userId));
  const assignments: Assignment[] = [];
  for (const caller of answerOrder(input.callers.filter((c) => !c.ringing))) {
    if (free.length === 0) break;
    // An agent who passed on this caller is offered them again only when nobody else eligible is free.
    const declined = new Set(caller.declinedBy ?? []);
    const candidates = [...free.filter((agent) => !declined.has(agent.userId)), ...free.filter((agent) => declined.has(agent.userId))];
    const skilled = candidates.find((agent) => hasSkills(memberSkills.get(agent.userId)!, caller.needs));
    const chosen = skilled ?? (isRelaxed(caller, input.skillRelaxSeconds, input.nowMs) ? candidates[0] : undefined);
    if (!chosen) continue;
    assignments.push({ callId: caller.callId, userId: chosen.userId, relaxed: skilled === undefined });
    free = free.filter((agent) => agent !== chosen);
  }
  return assignments;
}

/** Whether this member could take this caller now (their skills, or the caller's relaxed needs). */
export const canTake = (member: QueueMember, caller: WaitingCaller, skillRelaxSeconds: number, nowMs: number): boolean =>
  hasSkills(member, caller.needs) || isRelaxed(caller, skillRelaxSeconds, nowMs);
