// The segment editor's working copy and the filters made from it: currency into cents,
// comma lists into arrays, empty inputs left out (an unset filter does not narrow). The API
// judges every value; its words for a filter ("filters.balanceMaxCents") are shown beside it.
import type { SegmentFilters } from "$domain/segment-filters";

export interface SegmentDraft {
  name: string;
  /** Currency units as typed; empty means no bound. */
  balanceMin: string;
  balanceMax: string;
  /** "America/New_York, America/Chicago". */
  timeZones: string;
  notContactedWithinDays: string;
  attemptsMax: string;
  /** "callback, promise_to_pay, none". */
  lastDispositions: string;
  tags: string;
  importBatchIds: string;
}

export const newSegmentDraft = (): SegmentDraft => ({
  name: "",
  balanceMin: "",
  balanceMax: "",
  timeZones: "",
  notContactedWithinDays: "",
  attemptsMax: "",
  lastDispositions: "",
  tags: "",
  importBatchIds: "",
});

const list = (text: string) => text.split(/[\s,]+/).filter((item) => item !== "");
/** A typed number, or the text itself so the API names the filter it cannot read. */
const whole = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : (text.trim() as unknown as number));
const cents = (text: string): number => {
  const amount = Number(text.replace(/[,\s]/g, ""));
  return Number.isFinite(amount) ? Math.round(amount * 100) : (text as unknown as number);
};

export function filtersOf(draft: SegmentDraft): SegmentFilters {
  const filters: SegmentFilters = {};
  if (draft.balanceMin.trim()) filters.balanceMinCents = cents(draft.balanceMin);
  if (draft.balanceMax.trim()) filters.balanceMaxCents = cents(draft.balanceMax);
  if (list(draft.timeZones).length) filters.timeZones = list(draft.timeZones);
  if (draft.notContactedWithinDays.trim()) filters.notContactedWithinDays = whole(draft.notContactedWithinDays);
  if (draft.attemptsMax.trim()) filters.attemptsMax = whole(draft.attemptsMax);
  if (list(draft.lastDispositions).length) filters.lastDispositions = list(draft.lastDispositions) as SegmentFilters["lastDispositions"];
  if (list(draft.tags).length) filters.tags = list(draft.tags);
  if (list(draft.importBatchIds).length) filters.importBatchIds = list(draft.importBatchIds);
  return filters;
}

/** How long the editor waits after the last keystroke before asking for a new count. */
export const LIVE_COUNT_DEBOUNCE_MS = 300;
