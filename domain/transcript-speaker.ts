// Who said a transcript line: the far end (the customer's track), a person on our side, or
// the AI voice agent. On an AI call our side's track carries the AI's voice except while a
// person holds the call (from their leg's bridge to its end); the rule reads only the
// line's time and those spans, so it is the same whatever order the events arrived in.

export const TRANSCRIPT_SPEAKERS = ["customer", "agent", "ai"] as const;
export type TranscriptSpeaker = (typeof TRANSCRIPT_SPEAKERS)[number];

export const SPEAKER_LABELS: Record<TranscriptSpeaker, string> = { customer: "Customer", agent: "Agent", ai: "AI" };

/** A person held an AI call from fromMs (their leg bridged) until toMs (their leg ended; null: still on it). */
export interface PersonSpan {
  fromMs: number;
  toMs: number | null;
}

/**
 * `personHeld` is null on a call with no AI (our side is always a person), else the spans
 * a person held it. A line said at a span's start is the person's; at its end, the AI's.
 */
export function speakerOf(track: "inbound" | "outbound", atMs: number, personHeld: readonly PersonSpan[] | null): TranscriptSpeaker {
  if (track === "inbound") return "customer";
  if (personHeld === null) return "agent";
  return personHeld.some((span) => atMs >= span.fromMs && (span.toMs === null || atMs < span.toMs)) ? "agent" : "ai";
}

/** A stored line's speaker; lines stored before speakers were (null) are the customer's or a person's, by track. */
export const storedSpeaker = (track: "inbound" | "outbound", speaker: TranscriptSpeaker | null): TranscriptSpeaker =>
  speaker ?? speakerOf(track, 0, null);
