// The simulator's pure pieces on their own: the timer queue, the seeded generator,
// recording arithmetic and WAV files, and the number plan.
import { describe, expect, it } from "vitest";
import { planPersonaName } from "../../../sim/carrier/personas";
import { Prng } from "../../../sim/carrier/prng";
import { MAX_RECORDING_BYTES, pause, recordedMs, resume, wavFile, type Recording } from "../../../sim/carrier/recordings";
import { Scheduler } from "../../../sim/carrier/scheduler";

describe("scheduler (manual clock)", () => {
  it("fires timers in time order, ties in the order they were scheduled, and skips cancelled ones", async () => {
    const scheduler = new Scheduler({ mode: "manual", startAtMs: 0 });
    const fired: string[] = [];
    scheduler.after(200, "c", () => fired.push("c@" + scheduler.now()));
    scheduler.after(100, "a", () => fired.push("a@" + scheduler.now()));
    scheduler.after(100, "b", () => fired.push("b@" + scheduler.now()));
    const cancelled = scheduler.after(150, "x", () => fired.push("x"));
    scheduler.cancel(cancelled);
    await scheduler.advance(150);
    expect(fired).toEqual(["a@100", "b@100"]);
    expect(scheduler.now()).toBe(150);
    await scheduler.advance(50);
    expect(fired).toEqual(["a@100", "b@100", "c@200"]);
  });

  it("lets the async work a timer starts finish before the next timer fires", async () => {
    const scheduler = new Scheduler({ mode: "manual", startAtMs: 0 });
    const order: string[] = [];
    scheduler.after(10, "slow", () => {
      void scheduler.track(new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => order.push("slow work done")));
    });
    scheduler.after(20, "next", () => order.push("next timer"));
    await scheduler.advance(30);
    expect(order).toEqual(["slow work done", "next timer"]);
  });

  it("timers scheduled while advancing fire within the same advance when due", async () => {
    const scheduler = new Scheduler({ mode: "manual", startAtMs: 0 });
    const fired: number[] = [];
    scheduler.after(10, "first", () => scheduler.after(10, "chained", () => fired.push(scheduler.now())));
    await scheduler.advance(25);
    expect(fired).toEqual([20]);
  });

  it("refuses advance on the real clock, where timers fire by themselves", async () => {
    const scheduler = new Scheduler({ mode: "real" });
    await expect(scheduler.advance(1)).rejects.toThrow(/manual/);
    await new Promise<void>((resolve) => scheduler.after(1, "real", resolve));
    scheduler.close();
  });
});

describe("seeded generator", () => {
  it("repeats with the same seed and differs with another", () => {
    const draw = (seed: number) => {
      const prng = new Prng(seed);
      return [prng.next(), prng.uuid(), prng.token(8)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(new Prng(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("chance(0) is never and chance(1) always", () => {
    const prng = new Prng(4);
    expect(Array.from({ length: 50 }, () => prng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 50 }, () => prng.chance(1)).every(Boolean)).toBe(true);
  });
});

describe("recordings", () => {
  const recording = (): Recording => ({
    id: "r",
    callControlId: "c",
    channels: "single",
    format: "wav",
    startedAtMs: 1_000,
    endedAtMs: null,
    pausedSpans: [],
    capturedDtmf: "",
  });

  it("recorded time leaves out paused spans, including one still open", () => {
    const r = recording();
    pause(r, 3_000);
    resume(r, 5_000);
    pause(r, 8_000);
    expect(recordedMs(r, 10_000)).toBe(10_000 - 1_000 - 2_000 - 2_000);
  });

  it("a WAV is 44 header bytes plus 16,000 bytes a second, capped", () => {
    expect(wavFile(2_500)).toMatchObject({ truncated: false });
    expect(wavFile(2_500).bytes.length).toBe(44 + 2.5 * 16_000);
    const huge = wavFile(60 * 60 * 1000);
    expect(huge.truncated).toBe(true);
    expect(huge.bytes.length).toBeLessThanOrEqual(MAX_RECORDING_BYTES);
  });

  it("a WAV carries the quiet 440 Hz tone in every sample, to the last, after a header that says 8 kHz mono 16-bit PCM", () => {
    const { bytes } = wavFile(3_001);
    expect(bytes.toString("ascii", 0, 4)).toBe("RIFF");
    expect(bytes.toString("ascii", 36, 40)).toBe("data");
    expect([bytes.readUInt16LE(22), bytes.readUInt32LE(24), bytes.readUInt16LE(34)]).toEqual([1, 8_000, 16]);
    const samples = bytes.readUInt32LE(40) / 2;
    expect(samples).toBe(24_008);
    const tone = (i: number) => Math.round(328 * Math.sin((2 * Math.PI * 440 * i) / 8_000));
    for (const i of [0, 1, 17, 199, 200, 201, 12_345, samples - 1]) expect(bytes.readInt16LE(44 + 2 * i), `sample ${i}`).toBe(tone(i));
    expect(Math.max(...Array.from({ length: 400 }, (_, i) => bytes.readInt16LE(44 + 2 * i)))).toBe(328);
  });
});

describe("number plan", () => {
  it.each([
    ["+15550100001", "live-human-en"],
    ["+15550119999", "live-human-es"],
    ["+15550120000", "angry-human"],
    ["+15550130000", "live-human-fr"],
    ["+15550200001", "answering-machine"],
    ["+15550300001", "no-answer"],
    ["+15550400001", "busy"],
    ["+15550500001", "invalid-number"],
    ["+15550600001", "fax"],
    ["+15550700001", "not-sure"],
    ["+15550900001", "agent-softphone"],
    ["sip:agent-12@agents.local", "agent-softphone"],
    ["+155504000012", "live-human-en"],
    ["+14155550100", "live-human-en"],
  ])("%s → %s", (number, persona) => {
    expect(planPersonaName(number)).toBe(persona);
  });
});
