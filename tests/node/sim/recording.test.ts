// Recording: saved on record_stop or hangup, a WAV file whose length is the recorded
// time without paused spans, pause/resume silent on the webhook side, and the control
// view showing the paused spans and the DTMF a recording did (not) capture.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, wavUrlOf, type Harness } from "./harness";

let h: Harness;
let id: string;
beforeEach(async () => {
  h = await startHarness();
  id = await h.dial("+15550100001");
  await h.advance(4);
});
afterEach(() => h.close());

interface RecordingView {
  id: string;
  recorded_ms: number;
  paused_spans: { from: string; to: string }[];
  captured_dtmf: string;
}
async function recordingsOf(callControlId: string): Promise<RecordingView[]> {
  const { body } = await h.control<{ calls: { legs: { call_control_id: string; recordings: RecordingView[] }[] }[] }>("GET", "/control/calls");
  return body.calls.flatMap((c) => c.legs).find((l) => l.call_control_id === callControlId)!.recordings;
}

function readWav(bytes: Buffer) {
  return {
    riff: bytes.toString("ascii", 0, 4),
    wave: bytes.toString("ascii", 8, 12),
    format: bytes.readUInt16LE(20),
    channels: bytes.readUInt16LE(22),
    sampleRate: bytes.readUInt32LE(24),
    bitsPerSample: bytes.readUInt16LE(34),
    dataBytes: bytes.readUInt32LE(40),
    seconds: bytes.readUInt32LE(40) / (bytes.readUInt32LE(24) * (bytes.readUInt16LE(34) / 8)),
  };
}

describe("recording", () => {
  it("record_stop saves a WAV whose length excludes the paused span; pause and resume send no webhook", async () => {
    await h.client.calls.actions.startRecording(id, { channels: "dual", format: "wav" });
    await h.advance(10);
    await h.client.calls.actions.pauseRecording(id, {});
    await h.advance(5);
    await h.client.calls.actions.resumeRecording(id, {});
    await h.advance(3);
    const before = h.types(id).length;
    await h.client.calls.actions.stopRecording(id, {});
    await h.advance();
    expect(h.types(id).slice(before - 1)).toEqual(["call.answered", "call.recording.saved"]);

    const saved = h.last(id, "call.recording.saved");
    expect(saved).toMatchObject({ channels: "dual", recording_id: expect.any(String) });
    const wavUrl = wavUrlOf(saved);
    expect(wavUrl).toMatch(/\/recordings\/[0-9a-f-]{36}\.wav$/);
    expect((Date.parse(String(saved.recording_ended_at)) - Date.parse(String(saved.recording_started_at))) / 1000).toBe(18);

    const response = await fetch(wavUrl);
    expect(response.headers.get("content-type")).toBe("audio/wav");
    const wav = readWav(Buffer.from(await response.arrayBuffer()));
    expect(wav).toMatchObject({ riff: "RIFF", wave: "WAVE", format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(wav.seconds).toBe(13);

    const [view] = await recordingsOf(id);
    expect(view!.recorded_ms).toBe(13_000);
    expect(view!.paused_spans).toHaveLength(1);
    expect((Date.parse(view!.paused_spans[0]!.to) - Date.parse(view!.paused_spans[0]!.from)) / 1000).toBe(5);
  });

  it("DTMF keyed while the recording is paused is not captured; keyed while running, it is", async () => {
    await h.client.calls.actions.startRecording(id, { channels: "single", format: "wav" });
    await h.client.calls.actions.pauseRecording(id, {});
    await h.client.calls.actions.gather(id, { maximum_digits: 1 }); // keys "1"
    await h.advance(5);
    await h.client.calls.actions.resumeRecording(id, {});
    await h.client.calls.actions.gather(id, {}); // keys "4471#"
    await h.advance(5);
    await h.client.calls.actions.stopRecording(id, {});
    const [view] = await recordingsOf(id);
    expect(view!.captured_dtmf).toBe("4471#");
  });

  it("hanging up while recording saves the recording first, then the hangup", async () => {
    await h.client.calls.actions.startRecording(id, { channels: "single", format: "wav" });
    await h.advance(7);
    await h.client.calls.actions.hangup(id, {});
    await h.advance();
    expect(h.types(id).slice(-2)).toEqual(["call.recording.saved", "call.hangup"]);
    const response = await fetch(wavUrlOf(h.last(id, "call.recording.saved")));
    expect(readWav(Buffer.from(await response.arrayBuffer())).seconds).toBe(7);
  });

  it("the far party hanging up also saves the recording", async () => {
    await h.client.calls.actions.startRecording(id, { channels: "single", format: "wav" });
    await h.advance(60);
    expect(h.types(id).slice(-2)).toEqual(["call.recording.saved", "call.hangup"]);
  });

  it("record_stop with no recording running is refused, and a recording still running has no file yet", async () => {
    await expect(h.client.calls.actions.stopRecording(id, {})).rejects.toMatchObject({ status: 422 });
    await h.client.calls.actions.startRecording(id, { channels: "single", format: "wav" });
    const [view] = await recordingsOf(id);
    expect((await fetch(`${h.sim.origin}/recordings/${view!.id}.wav`)).status).toBe(404);
    await expect(h.client.calls.actions.startRecording(id, { channels: "single", format: "wav" })).rejects.toMatchObject({ status: 422 });
  });
});
