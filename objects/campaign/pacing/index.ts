// The pacing module's one entry: decideDials(snapshot, state) for whichever policy the
// state belongs to. The CampaignActor keeps the state (plain JSON) between ticks; the
// benchmark (bench/pacing) calls this very function.
import { decidePredictiveDials, initialPredictiveState, type PredictiveState } from "./predictive";
import { decideProgressiveDials, initialProgressiveState, type ProgressiveState } from "./progressive";
import type { PacingDecision, PacingSnapshot } from "./snapshot";
import { decideVicidialAdaptDials, initialVicidialAdaptState, type VicidialAdaptState } from "./vicidial-adapt";

export const PACING_POLICIES = ["progressive", "vicidial-adapt", "predictive"] as const;
export type PacingPolicyName = (typeof PACING_POLICIES)[number];
export type PacingState = ProgressiveState | VicidialAdaptState | PredictiveState;

export function initialPacingState(policy: PacingPolicyName): PacingState {
  switch (policy) {
    case "progressive":
      return initialProgressiveState();
    case "vicidial-adapt":
      return initialVicidialAdaptState();
    case "predictive":
      return initialPredictiveState();
  }
}

export function decideDials(snapshot: PacingSnapshot, state: PacingState): PacingDecision<PacingState> {
  switch (state.policy) {
    case "progressive":
      return decideProgressiveDials(snapshot, state);
    case "vicidial-adapt":
      return decideVicidialAdaptDials(snapshot, state);
    case "predictive":
      return decidePredictiveDials(snapshot, state);
  }
}

export type { PacingDecision, PacingSnapshot } from "./snapshot";
