// What a resolved dialer call adds to the campaign's numbers: the day's counters (the
// abandon rate and live stats read them), the pacing statistics the predictive pacer
// learns from, and the conversation Regulation F counts against the account.
// Synchronous over CampaignStorage; moving the lead on is the actor's (lead-rules.ts).
import { DEFAULT_WRAP_UP_SECONDS } from "../../domain/wrap-up";
import { initialObservedStats, recordDialsPlaced, recordResolvedDial, recordTalk, type ObservedStats, type ResolvedDial } from "./pacing/observed-stats";
import type { CampaignStorage } from "./campaign-storage";
import { campaignDay } from "./campaign-view";
import type { CampaignCallOutcome, CampaignCallVerdict, CampaignConfig } from "./protocol";

/**
 * Counts the call on the day it was dialled, teaches the pacing statistics (the dial's
 * outcome unless its verdict taught it already), and records a conversation.
 */
export function countOutcome(store: CampaignStorage, config: CampaignConfig | null, outcome: CampaignCallOutcome, verdictLearned = false): void {
  const day = campaignDay(config, outcome.dialedAtMs);
  const liveAnswered = outcome.humanAtMs !== null;
  const conversation = outcome.connectedAtMs !== null;
  const talkSeconds = conversation ? Math.max(0, (outcome.endedAtMs - outcome.connectedAtMs!) / 1000) : 0;
  // The campaign's wrap-up time as set (an extension or an overdue disposition is not seen here).
  const wrapSeconds = config?.wrapUp.seconds ?? DEFAULT_WRAP_UP_SECONDS;
  store.days.add(day, {
    resolved: 1,
    liveAnswered: liveAnswered ? 1 : 0,
    abandoned: outcome.abandoned ? 1 : 0,
    conversations: conversation ? 1 : 0,
    handleSeconds: conversation ? talkSeconds + wrapSeconds : 0,
  });
  let stats = store.meta.get("stats") ?? initialObservedStats();
  const resolved = verdictLearned ? null : resolvedDial(outcome);
  if (resolved) stats = recordResolvedDial(stats, resolved);
  // The wrap-up is learnt from the agents as it ends (wrap-up-observed.ts), not from the setting.
  if (conversation) stats = recordTalk(stats, talkSeconds);
  store.meta.set("stats", stats);
  if (conversation && config) {
    const lead = store.leads.get(outcome.accountId);
    store.history.add("conversation", outcome.callId, outcome.accountId, outcome.connectedAtMs!, lead?.input.debtIds ?? [], outcome.phone, config.id);
  }
}

/** Dials just placed age the outcome mix (observed-stats.ts recordDialsPlaced): once per batch, not per dial. */
export function learnDialsPlaced(store: CampaignStorage, dials: number): void {
  if (dials > 0) store.meta.set("stats", recordDialsPlaced(store.meta.get("stats") ?? initialObservedStats(), dials));
}

/**
 * A call's AMD verdict teaches the pacing statistics when it comes, once per call; false
 * when the call is unknown here (its outcome came first and taught it) or was learnt.
 */
export function learnVerdict(store: CampaignStorage, callId: string, verdict: CampaignCallVerdict): boolean {
  if (!store.calls.markVerdictLearned(callId)) return false;
  store.meta.set("stats", recordResolvedDial(store.meta.get("stats") ?? initialObservedStats(), verdictDial(verdict)));
  return true;
}

const seconds = (from: number | null, to: number | null) => (from === null || to === null ? 0 : Math.max(0, (to - from) / 1000));

/** An answered dial as the statistics learn it: the engine knows AMD's verdict, not the truth, so it counts what AMD judged. */
function verdictDial(verdict: CampaignCallVerdict): ResolvedDial {
  return {
    outcome: verdict.result === "human" ? "human" : "machine",
    answerSeconds: seconds(verdict.dialedAtMs, verdict.answeredAtMs),
    amdSeconds: seconds(verdict.answeredAtMs, verdict.verdictAtMs),
    judgedHuman: verdict.result === "human",
  };
}

/** What the pacing statistics learn from a call's outcome. */
export function resolvedDial(outcome: CampaignCallOutcome): ResolvedDial | null {
  switch (outcome.result) {
    case "human":
    case "machine":
    case "fax":
      if (outcome.answeredAtMs === null) return null;
      // When AMD decided. An outcome sent by a build before amdAtMs has a person's time only; a machine's falls back to the call's end.
      return verdictDial({
        result: outcome.result,
        dialedAtMs: outcome.dialedAtMs,
        answeredAtMs: outcome.answeredAtMs,
        verdictAtMs: outcome.amdAtMs ?? outcome.humanAtMs ?? outcome.endedAtMs,
      });
    case "no_answer":
      return { outcome: "noAnswer" };
    case "busy":
      return { outcome: "busy", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
    case "failed":
      return { outcome: "invalid", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
  }
}
