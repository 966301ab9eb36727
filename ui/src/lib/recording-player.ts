// Where things fall in a recording's file: its paused spans (an agent's, with who paused it,
// and the IVR's around a payment step) and each transcript line, as offsets into the audio. The carrier's file leaves paused spans out, so a span
// is a cut at one point of the file (marked with how long it lasted and why), and a moment
// of the call maps to the file by subtracting the pauses before it; a line said while the
// recording was paused has no place in the file. Pure: the player component renders this.

export interface RecordingWindow {
  startedAt: string | null;
  endedAt: string | null;
}

export interface TimelineMark {
  at: string;
  text: string;
  recording?: "paused" | "resumed";
  /** Set on an agent's pause (the IVR's has none): who paused it. */
  agentUserId?: string;
  agentName?: string | null;
}

export interface PausedSpan {
  /** Where the cut is in the file, ms from its start. */
  offsetMs: number;
  /** How long the recording was paused (to the resume, or the end of the recording). */
  pausedMs: number;
  reason: string;
  /** What the strip says of it: "Payment step", or "Paused by <agent>: <reason>". */
  label: string;
}

export interface TranscriptCue {
  lineId: string;
  /** Where the line starts in the file; null: said while the recording was paused (not in the file). */
  offsetMs: number | null;
}

interface WallSpan {
  fromMs: number;
  toMs: number;
  reason: string;
  label: string;
}

/** An agent's pause names them; the IVR's payment step is its own reason. */
function labelOf(mark: TimelineMark, reason: string): string {
  if (!mark.agentUserId) return reason;
  return `Paused by ${mark.agentName ?? "the agent"}${reason ? `: ${reason}` : ""}`;
}

/** The recording's paused spans in wall time, from the timeline's pause and resume entries. */
function wallSpans(recording: RecordingWindow, timeline: readonly TimelineMark[]): WallSpan[] {
  const startMs = recording.startedAt ? Date.parse(recording.startedAt) : -Infinity;
  const endMs = recording.endedAt ? Date.parse(recording.endedAt) : Infinity;
  const spans: WallSpan[] = [];
  let open: { fromMs: number; reason: string; label: string } | null = null;
  const marks = timeline.filter((entry) => entry.recording).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const mark of marks) {
    const atMs = Date.parse(mark.at);
    if (mark.recording === "paused" && !open) {
      const reason = mark.text.replace(/^Recording paused: /, "");
      open = { fromMs: atMs, reason, label: labelOf(mark, reason) };
    } else if (mark.recording === "resumed" && open) {
      spans.push({ fromMs: open.fromMs, toMs: atMs, reason: open.reason, label: open.label });
      open = null;
    }
  }
  if (open) spans.push({ fromMs: open.fromMs, toMs: endMs, reason: open.reason, label: open.label });
  // Only the part of each span inside this recording counts.
  return spans
    .map((span) => ({ ...span, fromMs: Math.max(span.fromMs, startMs), toMs: Math.min(span.toMs, endMs) }))
    .filter((span) => span.toMs > span.fromMs && Number.isFinite(span.fromMs));
}

/** The moment `atMs` of the call as an offset into the file; null before the recording, after it, or while paused. */
function fileOffset(atMs: number, startMs: number, endMs: number, spans: readonly WallSpan[]): number | null {
  if (atMs < startMs || atMs > endMs) return null;
  let cutMs = 0;
  for (const span of spans) {
    if (atMs >= span.fromMs && atMs < span.toMs) return null;
    if (span.toMs <= atMs) cutMs += span.toMs - span.fromMs;
  }
  return atMs - startMs - cutMs;
}

export function pausedSpans(recording: RecordingWindow, timeline: readonly TimelineMark[]): PausedSpan[] {
  if (!recording.startedAt) return [];
  const startMs = Date.parse(recording.startedAt);
  const spans = wallSpans(recording, timeline);
  let cutMs = 0;
  return spans.map((span) => {
    const offsetMs = span.fromMs - startMs - cutMs;
    cutMs += span.toMs - span.fromMs;
    return { offsetMs, pausedMs: span.toMs - span.fromMs, reason: span.reason, label: span.label };
  });
}

export function transcriptCues(recording: RecordingWindow, timeline: readonly TimelineMark[], lines: readonly { id: string; at: string }[]): TranscriptCue[] {
  if (!recording.startedAt) return lines.map((line) => ({ lineId: line.id, offsetMs: null }));
  const startMs = Date.parse(recording.startedAt);
  const endMs = recording.endedAt ? Date.parse(recording.endedAt) : Infinity;
  const spans = wallSpans(recording, timeline);
  return lines.map((line) => ({ lineId: line.id, offsetMs: fileOffset(Date.parse(line.at), startMs, endMs, spans) }));
}

/** The line being heard at `positionMs`: the last one that starts at or before it. */
export function currentLineId(cues: readonly TranscriptCue[], positionMs: number): string | null {
  let current: TranscriptCue | null = null;
  for (const cue of cues) {
    if (cue.offsetMs === null || cue.offsetMs > positionMs) continue;
    if (!current || cue.offsetMs >= current.offsetMs!) current = cue;
  }
  return current?.lineId ?? null;
}
