// The control API: personas and number assignments, the call view, seed and reset
// making a run repeat, the clock, and one run on real timers at high speed.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, transcriptionOf, type Harness } from "./harness";

let h: Harness;
afterEach(() => h.close());

interface PersonasBody {
  personas: { name: string; kind: string; language: string; utterances: unknown[] }[];
  number_plan: { prefix: string; persona: string; example: string }[];
}

describe("control API", () => {
  it("lists every persona and a number plan whose personas all exist", async () => {
    h = await startHarness();
    const { body } = await h.control<PersonasBody>("GET", "/control/personas");
    const names = new Set(body.personas.map((p) => p.name));
    for (const range of body.number_plan) expect(names).toContain(range.persona);
    expect(body.personas.find((p) => p.name === "live-human-es")).toMatchObject({ kind: "human", language: "es-US" });
    expect(body.personas.find((p) => p.name === "live-human-fr")).toMatchObject({ language: "fr-CA" });
  });

  it("assigns a named persona to any number", async () => {
    h = await startHarness();
    const { status } = await h.control("PUT", "/control/numbers/+15559990000", { persona: "busy" });
    expect(status).toBe(200);
    const id = await h.dial("+15559990000");
    await h.advance(2);
    expect(h.last(id, "call.hangup").hangup_cause).toBe("user_busy");
  });

  it("assigns an inline persona: a base plus overrides, with its own script", async () => {
    h = await startHarness();
    await h.control("PUT", "/control/numbers/+15559990001", {
      persona: { kind: "human", answerAfterSeconds: 1, hangupAfterSeconds: 5, utterances: [{ atSecond: 1, text: "Who is this?", track: "inbound" }] },
    });
    const id = await h.dial("+15559990001");
    await h.advance(1);
    await h.client.calls.actions.startTranscription(id, {});
    await h.advance(5);
    expect(transcriptionOf(h.last(id, "call.transcription"))).toMatchObject({ transcript: "Who is this?" });
    expect(h.last(id, "call.hangup").hangup_source).toBe("callee");
  });

  it("refuses unknown personas, bad numbers and bad fields with the project's error shape", async () => {
    h = await startHarness();
    expect(await h.control("PUT", "/control/numbers/+15559990002", { persona: "nobody" })).toMatchObject({
      status: 422,
      body: { error: { code: "unknown_persona" } },
    });
    expect((await h.control("PUT", "/control/numbers/12345", { persona: "busy" })).status).toBe(422);
    expect((await h.control("PUT", "/control/numbers/+15559990002", { persona: { mood: "furious" } })).status).toBe(422);
    expect((await h.control("PUT", "/control/chaos", { duplicateRate: 2 })).status).toBe(422);
    expect((await h.control("GET", "/control/nothing")).status).toBe(404);
  });

  it("shows every call with its legs, state, client_state and the events sent", async () => {
    h = await startHarness();
    const id = await h.dial("+15550400001", { client_state: Buffer.from("c").toString("base64") });
    await h.advance(2);
    const { body } = await h.control<{ calls: { state: string; legs: { call_control_id: string; state: string; client_state: string; events: { id: string }[] }[] }[] }>(
      "GET",
      "/control/calls",
    );
    expect(body.calls).toHaveLength(1);
    const [call] = body.calls;
    expect(call).toMatchObject({ state: "ended", legs: [{ call_control_id: id, state: "ended", client_state: "Yw==" }] });
    expect(call!.legs[0]!.events.map((e) => e.id)).toEqual(h.events(id).map((e) => e.id));
  });

  it("after reset with the same seed, the same dials get the same ids; logs and assignments are gone", async () => {
    h = await startHarness({ seed: 99 });
    await h.control("PUT", "/control/numbers/+15559990003", { persona: "busy" });
    const first = await h.dial("+15550100001");
    await h.control("POST", "/control/reset");
    for (const path of ["/control/calls", "/control/commands", "/control/webhooks", "/control/messages"]) {
      const { body } = await h.control<Record<string, unknown[]>>("GET", path);
      expect(Object.values(body)[0]).toEqual([]);
    }
    expect((await h.control<{ assignments: unknown[] }>("GET", "/control/personas")).body.assignments).toEqual([]);
    expect(await h.dial("+15550100001")).toBe(first);
    await h.control("PUT", "/control/seed", { seed: 5 });
    const reseeded = await h.dial("+15550100001");
    await h.control("PUT", "/control/seed", { seed: 5 });
    expect(await h.dial("+15550100001")).toBe(reseeded);
  });

  it("moves the manual clock over HTTP, and refuses to on the real clock", async () => {
    h = await startHarness();
    const id = await h.dial("+15550100001");
    expect((await h.control("POST", "/control/clock/advance", { ms: 4000 })).status).toBe(200);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
    await h.close();
    h = await startHarness({ clock: "real" });
    expect((await h.control("POST", "/control/clock/advance", { ms: 1 })).status).toBe(409);
  });
});

describe("speed for some numbers", () => {
  it("runs the calls to the numbers given at their own speed, every other call at the general one, until set back", async () => {
    h = await startHarness();
    // The busy persona gives up after a few call-world seconds.
    expect((await h.control("PUT", "/control/speed", { factor: 10, numbers: ["+15550400011"] })).status).toBe(200);
    const fast = await h.dial("+15550400011");
    const usual = await h.dial("+15550400012");
    await h.advance(1);
    expect(h.types(fast)).toContain("call.hangup");
    expect(h.types(usual)).not.toContain("call.hangup");
    const { body } = await h.control<{ speed: number; speed_by_number: Record<string, number> }>("GET", "/control");
    expect(body).toMatchObject({ speed: 1, speed_by_number: { "+15550400011": 10 } });

    await h.control("PUT", "/control/speed", { factor: null, numbers: ["+15550400011"] });
    const again = await h.dial("+15550400011");
    await h.advance(1);
    expect(h.types(again)).not.toContain("call.hangup");
  });

  it("refuses a null factor for every call, naming the field", async () => {
    h = await startHarness();
    const { status, body } = await h.control<{ errors: { detail: string; source?: { pointer?: string } }[] }>("PUT", "/control/speed", { factor: null });
    expect(status).toBe(422);
    expect(JSON.stringify(body)).toMatch(/factor/);
  });
});

describe("on the real clock", () => {
  it("a whole call plays out on real timers, compressed by the speed factor", async () => {
    h = await startHarness({ clock: "real", speed: 500 });
    let hungUp: () => void = () => {};
    const done = new Promise<void>((resolve) => (hungUp = resolve));
    h.respond = ({ envelope }) => {
      if (envelope.data.event_type === "call.hangup") setImmediate(hungUp);
      return 200;
    };
    const started = Date.now();
    const id = await h.dial("+15550100001", { answering_machine_detection: "detect" });
    await done;
    await h.sim.idle();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered", "call.machine.detection.ended", "call.hangup"]);
  });

  it("runs a number put on a manual clock of its own only as far as it is advanced, while every other call plays out", async () => {
    h = await startHarness({ clock: "real", speed: 500 });
    const held = "+15550100077";
    expect((await h.control("POST", "/control/clock/manual", { numbers: [held] })).status).toBe(200);
    let otherHungUp: () => void = () => {};
    const otherDone = new Promise<void>((resolve) => (otherHungUp = resolve));
    h.respond = ({ envelope }) => {
      if (envelope.data.event_type === "call.hangup" && envelope.data.payload.to !== held) setImmediate(otherHungUp);
      return 200;
    };
    const heldCall = await h.dial(held);
    const other = await h.dial("+15550100078");
    await otherDone;
    await h.sim.idle();
    expect(h.types(other)).toContain("call.hangup");
    expect(h.types(heldCall)).toEqual(["call.initiated"]);

    expect((await h.control("POST", "/control/clock/advance", { ms: 10, number: held })).status).toBe(200);
    await h.sim.idle();
    expect(h.types(heldCall)).toEqual(["call.initiated", "call.answered"]);
    expect((await h.control("POST", "/control/clock/advance", { ms: 3_600_000, number: held })).status).toBe(200);
    await h.sim.idle();
    expect(h.types(heldCall).at(-1)).toBe("call.hangup");
    const { body } = await h.control<{ manual_clock_numbers: string[] }>("GET", "/control");
    expect(body.manual_clock_numbers).toEqual([held]);
  });

  it("refuses to advance a number that is on the simulator's clock", async () => {
    h = await startHarness({ clock: "real" });
    const refused = await h.control("POST", "/control/clock/advance", { ms: 1, number: "+15550100079" });
    expect(refused.status).toBe(409);
  });
});
