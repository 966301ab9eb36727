// Hand-made pacing snapshots: a campaign at a moment, described the way a supervisor
// would ("3 agents free, 2 on calls for a minute, 4 calls ringing for 5 s").
import { initialObservedStats } from "../../../../../objects/campaign/pacing/observed-stats";
import type { AgentView, CallInFlight, PacingSnapshot } from "../../../../../objects/campaign/pacing/snapshot";

export interface SnapshotShape {
  now?: number;
  available?: number;
  onCall?: number[];
  wrapUp?: number[];
  onBreak?: number;
  offline?: number;
  ringing?: number[];
  inAmd?: number[];
  waiting?: number;
  liveAnswered?: number;
  abandoned?: number;
  dialsResolved?: number;
  maxLinesPerAgent?: number;
  abandonCap?: number;
}

export function snapshot(shape: SnapshotShape = {}): PacingSnapshot {
  const agents: AgentView[] = [
    ...Array.from({ length: shape.available ?? 0 }, () => ({ state: "available" as const, secondsInState: 5 })),
    ...(shape.onCall ?? []).map((s) => ({ state: "on_call" as const, secondsInState: s })),
    ...(shape.wrapUp ?? []).map((s) => ({ state: "wrap_up" as const, secondsInState: s })),
    ...Array.from({ length: shape.onBreak ?? 0 }, () => ({ state: "break" as const, secondsInState: 60 })),
    ...Array.from({ length: shape.offline ?? 0 }, () => ({ state: "offline" as const, secondsInState: 600 })),
  ];
  const callsInFlight: CallInFlight[] = [
    ...(shape.ringing ?? []).map((age) => ({ phase: "ringing" as const, ageSeconds: age, phaseSeconds: age })),
    ...(shape.inAmd ?? []).map((s) => ({ phase: "amd" as const, ageSeconds: 9 + s, phaseSeconds: s })),
  ];
  const counts = { liveAnswered: shape.liveAnswered ?? 0, abandoned: shape.abandoned ?? 0 };
  return {
    nowSeconds: shape.now ?? 0,
    agents,
    callsInFlight,
    waitingCalls: Array.from({ length: shape.waiting ?? 0 }, () => ({ waitingSeconds: 0.5 })),
    stats: initialObservedStats(),
    budget: { today: counts, rolling30d: counts, dialsResolvedToday: shape.dialsResolved ?? 0 },
    limits: { maxLinesPerAgent: shape.maxLinesPerAgent ?? 5, abandonCap: shape.abandonCap ?? 0.03, connectWindowSeconds: 2 },
  };
}
