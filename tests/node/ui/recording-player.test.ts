// The recording player's arithmetic: the carrier's file leaves paused spans out, so a pause
// is a cut at one point of the file, later lines move earlier by the pauses before them,
// and a line said while paused is not in the file.
import { describe, expect, it } from "vitest";
import { currentLineId, pausedSpans, transcriptCues } from "../../../ui/src/lib/recording-player";

const at = (seconds: number) => new Date(Date.parse("2026-12-06T10:00:00Z") + seconds * 1000).toISOString();
const recording = { startedAt: at(0), endedAt: at(120) };
const AGENT = { agentUserId: "0b7f6c1e-4d6a-4a57-9a1c-5f2d8e3b9c10", agentName: "Ann Agent" };
const timeline = [
  { at: at(5), text: "Call answered" },
  { at: at(30), text: "Recording paused: Card number", recording: "paused" as const, ...AGENT },
  { at: at(50), text: "Recording resumed: Done", recording: "resumed" as const, ...AGENT },
  { at: at(90), text: "Recording paused: Medical detail", recording: "paused" as const, ...AGENT },
];

describe("recording player", () => {
  it("marks each paused span at its cut in the file, with how long it lasted and why", () => {
    expect(pausedSpans(recording, timeline)).toEqual([
      { offsetMs: 30_000, pausedMs: 20_000, reason: "Card number", label: "Paused by Ann Agent: Card number" },
      // Paused until the recording ended; the first span's 20 s are not in the file.
      { offsetMs: 70_000, pausedMs: 30_000, reason: "Medical detail", label: "Paused by Ann Agent: Medical detail" },
    ]);
  });

  it("marks the IVR's payment step as its own span (no agent paused it), beside an agent's", () => {
    const ivr = [
      { at: at(10), text: "Recording paused: Payment step", recording: "paused" as const },
      { at: at(25), text: "Recording resumed: Payment step over", recording: "resumed" as const },
      { at: at(40), text: "Recording paused: Card number", recording: "paused" as const, agentUserId: AGENT.agentUserId, agentName: null },
      { at: at(45), text: "Recording resumed: Done", recording: "resumed" as const, agentUserId: AGENT.agentUserId, agentName: null },
    ];
    expect(pausedSpans(recording, ivr).map((span) => [span.offsetMs, span.pausedMs, span.label])).toEqual([
      [10_000, 15_000, "Payment step"],
      // A former user's name is gone: still said to be an agent's.
      [25_000, 5_000, "Paused by the agent: Card number"],
    ]);
  });

  it("places transcript lines in the file, none for a line said while paused", () => {
    const lines = [
      { id: "a", at: at(10) },
      { id: "b", at: at(40) },
      { id: "c", at: at(60) },
      { id: "d", at: at(100) },
    ];
    expect(transcriptCues(recording, timeline, lines)).toEqual([
      { lineId: "a", offsetMs: 10_000 },
      { lineId: "b", offsetMs: null },
      { lineId: "c", offsetMs: 40_000 },
      { lineId: "d", offsetMs: null },
    ]);
  });

  it("highlights the last line started at the playback position", () => {
    const cues = [
      { lineId: "a", offsetMs: 10_000 },
      { lineId: "b", offsetMs: null },
      { lineId: "c", offsetMs: 40_000 },
    ];
    expect(currentLineId(cues, 5_000)).toBeNull();
    expect(currentLineId(cues, 10_000)).toBe("a");
    expect(currentLineId(cues, 39_999)).toBe("a");
    expect(currentLineId(cues, 41_000)).toBe("c");
  });

  it("ignores pauses outside this recording and a resume without a pause", () => {
    const other = { startedAt: at(60), endedAt: at(80) };
    expect(pausedSpans(other, timeline)).toEqual([]);
    expect(pausedSpans(recording, [{ at: at(10), text: "Recording resumed: x", recording: "resumed" }])).toEqual([]);
  });
});
