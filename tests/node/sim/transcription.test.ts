// The persona's script becomes call.transcription events only while transcription is
// started on the leg, and only for the tracks asked for.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, transcriptionOf, type Harness } from "./harness";

let h: Harness;
let id: string;
beforeEach(async () => {
  h = await startHarness();
  id = await h.dial("+15550100001");
  await h.advance(4); // answered; the script counts from here
});
afterEach(() => h.close());

const transcripts = (callControlId: string) =>
  h.events(callControlId)
    .filter((e) => e.event_type === "call.transcription")
    .map((e) => transcriptionOf(e.payload));

describe("transcription", () => {
  it("nothing is transcribed before transcription_start", async () => {
    await h.advance(10);
    expect(transcripts(id)).toEqual([]);
  });

  it("inbound (the default) carries only the callee's lines, final, with a confidence", async () => {
    await h.client.calls.actions.startTranscription(id, {});
    await h.advance(10);
    expect(transcripts(id)).toEqual([
      { transcript: "Hello?", transcription_track: "inbound", is_final: true, confidence: expect.any(Number) },
      { transcript: "Speaking. What is this about?", transcription_track: "inbound", is_final: true, confidence: expect.any(Number) },
    ]);
    expect(transcripts(id)[0]!.confidence).toBeGreaterThan(0.8);
  });

  it("outbound carries only our side's lines", async () => {
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "outbound" });
    await h.advance(12);
    expect(transcripts(id).map((t) => t.transcription_track)).toEqual(["outbound", "outbound"]);
    expect(transcripts(id)[0]!.transcript).toMatch(/^Hi, this is Sam/);
  });

  it("both tracks interleave in script order, and stop when transcription stops", async () => {
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "both" });
    await h.advance(12);
    expect(transcripts(id).map((t) => t.transcription_track)).toEqual(["inbound", "outbound", "inbound", "outbound"]);
    await h.client.calls.actions.stopTranscription(id, {});
    await h.advance(40);
    expect(transcripts(id)).toHaveLength(4);
  });

  it("the Spanish persona speaks Spanish", async () => {
    const es = await h.dial("+15550110001");
    await h.advance(4);
    await h.client.calls.actions.startTranscription(es, { transcription_tracks: "both" });
    await h.advance(10);
    expect(transcripts(es).map((t) => t.transcript)).toContain("Sí, soy yo. ¿De qué se trata?");
  });
});
