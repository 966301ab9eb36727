// Speak, playback and gather on an answered call: the started/ended pairs, their
// timing, and the persona keying its DTMF answers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secondsBetween, startHarness, type Harness } from "./harness";

let h: Harness;
let id: string;
beforeEach(async () => {
  h = await startHarness();
  id = await h.dial("+15550100001");
  await h.advance(4);
});
afterEach(() => h.close());

const after = (types: string[], first: string) => types.slice(types.indexOf(first));

describe("speak and playback", () => {
  it("speak sends started, then ended after about length / 15 seconds", async () => {
    const payload = "Hello, this is a thirty char.."; // 30 characters → 2 s
    await h.client.calls.actions.speak(id, { payload, voice: "female" });
    await h.advance();
    expect(h.types(id).at(-1)).toBe("call.speak.started");
    await h.advance(2);
    const [started, ended] = h.events(id).filter((e) => e.event_type.startsWith("call.speak"));
    expect(ended!.event_type).toBe("call.speak.ended");
    expect(ended!.payload.status).toBe("completed");
    expect(secondsBetween(started!, ended!)).toBe(2);
  });

  it("consecutive speaks queue: the second starts when the first ends", async () => {
    await h.client.calls.actions.speak(id, { payload: "First prompt here.", voice: "female" });
    await h.client.calls.actions.speak(id, { payload: "Second prompt here.", voice: "female" });
    await h.advance(10);
    expect(after(h.types(id), "call.speak.started")).toEqual([
      "call.speak.started",
      "call.speak.ended",
      "call.speak.started",
      "call.speak.ended",
    ]);
  });

  it("playback_start plays for 5 s a loop; playback_stop ends it early as cancelled", async () => {
    await h.client.calls.actions.startPlayback(id, { audio_url: "https://example.com/hold.wav" });
    await h.advance(5);
    expect(h.last(id, "call.playback.ended")).toMatchObject({ status: "completed", media_url: "https://example.com/hold.wav" });
    await h.client.calls.actions.startPlayback(id, { media_name: "hold-music", loop: 10 });
    await h.advance(3);
    await h.client.calls.actions.stopPlayback(id, {});
    await h.advance();
    expect(h.last(id, "call.playback.ended")).toMatchObject({ status: "cancelled", media_name: "hold-music" });
    expect(h.types(id).filter((t) => t.startsWith("call.playback"))).toHaveLength(4);
  });
});

describe("gather", () => {
  it("gather_using_speak speaks, then the persona keys its first answer digit by digit", async () => {
    await h.client.calls.actions.gatherUsingSpeak(id, { payload: "Press 1 to confirm.", voice: "female", maximum_digits: 1 });
    await h.advance(10);
    expect(after(h.types(id), "call.speak.started")).toEqual(["call.speak.started", "call.speak.ended", "call.dtmf.received", "call.gather.ended"]);
    expect(h.last(id, "call.dtmf.received").digit).toBe("1");
    expect(h.last(id, "call.gather.ended")).toMatchObject({ digits: "1", status: "valid" });
  });

  it("the next gather gets the next answer; the terminating digit is keyed but not reported", async () => {
    await h.client.calls.actions.gather(id, { maximum_digits: 1 });
    await h.advance(5);
    await h.client.calls.actions.gather(id, { gather_id: "card-last-four" });
    await h.advance(5);
    const keyed = h.events(id).filter((e) => e.event_type === "call.dtmf.received").map((e) => e.payload.digit);
    expect(keyed).toEqual(["1", "4", "4", "7", "1", "#"]);
    expect(h.last(id, "call.gather.ended")).toMatchObject({ digits: "4471", status: "valid", gather_id: "card-last-four" });
  });

  it("a persona with no answer left lets the gather time out", async () => {
    for (let i = 0; i < 2; i++) {
      await h.client.calls.actions.gather(id, { maximum_digits: 4 });
      await h.advance(10);
    }
    await h.client.calls.actions.gather(id, { initial_timeout_millis: 3000 });
    await h.advance(2.9);
    expect(h.events(id).filter((e) => e.event_type === "call.gather.ended")).toHaveLength(2);
    await h.advance(0.1);
    expect(h.last(id, "call.gather.ended")).toMatchObject({ digits: "", status: "timeout" });
  });

  it("digits outside valid_digits make the gather invalid", async () => {
    await h.client.calls.actions.gather(id, { valid_digits: "23", maximum_digits: 1 });
    await h.advance(5);
    expect(h.last(id, "call.gather.ended")).toMatchObject({ digits: "1", status: "invalid" });
  });

  it("without a terminator or maximum, the gather ends after the inter-digit timeout", async () => {
    await h.client.calls.actions.gather(id, { inter_digit_timeout_millis: 2000 });
    await h.advance(1.5 + 1.9);
    expect(h.types(id)).not.toContain("call.gather.ended");
    await h.advance(0.1);
    expect(h.last(id, "call.gather.ended")).toMatchObject({ digits: "1", status: "valid" });
  });
});
