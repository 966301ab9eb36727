// The call as it stands, derived from its stored inbox: the record (machine.ts) and the
// situation the features plan from. A pass reads the record many times, so it is folded
// again only once an event was added (the inbox's array changes then). Memory only: an
// eviction loses nothing, everything here is derived again from storage.
import type { CallSpec } from "./call-spec";
import type { CarrierEvent } from "./carrier-event";
import type { CallSituation, TaskLookup } from "./features/feature";
import { queueReasonsOf } from "./features/queue/queue-wait";
import { supervisionOf, type SupervisionState } from "./features/supervision/session-machine";
import { foldCall, type CallRecord } from "./machine";
import { foldHelpRequests } from "./features/help-requests/help-state";
import { foldRecordingControls } from "./features/recording-controls/recording-state";
import type { FeatureViews } from "./call-view";
import { aiCallView } from "./features/ai-agent/ai-view";
import { ivrCallView } from "./features/ivr/ivr-progress";

/** What the fold reads from storage (CallStorage has both). */
export interface StoredCall {
  /** The same array until an event is added. */
  events(): readonly CarrierEvent[];
  readonly taskLookup: TaskLookup;
}

export class CallFold {
  #folded: { spec: CallSpec; events: readonly CarrierEvent[]; record: CallRecord } | null = null;
  #featureViews: { spec: CallSpec; events: readonly CarrierEvent[]; views: Required<FeatureViews> } | null = null;

  constructor(private readonly stored: StoredCall) {}

  record(spec: CallSpec): CallRecord {
    const events = this.stored.events();
    if (this.#folded?.events !== events || this.#folded.spec !== spec) this.#folded = { spec, events, record: foldCall(spec, events) };
    return this.#folded.record;
  }

  /** The supervisor sessions, folded once per change like the record. */
  supervision(): SupervisionState {
    return supervisionOf(this.stored.events());
  }

  /** The features' own views (raised hands, the recording's pauses, the AI's card, the IVR's step), folded once per change like the record. */
  featureViews(spec: CallSpec): Required<FeatureViews> {
    const events = this.stored.events();
    if (this.#featureViews?.events !== events || this.#featureViews.spec !== spec) {
      this.#featureViews = { spec, events, views: { hands: foldHelpRequests(events, this.record(spec)), recording: foldRecordingControls(events), ai: aiCallView(spec, events), ivr: ivrCallView(spec, events), whyCalling: queueReasonsOf(spec, events) ?? [] } };
    }
    return this.#featureViews.views;
  }

  situation(spec: CallSpec, nowMs: number): CallSituation {
    return { spec, record: this.record(spec), events: this.stored.events(), nowMs, tasks: this.stored.taskLookup };
  }
}
