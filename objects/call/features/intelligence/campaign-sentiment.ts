// A campaign call's live sentiment reaches the supervisor's campaign room, which sorts its
// calls by it: one task per customer line (`campaign-sentiment:<segment id>`), which tells
// the CampaignActor the window's score and trend as of that line. The campaign keeps the
// newest line's (by when it was said), so a retried or late task never moves it back. Run
// beside the call's pass: the room waiting never holds the call's carrier commands.
import type { TranscriptSegment } from "../../machine";
import type { CallSituation, TaskContext, TaskOutcome } from "../feature";
import { analyseCall } from "./call-intelligence";
import type { CampaignSentimentTask } from "./intelligence-task-schemas";

const isCustomer = (segment: TranscriptSegment) => segment.track === "inbound";

/** One task per customer line while a campaign call is live (an ended call has left the room). */
export function desiredCampaignSentimentTasks({ spec, record }: Pick<CallSituation, "spec" | "record">): CampaignSentimentTask[] {
  if (!spec.dialer?.campaignId || record.endedAtMs !== null) return [];
  return record.transcript.filter(isCustomer).map((segment) => ({ name: `campaign-sentiment:${segment.id}`, action: "intelligence.campaign_sentiment" as const, segmentId: segment.id }));
}

export async function tellCampaignOfSentiment(task: CampaignSentimentTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  const campaignId = spec.dialer?.campaignId;
  const at = record.transcript.findIndex((segment) => segment.id === task.segmentId);
  if (!campaignId || at === -1) return { kind: "failed", error: "no such line on this campaign call" };
  // The window as of this line: the lines said before it and it, not what came after.
  const sentiment = analyseCall(record.transcript.slice(0, at + 1), record.intelligence.started?.objectionPhrases).sentiment;
  if (!sentiment) return { kind: "done", note: "nothing to score yet" };
  try {
    await ports.campaign.callSentiment(campaignId, spec.id, { score: sentiment.score, trend: sentiment.trend }, record.transcript[at]!.atMs);
    return { kind: "done" };
  } catch (error) {
    return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
  }
}
