// Live intelligence as a call feature: it reads the call's transcript (call-intelligence.ts,
// pure and memoised) and raises, once each, the events the rest of the product acts on:
// `wib.language.detected` when the customer's language is sure (the account's preferred
// language follows, call-view.ts), and `wib.intelligence.alert` per alert condition (the
// supervisor's alert, stored in `call_alerts` and the audit log). It sends nothing to the
// carrier and runs no tasks; translation, which needs a model, is not wired yet.
import type { CallFeature } from "../feature";
import { intelligenceAlert, languageDetected } from "../../local-events";
import type { CarrierEvent } from "../../carrier-event";
import { analyseCall } from "./call-intelligence";

export const intelligence: Omit<CallFeature<never>, "runners"> = {
  name: "intelligence",
  desiredTasks: () => [],
  dueEvents({ record, events }) {
    const { language, alerts } = analyseCall(record.transcript);
    const raised = new Set(events.map((event) => event.id));
    const due: CarrierEvent[] = [];
    const lastCustomerLine = record.transcript.findLast((segment) => segment.track === "inbound");
    if (language?.confident && lastCustomerLine) {
      const event = languageDetected(lastCustomerLine.atMs, { language: language.language, share: language.share, confident: true });
      if (!raised.has(event.id)) due.push(event);
    }
    for (const alert of alerts) {
      const event = intelligenceAlert(alert.atMs, { rule: alert.rule, key: alert.key, segmentId: alert.segmentId, message: alert.message });
      if (!raised.has(event.id)) due.push(event);
    }
    return due;
  },
};
