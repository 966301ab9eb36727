// An inbound queue's numbers, defined once for the stats route, the live queue room and
// the console. A caller's stay in a queue ends one way: answered by an agent, abandoned
// (they hung up while waiting: a queue abandon, never the dialer's legal abandon rate in
// metrics.ts), overflowed (sent on by the overflow action), or answered by a callback
// they asked for (they chose to leave the line, so a callback counts neither for nor
// against the service level), or a callback whose every attempt failed to reach them
// (unreached: neither answered nor abandoned, counted apart).
//
//   service level = answered within N s / (answered + abandoned)     (N: the queue's)
//   queue abandon rate = abandoned / (answered + abandoned)
//   average speed of answer = mean wait of the answered
// Each is null before the first answered or abandoned caller.

export const QUEUE_WAIT_OUTCOMES = ["answered", "abandoned", "overflowed", "callback_answered", "callback_unreached"] as const;
export type QueueWaitOutcome = (typeof QUEUE_WAIT_OUTCOMES)[number];

/** One caller's stay: when they came, and how and when it ended (null while waiting). */
export interface QueueStay {
  enteredAtMs: number;
  outcome: QueueWaitOutcome | null;
  /** Seconds from entering to the outcome. */
  waitSeconds: number | null;
  callbackRequested: boolean;
}

export interface QueueStats {
  waitingNow: number;
  /** Seconds the longest-waiting caller still in line has waited (0 when nobody waits). */
  longestWaitSeconds: number;
  callbacksWaiting: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  overflowed: number;
  callbacksAnswered: number;
  /** Callbacks given up after the queue's last attempt did not reach the caller. */
  callbacksUnreached: number;
  serviceLevelSeconds: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
}

export function queueStats(stays: readonly QueueStay[], serviceLevelSeconds: number, nowMs: number): QueueStats {
  const waiting = stays.filter((stay) => stay.outcome === null);
  const count = (outcome: QueueWaitOutcome) => stays.filter((stay) => stay.outcome === outcome).length;
  const answeredWaits = stays.filter((stay) => stay.outcome === "answered").map((stay) => stay.waitSeconds ?? 0);
  const answered = answeredWaits.length;
  const abandoned = count("abandoned");
  const offered = answered + abandoned;
  const answeredWithinThreshold = answeredWaits.filter((seconds) => seconds <= serviceLevelSeconds).length;
  const inLine = waiting.filter((stay) => !stay.callbackRequested);
  return {
    waitingNow: inLine.length,
    longestWaitSeconds: inLine.reduce((longest, stay) => Math.max(longest, (nowMs - stay.enteredAtMs) / 1000), 0),
    callbacksWaiting: waiting.length - inLine.length,
    answered,
    answeredWithinThreshold,
    abandoned,
    overflowed: count("overflowed"),
    callbacksAnswered: count("callback_answered"),
    callbacksUnreached: count("callback_unreached"),
    serviceLevelSeconds,
    serviceLevel: offered > 0 ? answeredWithinThreshold / offered : null,
    abandonRate: offered > 0 ? abandoned / offered : null,
    averageSpeedOfAnswerSeconds: answered > 0 ? answeredWaits.reduce((sum, seconds) => sum + seconds, 0) / answered : null,
  };
}
