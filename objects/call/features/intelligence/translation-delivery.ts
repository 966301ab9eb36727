// Translations reach the agent in the order the lines were said, even when the model's
// replies come back out of order, and in batches: the first translation ready opens a
// batch that is pushed 500 ms later with everything ready by then (one socket message
// instead of one per line). Pure state and transitions, driven by the caller's clock
// (the call actor's alarm in production, a fake clock in tests); never a timer.
import type { TranslationResult } from "./translator";

/** A batch is pushed this long after its first translation was ready. */
export const TRANSLATION_BATCH_MS = 500;

export interface TranslationDeliveryState {
  /** The segment ids in the order said: the order translations are delivered in. */
  order: readonly string[];
  /** How many of `order` have been handed to a batch. */
  delivered: number;
  /** Translations back from the model, by segment, not yet in a batch. */
  ready: Readonly<Record<string, TranslationResult>>;
  /** Translations in order waiting for their batch's push. */
  batch: readonly TranslationResult[];
  batchOpenedAtMs: number | null;
}

export const emptyDelivery = (): TranslationDeliveryState => ({ order: [], delivered: 0, ready: {}, batch: [], batchOpenedAtMs: null });

/** A final segment was said: its translation takes the next place in line. */
export function segmentSaid(state: TranslationDeliveryState, segmentId: string): TranslationDeliveryState {
  return state.order.includes(segmentId) ? state : { ...state, order: [...state.order, segmentId] };
}

/** The model answered for one segment (in any order); what is now in order joins the batch. */
export function translationReturned(state: TranslationDeliveryState, result: TranslationResult, nowMs: number): TranslationDeliveryState {
  if (!state.order.includes(result.segmentId) || state.order.indexOf(result.segmentId) < state.delivered) return state;
  const ready: Record<string, TranslationResult> = { ...state.ready, [result.segmentId]: result };
  const batch = [...state.batch];
  let delivered = state.delivered;
  for (let next = ready[state.order[delivered] ?? ""]; next; next = ready[state.order[delivered] ?? ""]) {
    batch.push(next);
    delete ready[next.segmentId];
    delivered++;
  }
  const opened = batch.length > 0 ? (state.batchOpenedAtMs ?? nowMs) : null;
  return { ...state, ready, batch, delivered, batchOpenedAtMs: opened };
}

/** When the open batch is due to be pushed (the feature's named timer), or null. */
export const batchDueAtMs = (state: TranslationDeliveryState): number | null => (state.batchOpenedAtMs === null ? null : state.batchOpenedAtMs + TRANSLATION_BATCH_MS);

/** At `nowMs`: the batch to push (if due) and the state after it. */
export function takeDueBatch(state: TranslationDeliveryState, nowMs: number): { push: readonly TranslationResult[]; state: TranslationDeliveryState } {
  const due = batchDueAtMs(state);
  if (due === null || nowMs < due) return { push: [], state };
  return { push: state.batch, state: { ...state, batch: [], batchOpenedAtMs: null } };
}
