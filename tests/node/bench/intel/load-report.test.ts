import { describe, expect, it } from "vitest";
import { loadReport } from "../../../../bench/intel/load";
import { DEFAULT_LOAD_OPTIONS } from "../../../../bench/intel/load-options";
import type { ClientResult } from "../../../../bench/calls/thread-protocol";
import type { WebhookTiming } from "../../../../bench/calls/webhook-stopwatch";

const webhook = (eventId: string, eventType: string, callId: string, startMs: number, endMs: number): WebhookTiming => ({ eventId, eventType, callId, startMs, endMs, status: 200, answer: null });

function clientResult(seen: Record<string, number>): ClientResult {
  const none = { atMs: [], ms: [], status: [] };
  return {
    window: { startMs: 1_000, endMs: 10_000 },
    calls: { placed: 3, endedByStatus: {}, timedOut: 0, socketFailures: 0, liveAtEnd: 0, liveSamples: [] },
    api: none,
    apiErrors: {},
    health: none,
    sockets: { callIds: [], openedAtMs: [] },
    broadcasts: { eventIds: Object.keys(seen), firstSeenMs: Object.values(seen) },
    segmentsInView: { segmentIds: [], firstSeenMs: [] },
    translations: { segmentIds: [], firstSeenMs: [], modelLatencyMs: [] },
    transcriptDuplicates: { count: 0, examples: [] },
    invalidMessages: 0,
    errorMessages: [],
    eventLoopUtilization: 0,
  };
}

describe("bench:intel --load report", () => {
  it("splits the overhead by whether another call was ending, so a tail behind call ends shows as such", () => {
    const webhooks = [
      // Call A ends: its recording is saved at 2,000, its hang-up answered at 2,100.
      webhook("rec-a", "call.recording.saved", "a", 2_000, 2_010),
      webhook("hangup-a", "call.hangup", "a", 2_050, 2_100),
      // B's line waits across A's end (and just after its hang-up's answer); C's lines are clear of it.
      webhook("line-b", "call.transcription", "b", 2_020, 2_021),
      webhook("line-b2", "call.transcription", "b", 2_300, 2_301),
      webhook("line-c", "call.transcription", "c", 5_000, 5_001),
      webhook("line-c2", "call.transcription", "c", 6_000, 6_001),
    ];
    const report = loadReport({ ...DEFAULT_LOAD_OPTIONS, json: false }, clientResult({ "line-b": 2_140, "line-b2": 2_390, "line-c": 5_004, "line-c2": 6_006 }), webhooks, { start: [], end: [] }, { dataDir: "", route: "", harnessLoopDelayMs: { p99: 0, max: 0 } });
    expect(report.overheadMs.n).toBe(4);
    expect(report.overheadByCallEnd.duringCallEndMs).toMatchObject({ n: 2, max: 120 });
    expect(report.overheadByCallEnd.clearOfCallEndMs).toMatchObject({ n: 2, max: 6 });
  });
});
