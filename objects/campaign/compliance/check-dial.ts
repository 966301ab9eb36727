// checkDial: the one question the CampaignActor asks before every dial — may this number be
// called now, and if not, why and from when? Pure: the clock and the history are passed in.
//
// Refusals are decided in two kinds. Standing refusals (malformed request, do-not-call,
// consent, max attempts, unknown time zone) do not pass with time: `nextEligibleAt` is
// null. Timed refusals (Regulation F, the consumer's inconvenient times, the calling window)
// each know the earliest instant they alone would allow; the all-clear is found by jumping
// to the latest of those instants and asking every rule again, until none blocks. Each jump
// skips only instants some rule forbids, so the fixpoint is the earliest instant at which
// every rule allows — and dialing exactly then is allowed.
import { callingWindowBlock, effectiveCallingWindow } from "./calling-window";
import { resolveCalleeZone } from "./callee-zone";
import { consentBlock } from "./consent";
import { dncBlocks } from "./dnc";
import { explainRefusal } from "./explain";
import { inconvenientTimeBlock } from "./inconvenient-times";
import { DAY_MS } from "./local-time";
import { maxAttemptsBlock } from "./max-attempts";
import { afterConversationBlock, readRegFCalendar, sevenInSevenBlock } from "./regulation-f";
import { readRequest } from "./validate";
import { type ContactHistory, type DialDecision, type DialRequest, type EpochMs, type RuleBlock } from "./types";
import { REFUSAL_REASONS } from "../../../domain/refusal-reasons";

/** How far ahead the all-clear is searched; beyond it a refusal says "not eligible". */
export const SEARCH_HORIZON_MS = 400 * DAY_MS;
// Each step crosses at least one window, date range or Regulation F day; a year of daily
// windows takes a few thousand steps.
const MAX_SEARCH_STEPS = 20_000;

type TimedRules = (instant: EpochMs) => RuleBlock[];

function byPriority(a: RuleBlock, b: RuleBlock): number {
  return REFUSAL_REASONS.indexOf(a.reason) - REFUSAL_REASONS.indexOf(b.reason);
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}

/** The earliest instant ≥ `from` at which no timed rule blocks, or null past the horizon. */
function earliestAllClear(rules: TimedRules, from: EpochMs): EpochMs | null {
  let instant = from;
  for (let step = 0; step < MAX_SEARCH_STEPS; step++) {
    const blocks = rules(instant);
    if (blocks.length === 0) return instant;
    let next = instant + 1;
    for (const block of blocks) {
      if (block.until === null) return null;
      next = Math.max(next, block.until);
    }
    if (next - from > SEARCH_HORIZON_MS) return null;
    instant = next;
  }
  return null;
}

export function checkDial(request: DialRequest, history: ContactHistory, now: EpochMs): DialDecision {
  const read = readRequest(request, history, now);
  if (!read.ok) {
    return refuse([{ reason: "invalid_request", until: null, detail: read.problems.join("; ") }], null, null);
  }
  const window = effectiveCallingWindow(read.schedule.campaignWindow);
  if (!window) {
    return refuse([{ reason: "invalid_request", until: null, detail: "the campaign's calling window is outside 08:00–21:00" }], null, null);
  }

  const standing: RuleBlock[] = [...dncBlocks(request), consentBlock(request), maxAttemptsBlock(request, history)].filter(isPresent);
  const callee = resolveCalleeZone(request);
  if (!callee.known) {
    standing.push({ reason: "unknown_time_zone", until: null, detail: callee.detail });
    return refuse(standing, null, null);
  }

  const zone = callee.zone;
  const calendar = readRegFCalendar(request.debtIds, history, zone);
  const timedRules: TimedRules = (instant) =>
    [
      afterConversationBlock(instant, zone, calendar),
      sevenInSevenBlock(instant, zone, calendar),
      inconvenientTimeBlock(instant, zone, read.schedule),
      callingWindowBlock(instant, zone, window),
    ].filter(isPresent);

  const timedNow = timedRules(now);
  if (standing.length > 0) return refuse([...standing, ...timedNow], null, zone);
  if (timedNow.length === 0) return { allowed: true };
  return refuse(timedNow, earliestAllClear(timedRules, now), zone);
}

function refuse(blocks: readonly RuleBlock[], nextEligibleAt: EpochMs | null, zone: string | null): DialDecision {
  const ordered = [...blocks].sort(byPriority);
  const first = ordered[0]!;
  const searchedInVain = nextEligibleAt === null && ordered.every((block) => block.until !== null);
  const detail = searchedInVain ? `${first.detail}; no time in the next 400 days satisfies every rule` : first.detail;
  return {
    allowed: false,
    reason: first.reason,
    nextEligibleAt,
    explanation: explainRefusal(first.reason, detail, nextEligibleAt, zone),
    blockedBy: ordered.map((block) => block.reason),
  };
}
