// What a resolved dialer call adds to the campaign's numbers: the day's counters (the
// abandon rate and live stats read them), the pacing statistics the predictive pacer
// learns from, and the conversation Regulation F counts against the account.
// Synchronous over CampaignStorage; moving the lead on is the actor's (lead-rules.ts).
import { DEFAULT_WRAP_UP_SECONDS } from "../../domain/wrap-up";
import { initialObservedStats, recordResolvedDial, recordTalk, type ObservedStats, type ResolvedDial } from "./pacing/observed-stats";
import type { CampaignStorage } from "./campaign-storage";
import { campaignDay } from "./campaign-view";
import type { CampaignCallOutcome, CampaignConfig } from "./protocol";

/** Counts the call on the day it was dialled, teaches the pacing statistics, and records a conversation. */
export function countOutcome(store: CampaignStorage, config: CampaignConfig | null, outcome: CampaignCallOutcome): void {
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
  const resolved = resolvedDial(outcome);
  if (resolved) stats = recordResolvedDial(stats, resolved);
  // The wrap-up is learnt from the agents as it ends (wrap-up-observed.ts), not from the setting.
  if (conversation) stats = recordTalk(stats, talkSeconds);
  store.meta.set("stats", stats);
  if (conversation && config) {
    const lead = store.leads.get(outcome.accountId);
    store.history.add("conversation", outcome.callId, outcome.accountId, outcome.connectedAtMs!, lead?.input.debtIds ?? [], outcome.phone, config.id);
  }
}

/** What the pacing statistics learn from a call's outcome. */
export function resolvedDial(outcome: CampaignCallOutcome): ResolvedDial | null {
  const seconds = (from: number | null, to: number | null) => (from === null || to === null ? 0 : Math.max(0, (to - from) / 1000));
  switch (outcome.result) {
    case "human":
    case "machine":
    case "fax":
      if (outcome.answeredAtMs === null) return null;
      return {
        outcome: outcome.result === "human" ? "human" : "machine",
        answerSeconds: seconds(outcome.dialedAtMs, outcome.answeredAtMs),
        amdSeconds: seconds(outcome.answeredAtMs, outcome.humanAtMs ?? outcome.endedAtMs),
        judgedHuman: outcome.result === "human",
      };
    case "no_answer":
      return { outcome: "noAnswer" };
    case "busy":
      return { outcome: "busy", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
    case "failed":
      return { outcome: "invalid", failSeconds: seconds(outcome.dialedAtMs, outcome.endedAtMs) };
  }
}
