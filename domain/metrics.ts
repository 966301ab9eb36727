// How the engine's headline numbers are defined, once: the abandon rate the law caps,
// and the talk share the dialer is measured by (PACING.md). Every report, room and
// benchmark computes them here.

export interface AbandonCounts {
  /** Calls a person answered (not machines, not faxes). */
  liveAnswered: number;
  /** Of those, calls where no agent came within the connect window. */
  abandoned: number;
}

/**
 * Abandoned ÷ live answered, a fraction (0.03 is 3 %), per 47 CFR 64.1200(a)(7). Null while
 * nobody has answered: there is no rate yet, which is not the same as 0 %.
 */
export function abandonRate(counts: AbandonCounts): number | null {
  return counts.liveAnswered > 0 ? counts.abandoned / counts.liveAnswered : null;
}
