// How the console words live intelligence (objects/call/features/intelligence): language
// names, the sentiment gauge's words and colour, objection and alert labels. Pure, so the
// agent's card and the tests read the same words.
// Relative import (not $protocol): node tests and the root tsc read this file too.
import type { CallIntelligenceView } from "../../../objects/call/protocol";
import type { Tone } from "./tone";

const LANGUAGE_NAMES: Record<string, string> = {
  en: "English", es: "Spanish", fr: "French", de: "German", zh: "Chinese", ja: "Japanese", pt: "Portuguese", it: "Italian", ko: "Korean", ar: "Arabic",
};

export const languageName = (code: string | null | undefined): string => (code ? (LANGUAGE_NAMES[code] ?? code) : "Unknown");

const OBJECTION_LABELS: Record<string, string> = {
  cant_afford: "Can't afford",
  already_paid: "Already paid",
  not_my_debt: "Not my debt",
  stop_calling: "Stop calling",
  lawyer: "Lawyer",
  lawsuit: "Lawsuit",
  dispute: "Dispute",
  supervisor: "Wants a supervisor",
  complaint: "Complaint",
  cancel: "Cancel",
  refuse: "Refuses",
  unfair: "Unfair",
  illegal: "Illegal / harassment",
};

/** An objection kind as a chip says it; an organisation's own phrase is shown as said. */
export const objectionLabel = (kind: string): string => OBJECTION_LABELS[kind] ?? kind.replace(/^org:/, "");

/** The distinct objections, in the order first raised, with how often each came up. */
export function objectionChips(objections: CallIntelligenceView["objections"]): { kind: string; label: string; count: number }[] {
  const chips = new Map<string, { kind: string; label: string; count: number }>();
  for (const objection of objections) {
    const chip = chips.get(objection.kind) ?? { kind: objection.kind, label: objectionLabel(objection.kind), count: 0 };
    chip.count++;
    chips.set(objection.kind, chip);
  }
  return [...chips.values()];
}

/** The gauge's word and colour for a score −1..1. */
export function sentimentWords(score: number): { label: string; tone: Tone } {
  if (score <= -0.3) return { label: "Negative", tone: "danger" };
  if (score < -0.05) return { label: "Uneasy", tone: "warning" };
  if (score < 0.3) return { label: "Neutral", tone: "neutral" };
  return { label: "Positive", tone: "success" };
}

const TRENDS = { rising: "improving", falling: "getting worse", steady: "steady" } as const;
export const trendWord = (trend: keyof typeof TRENDS): string => TRENDS[trend];

/** What the agent reads: the original words, a translation, or both. */
export const TRANSCRIPT_MODES = ["original", "translation", "both"] as const;
export type TranscriptMode = (typeof TRANSCRIPT_MODES)[number];

/** One line's translation as the transcript shows it: the text, or why there is none. */
export interface LineTranslation {
  text: string | null;
  to: string;
  error: string | null;
}

/** The live view's delivered translations, by transcript line. */
export function translationsByLine(lines: readonly { segmentId: string; text: string | null; to: string; error: string | null }[] | undefined): Map<string, LineTranslation> {
  return new Map((lines ?? []).map((line) => [line.segmentId, { text: line.text, to: line.to, error: line.error }]));
}
