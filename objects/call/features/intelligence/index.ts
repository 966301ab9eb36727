// Live intelligence as a call feature. Offline, from the call's transcript
// (call-intelligence.ts, pure and memoised), it raises once each the events the rest of
// the product acts on: `wib.language.detected` when the customer's language is sure (the
// account's preferred language follows, call-view.ts) and `wib.intelligence.alert` per
// alert condition (the supervisor's alert, stored in `call_alerts` and the audit log).
// With the model (intelligence-tasks.ts): it reads the call's settings when it starts,
// translates each final line through the call's task queue (one named task per line, run
// beside the call's pass so a slow model never holds the call's carrier commands),
// delivers the translations to the console in the order said, batched within 500 ms
// (translation-delivery.ts, a named timer), and writes the summary when the call ends.
// Offline again, it keeps the customer's sentiment over the call (sentiment-summary.ts).
// With the model too: a sentiment reading every Nth customer line whose escalation flag
// is one more alert (model-sentiment.ts), and a suggested disposition at wrap-up, the
// offline rule's without it (suggested-disposition.ts).
import type { CallFeature, CallSituation } from "../feature";
import { intelligenceAlert, languageDetected, translationsDelivered } from "../../local-events";
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import { analyseCall } from "./call-intelligence";
import type { TranslatedLine } from "./intelligence-events";
import { desiredIntelligenceTasks, intelligenceRunners, MODEL_RUN_LEASE_MS, summaryDueAtMs } from "./intelligence-tasks";
import type { IntelligenceTask } from "./intelligence-task-schemas";
import { dueBatch, pendingBatch, type DeliveryState } from "./translation-delivery";
import { withModelEscalation } from "./model-sentiment";
import { callLanguageOf } from "./model-language";

export { intelligenceTaskSchemas, type IntelligenceTask } from "./intelligence-task-schemas";

type InboxDeliveries = Pick<DeliveryState, "returned" | "delivered" | "lastDeliveredAtMs"> & { eventIds: ReadonlySet<string> };

// The inbox is one array until an event is added; a pass reads it for planning, for due
// events and for the alarm, round after round: one scan per inbox, not one per reading.
const inboxDeliveries = new WeakMap<readonly CarrierEvent[], InboxDeliveries>();

/** The translations returned and delivered so far, and every event id, from the call's inbox (once per inbox array). */
function deliveriesOf(events: readonly CarrierEvent[]): InboxDeliveries {
  const kept = inboxDeliveries.get(events);
  if (kept) return kept;
  const returned = new Map<string, TranslatedLine>();
  const delivered = new Set<string>();
  const eventIds = new Set<string>();
  let lastDeliveredAtMs: number | null = null;
  for (const event of events) {
    eventIds.add(event.id);
    if (!isKnownEvent(event)) continue;
    if (event.type === LOCAL_EVENTS.translationReturned) returned.set(event.line.segmentId, event.line);
    if (event.type === LOCAL_EVENTS.translationsDelivered) {
      for (const line of event.lines) delivered.add(line.segmentId);
      lastDeliveredAtMs = Math.max(lastDeliveredAtMs ?? event.occurredAtMs, event.occurredAtMs);
    }
  }
  const deliveries = { returned, delivered, lastDeliveredAtMs, eventIds };
  inboxDeliveries.set(events, deliveries);
  return deliveries;
}

/** What translation delivery needs from the call's events and task queue. */
export function deliveryStateOf({ record, events, tasks }: Pick<CallSituation, "record" | "events" | "tasks">): DeliveryState {
  const { returned, delivered, lastDeliveredAtMs } = deliveriesOf(events);
  // In line: every line sent to the model (answered, or its task still waiting). A task
  // given up without an answer (its runner kept throwing) is left out rather than holding the line.
  const inLine = record.transcript.map((segment) => segment.id).filter((id) => returned.has(id) || tasks.state(`translate:${id}`) === "pending");
  return { inLine, returned, delivered, lastDeliveredAtMs };
}

export const intelligence: CallFeature<IntelligenceTask> = {
  name: "intelligence",
  desiredTasks: desiredIntelligenceTasks,
  wakeAtMs(situation) {
    const summariesLeft = ["summary", "sentiment-summary", "disposition"].some((name) => situation.tasks.state(name) === null);
    const times = [pendingBatch(deliveryStateOf(situation))?.dueAtMs ?? null, summariesLeft ? summaryDueAtMs(situation) : null].filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : null;
  },
  dueEvents(situation) {
    const { record, events, nowMs } = situation;
    const { alerts } = analyseCall(record.transcript, record.intelligence.started?.objectionPhrases);
    // Every source's say (the model's readings in, when there are any): which one decided goes with the event.
    const language = callLanguageOf(record);
    const raised = deliveriesOf(events).eventIds;
    const due: CarrierEvent[] = [];
    const lastCustomerLine = record.transcript.findLast((segment) => segment.track === "inbound");
    if (language?.confident && lastCustomerLine) {
      const event = languageDetected(lastCustomerLine.atMs, { language: language.language, share: language.share, confident: true, source: language.source, confidence: language.confidence });
      if (!raised.has(event.id)) due.push(event);
    }
    // The model's escalation flag goes the offline rules' way: one alert event per key.
    for (const alert of withModelEscalation(alerts, record.intelligence, record.transcript)) {
      const event = intelligenceAlert(alert.atMs, { rule: alert.rule, key: alert.key, segmentId: alert.segmentId, message: alert.message });
      if (!raised.has(event.id)) due.push(event);
    }
    const batch = dueBatch(deliveryStateOf(situation), nowMs);
    if (batch) due.push(translationsDelivered(nowMs, batch));
    return due;
  },
  runners: intelligenceRunners,
  // The model may take seconds: the call's commands and folds never wait on it.
  // The campaign room's sentiment is an RPC to another actor: it never holds them either.
  besideThePass: { actions: [
      "intelligence.translate",
      "intelligence.summarise",
      "intelligence.campaign_sentiment",
      "intelligence.suggest",
      "intelligence.score_sentiment",
      "intelligence.suggest_disposition",
      "intelligence.detect_language",
      "intelligence.translate_voice_line",
    ], leaseMs: MODEL_RUN_LEASE_MS },
};
