// Progressive pacing: one line per available agent not already covered by a call in
// flight. Nobody is ever dialled for an agent who is not free, so abandons come only
// from AMD misjudging a person as a machine. The floor every other policy must beat.
import { countAgents, lineHeadroom, type PacingDecision, type PacingSnapshot } from "./snapshot";

export interface ProgressiveState {
  policy: "progressive";
}

export const initialProgressiveState = (): ProgressiveState => ({ policy: "progressive" });

export function decideProgressiveDials(snapshot: PacingSnapshot, state: ProgressiveState): PacingDecision<ProgressiveState> {
  const agents = countAgents(snapshot.agents);
  const pending = snapshot.callsInFlight.length + snapshot.waitingCalls.length;
  const uncovered = Math.max(0, agents.available - pending);
  const dials = Math.min(uncovered, lineHeadroom(snapshot, agents));
  const explanation =
    dials > 0
      ? `${dials} dial${dials === 1 ? "" : "s"}: ${agents.available} agent${agents.available === 1 ? "" : "s"} free, ${pending} call${pending === 1 ? "" : "s"} already dialling for them`
      : agents.available === 0
        ? "no dial: no agent is free"
        : `no dial: every free agent already has a call dialling`;
  return { dials, nextState: state, explanation };
}
