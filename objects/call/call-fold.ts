// The call as it stands, derived from its stored inbox: the record (machine.ts) and the
// situation the features plan from. A pass reads the record many times, so it is folded
// again only once an event was added (the inbox's array changes then), and then only the
// new events are applied when they sort after all the others (a live call's new events
// do); otherwise the whole inbox is folded again. Memory only: an eviction loses nothing,
// everything here is derived again from storage.
import type { CallSpec } from "./call-spec";
import type { CarrierEvent } from "./carrier-event";
import type { CallSituation, TaskLookup } from "./features/feature";
import { queueReasonsOf } from "./features/queue/queue-wait";
import { supervisionOf, type SupervisionState } from "./features/supervision/session-machine";
import { compareEvents, foldCall, foldLaterEvents, type CallRecord } from "./machine";
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
  /** `last`: the event folded last (the greatest by compareEvents), null before any. */
  #folded: { spec: CallSpec; events: readonly CarrierEvent[]; record: CallRecord; last: CarrierEvent | null } | null = null;
  #featureViews: { spec: CallSpec; events: readonly CarrierEvent[]; views: Required<FeatureViews> } | null = null;

  constructor(private readonly stored: StoredCall) {}

  record(spec: CallSpec): CallRecord {
    const events = this.stored.events();
    const folded = this.#folded;
    if (folded?.events === events && folded.spec === spec) return folded.record;
    const later = folded?.spec === spec ? eventsAfter(folded.events, folded.last, events) : null;
    this.#folded =
      later && folded
        ? { spec, events, record: foldLaterEvents(spec, folded.record, later), last: greatest(later) ?? folded.last }
        : { spec, events, record: foldCall(spec, events), last: greatest(events) };
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

/**
 * The events of `now` that `before` lacks, when `now` is `before` (the same objects, in the
 * same places) with events added after it, each sorting after `last`; otherwise null (an
 * event that sorts earlier, or an inbox read again from storage: fold it all again).
 */
function eventsAfter(before: readonly CarrierEvent[], last: CarrierEvent | null, now: readonly CarrierEvent[]): CarrierEvent[] | null {
  if (now.length <= before.length) return null;
  for (let i = 0; i < before.length; i++) if (now[i] !== before[i]) return null;
  const later = now.slice(before.length);
  return last === null || later.every((event) => compareEvents(last, event) < 0) ? later : null;
}

/** The event a fold applies last. */
function greatest(events: readonly CarrierEvent[]): CarrierEvent | null {
  let last: CarrierEvent | null = null;
  for (const event of events) if (last === null || compareEvents(last, event) < 0) last = event;
  return last;
}
