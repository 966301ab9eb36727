// A campaign call's alerts reach the supervisor's campaign room as they are raised: one
// task per alert event (`campaign-alert:<key>`, so once per condition per call), which
// tells the CampaignActor; it keeps the room's feed (deduplicated by call and key again,
// so a retry after a lost answer adds nothing) and pushes the alert to the room's
// sockets. A call outside a campaign has no room: its alerts stay on its own view.
import { isKnownEvent, LOCAL_EVENTS } from "../../carrier-event";
import type { CallSituation, TaskContext, TaskOutcome } from "../feature";
import type { CampaignAlertTask } from "./intelligence-task-schemas";

/** One task per alert the call raised, when the call belongs to a campaign. */
export function desiredCampaignAlertTasks({ spec, events }: Pick<CallSituation, "spec" | "events">): CampaignAlertTask[] {
  if (!spec.dialer?.campaignId) return [];
  return events.flatMap((event) =>
    isKnownEvent(event) && event.type === LOCAL_EVENTS.intelligenceAlert ? [{ name: `campaign-alert:${event.alert.key}`, action: "intelligence.campaign_alert" as const, key: event.alert.key }] : [],
  );
}

export async function tellCampaignOfAlert(task: CampaignAlertTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { spec, record, events } = situation;
  const campaignId = spec.dialer?.campaignId;
  const raised = events.find((event) => isKnownEvent(event) && event.type === LOCAL_EVENTS.intelligenceAlert && event.alert.key === task.key);
  if (!campaignId || !raised || !isKnownEvent(raised) || raised.type !== LOCAL_EVENTS.intelligenceAlert) return { kind: "failed", error: "no such alert on this campaign call" };
  try {
    await ports.campaign.callAlert(campaignId, {
      callId: spec.id,
      rule: raised.alert.rule,
      key: raised.alert.key,
      message: raised.alert.message,
      segmentId: raised.alert.segmentId,
      at: raised.occurredAtMs,
      accountName: null,
      agentUserId: spec.agentUserId ?? record.assignedAgent?.userId ?? null,
    });
    return { kind: "done" };
  } catch (error) {
    return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
  }
}
