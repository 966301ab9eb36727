// Translation and the summary as the call actor runs them, in miniature: the feature's
// due events and tasks, a real task queue (SQLite) and a fake model on a fake clock.
// What a user would notice: the agent's view gets each line's translation in the order
// said, in batches, each line sent to the model once (a failure retried), nothing sent
// without a model (and the view says why), and a summary a little after the call ended;
// and the suggested line the model writes, bounded, with the script's as its fallback.
import { describe, expect, it } from "vitest";
import { intelligence } from "../../../../../../objects/call/features/intelligence";
import { translationConfigured } from "../../../../../../objects/call/local-events";
import { foldCall } from "../../../../../../objects/call/machine";
import { SUGGESTION_COOLDOWN_MS, SUGGESTION_DEADLINE_MS } from "../../../../../../objects/call/features/intelligence/model-suggestion";
import { event, hangup, said, T0 } from "../../events";
import { callSpec, MiniCall, useTaskSqlite } from "./mini-call";

useTaskSqlite();

const SPANISH = [
  said(8, "Sí, soy yo. ¿De qué se trata?"),
  said(11, "Le llamo por su cuenta. El saldo vencido es de ochocientos dólares.", "outbound"),
  said(18, "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?"),
  said(30, "Sí, por favor, por mensaje de texto."),
];
const answered = [event("call.initiated", 0), event("call.answered", 4)];

describe("translation on a call", () => {
  it("delivers a Spanish caller's lines in English in the order said when the first answer fails and comes back last", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.translationFailures = [new Error("503 from the model")];
    call.add(...answered, ...SPANISH);
    await call.pass();
    // Lines 2–4 answered; line 1 waits for its retry, so nothing reaches the agent yet.
    expect(call.ports.intelligence.translated.map((r) => r.segmentId)).toEqual(SPANISH.map((s) => s.id));
    expect(call.view().translation.lines).toEqual([]);
    await call.alarm(); // the retry, 500 ms later: line 1 answers
    const answeredAtMs = call.ports.clock.nowMs;
    expect(call.view().translation.lines).toEqual([]);
    await call.alarm(); // nothing pushed yet, so at once: one batch of all four, not 500 ms later
    expect(call.ports.clock.nowMs).toBe(answeredAtMs);
    const lines = call.view().translation.lines!;
    expect(lines.map((l) => l.segmentId)).toEqual(SPANISH.map((s) => s.id));
    expect(lines.map((l) => [l.from, l.to, l.text])).toEqual(SPANISH.map((s) => ["es", "en", `en: ${"transcript" in s && s.transcript ? s.transcript.text : ""}`]));
    expect(call.events.filter((e) => e.type === "wib.translation.delivered")).toHaveLength(1);
    expect(call.view().translation).toMatchObject({ available: true, settings: { enabled: true, from: "auto", to: "en" } });

    // Exactly once: more passes send nothing again; one stored row per line.
    await call.pass();
    await call.pass();
    expect(call.ports.intelligence.translated).toHaveLength(SPANISH.length + 1);
    expect(call.rows.filter((r) => r.row.table === "translation").map((r) => r.key)).toEqual(
      [SPANISH[1], SPANISH[2], SPANISH[3], SPANISH[0]].map((s) => `translation:${s!.id}`),
    );
    // The rolling context: the lines said just before, oldest first.
    const last = call.ports.intelligence.translated.find((r) => r.segmentId === SPANISH[3]!.id)!;
    expect(last.context.map((c) => c.speaker)).toEqual(["customer", "agent", "customer"]);
  });

  it("sends no line said while the recording was paused (kept as •) to the model: it has no words to translate", async () => {
    const call = new MiniCall(T0 + 31_000);
    const masked = said(9, "•");
    call.add(...answered, SPANISH[0]!, masked, SPANISH[2]!);
    await call.pass();
    expect(call.ports.intelligence.translated.map((r) => r.segmentId)).toEqual([SPANISH[0]!.id, SPANISH[2]!.id]);
  });

  it("gives a line up after three tries with the reason in its place, and the lines after it still arrive", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.failingSegments.set(SPANISH[0]!.id, 3);
    call.add(...answered, ...SPANISH.slice(0, 2));
    await call.pass();
    for (let i = 0; i < 4 && (call.view().translation.lines ?? []).length < 2; i++) await call.alarm();
    const lines = call.view().translation.lines!;
    expect(lines.map((l) => l.segmentId)).toEqual(SPANISH.slice(0, 2).map((s) => s.id));
    expect(lines[0]).toMatchObject({ text: null, error: "the model failed: boom" });
    expect(lines[1]).toMatchObject({ error: null });
  });

  it("sends nothing already in the agent's language: an English call costs no model calls", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.add(...answered, said(6, "Speaking. What is this about?"), said(9, "I'm calling about your account balance today.", "outbound"));
    await call.pass();
    expect(call.ports.intelligence.translated).toEqual([]);
    expect(call.view().translation.available).toBe(true);
  });

  it("a call opening with a word too short to tell (\"Hello?\", which reads faintly as Italian) is not translated from Italian", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.add(...answered, said(5, "Hello?"));
    await call.pass();
    call.add(said(6, "Speaking. What is this about?"));
    await call.pass();
    expect(call.ports.intelligence.translated).toEqual([]);
  });

  it("a Spanish call opening with \"¿Bueno?\" has that first line sent to translation at once, not when the caller says more", async () => {
    const call = new MiniCall(T0 + 6_000);
    call.add(...answered, said(5, "¿Bueno?"));
    await call.pass();
    expect(call.ports.intelligence.translated.map((r) => [r.text, r.from, r.to])).toEqual([["¿Bueno?", "es", "en"]]);
    await call.alarm();
    expect(call.view().translation.lines?.map((l) => l.text)).toEqual(["en: ¿Bueno?"]);
  });

  it("without a model sends nothing and says translation needs one; the summary says so too, on the timeline", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.configured = false;
    call.add(...answered, ...SPANISH);
    await call.pass();
    expect(call.ports.intelligence.translated).toEqual([]);
    expect(call.view().translation).toMatchObject({ available: false, message: expect.stringContaining("Translation needs a model") });
    call.add(hangup(32, "normal_clearing"));
    await call.alarm();
    expect(call.timeline()).toContain("No summary: a summary needs a model (set OPENAI_BASE_URL, OPENAI_MODEL and OPENAI_API_KEY)");
    expect(call.view().summary).toMatchObject({ text: null, message: expect.stringContaining("needs a model") });
  });

  it("the call's own choice wins: turned off, the next lines are not translated", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.add(...answered, translationConfigured(T0 + 5_000, "req-1", { enabled: false, from: "auto", to: "en" }, "agent-1"));
    call.add(...SPANISH);
    await call.pass();
    expect(call.ports.intelligence.translated).toEqual([]);
    expect(call.view().translation).toMatchObject({ available: false, message: "Translation is off for this call." });
    expect(call.timeline()).toContain("Translation off");
  });

  it("writes the summary 2 s after the call ended, once: on the timeline, in the view and as a row", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.add(...answered, ...SPANISH);
    await call.pass();
    call.add(hangup(40, "normal_clearing"));
    call.ports.clock.nowMs = T0 + 40_500;
    await call.pass();
    expect(call.ports.intelligence.summarised).toEqual([]);
    expect(intelligence.wakeAtMs!(call.situation())).toBeLessThanOrEqual(T0 + 42_000);
    call.ports.clock.nowMs = T0 + 42_000;
    await call.pass();
    await call.pass();
    expect(call.ports.intelligence.summarised).toHaveLength(1);
    expect(call.ports.intelligence.summarised[0]!.lines).toHaveLength(SPANISH.length);
    expect(call.timeline()).toContain("Summary written");
    expect(call.view().summary).toMatchObject({ text: "Discussed: 4 lines", model: "fake-model" });
    expect(call.rows.filter((r) => r.row.table === "summary")).toHaveLength(1);
  });

  it("keeps the customer's sentiment over the call once, 2 s after it ended, without a model: mean, lowest, highest, objections, alerts", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.configured = false;
    call.add(
      ...answered,
      said(10, "Hello, I'm calling about your account.", "outbound"),
      said(12, "Thank you, that's great, I really appreciate it."),
      said(18, "This is terrible. I can't afford it and I'm angry."),
      said(24, "I hate this, stop calling me."),
    );
    await call.pass();
    call.add(hangup(30, "normal_clearing"));
    call.ports.clock.nowMs = T0 + 31_000;
    await call.pass();
    expect(call.rows.filter((r) => r.row.table === "sentiment_summary")).toEqual([]);
    call.ports.clock.nowMs = T0 + 32_000;
    await call.pass();
    await call.pass();
    const kept = call.rows.filter((r) => r.row.table === "sentiment_summary").map((r) => r.row.row);
    expect(kept).toHaveLength(1);
    // Only the customer's three lines are scored; the thanks lifts the highest, the anger sinks the lowest and the mean.
    expect(kept[0]).toMatchObject({ callId: callSpec.id, scoredSegments: 3, objections: 2, alerts: expect.any(Number) });
    const summary = kept[0] as { averageScore: number; minScore: number; maxScore: number; alerts: number };
    expect(summary.maxScore).toBeGreaterThan(0.3);
    expect(summary.minScore).toBeLessThan(-0.3);
    expect(summary.averageScore).toBeLessThan(0);
    expect(summary.minScore).toBeLessThan(summary.averageScore);
    expect(summary.averageScore).toBeLessThan(summary.maxScore);
    // Stop calling is a cease-contact alert at least; the view lists the same alerts the summary counts.
    expect(summary.alerts).toBe(call.view().alerts.length);
    expect(summary.alerts).toBeGreaterThanOrEqual(1);
  });
});

describe("suggested lines written by the model (assist only)", () => {
  const stopCalling = said(6, "Stop calling me, I'm tired of this.");

  it("the agent's card shows the script's line at once and the model's once it answers, each labelled with its source", async () => {
    const call = new MiniCall(T0 + 7_000);
    call.add(...answered, stopCalling);
    expect(call.view().suggestion).toMatchObject({ source: "script", reason: "objection", objection: "stop_calling", segmentId: stopCalling.id });
    await call.pass();
    expect(call.ports.intelligence.suggested.map((r) => [r.segmentId, r.reason, r.objection])).toEqual([[stopCalling.id, "objection", "stop_calling"]]);
    // The model is given the script's lawful line to start from and the conversation up to the customer's words.
    expect(call.ports.intelligence.suggested[0]!.scriptLine).toContain("noting your request that we stop calling");
    expect(call.ports.intelligence.suggested[0]!.lines.at(-1)).toEqual({ speaker: "customer", text: "Stop calling me, I'm tired of this." });
    expect(call.view().suggestion).toMatchObject({ source: "model", model: "fake-model", text: "model: Stop calling me, I'm tired of this.", objection: "stop_calling" });
    // Once: more passes ask nothing again.
    await call.pass();
    expect(call.ports.intelligence.suggested).toHaveLength(1);
  });

  it("asks for at most one customer line per 10 s (so never two at once: a request ends after 4 s); the lines between get the script's", async () => {
    expect(SUGGESTION_DEADLINE_MS).toBeLessThan(SUGGESTION_COOLDOWN_MS);
    const lines = [stopCalling, said(8, "I said stop calling me!"), said(12, "This is a complaint, it's unfair."), said(17, "I want to cancel, stop calling.")];
    const call = new MiniCall(T0 + 6_500);
    call.add(...answered);
    for (const line of lines) {
      call.add(line);
      await call.pass();
    }
    expect(call.ports.intelligence.suggested.map((r) => r.segmentId)).toEqual([lines[0]!.id, lines[3]!.id]);
    expect(call.view().suggestion).toMatchObject({ source: "model", segmentId: lines[3]!.id });
  });

  it("a model slower than 4 s leaves the script's line, says why on the timeline and is not asked again", async () => {
    const call = new MiniCall(T0 + 7_000);
    call.ports.intelligence.suggestionMs = 5_000;
    call.add(...answered, stopCalling);
    await call.pass();
    await call.pass();
    expect(call.ports.intelligence.suggested).toHaveLength(1);
    expect(call.view().suggestion).toMatchObject({ source: "script", model: null });
    expect(call.timeline()).toContain("Suggested line from the script: the model took longer than 4 s");
  });

  it("a model that fails leaves the script's line and says so on the timeline", async () => {
    const failing = new MiniCall(T0 + 7_000);
    failing.ports.intelligence.suggestionFailures = [new Error("503 from the model")];
    failing.add(...answered, stopCalling);
    await failing.pass();
    expect(failing.view().suggestion).toMatchObject({ source: "script" });
    expect(failing.timeline()).toContain("Suggested line from the script: the model failed: 503 from the model");
  });

  it("without a model asks nothing and shows the script's line", async () => {
    const call = new MiniCall(T0 + 7_000);
    call.ports.intelligence.configured = false;
    call.add(...answered, stopCalling);
    await call.pass();
    expect(call.ports.intelligence.suggested).toEqual([]);
    expect(call.view().suggestion).toMatchObject({ source: "script" });
  });

  it("after the call ends nothing is suggested or asked", async () => {
    const ended = new MiniCall(T0 + 20_000);
    ended.add(...answered, said(5, "Hello, who is this?"));
    await ended.pass();
    ended.add(hangup(9, "normal_clearing"), said(8, "Stop calling me."));
    await ended.pass();
    expect(foldCall(callSpec, ended.events).intelligence.started).not.toBeNull();
    expect(ended.ports.intelligence.suggested).toEqual([]);
    expect(ended.view().suggestion).toBeNull();
  });
});
