// The model's say in the customer's language (model-language.ts) and voice-to-voice
// (voice-lines.ts). The decision rule alone (when the model is asked, how its reading
// counts in the call's vote), then as the call actor runs them in miniature (a real task
// queue, the fake model and carrier ports on a fake clock). What a user would notice:
// `language_detected` naming the source that decided and its confidence, the model asked
// about a few lines only, a late reading leaving the offline answer; the agent's typed
// line spoken to the customer in their language, on the timeline, stored with the
// agent's words, and refused plainly when it cannot be said.
import { describe, expect, it } from "vitest";
import {
  combinedGuesses,
  MODEL_LANGUAGE_DEADLINE_MS,
  MODEL_LANGUAGE_MAX_ASKS,
  shouldAskModelForLanguage,
} from "../../../../../../objects/call/features/intelligence/model-language";
import { decideCallLanguage, type LanguageGuess } from "../../../../../../objects/call/features/intelligence/language-detection";
import { decideVoiceLine } from "../../../../../../objects/call/features/intelligence/voice-lines";
import { foldCall } from "../../../../../../objects/call/machine";
import { event, hangup, said, T0 } from "../../events";
import { MiniCall, useTaskSqlite } from "./mini-call";

useTaskSqlite();

const offline = (language: LanguageGuess["language"], confidence: number): LanguageGuess => ({ language, confidence, source: "offline" });
const sureSpanish = decideCallLanguage([offline("es", 0.9), offline("es", 0.9)]);

describe("when the model is asked the customer's language", () => {
  it("on the first lines until the call is sure, whatever the offline library says", () => {
    expect(shouldAskModelForLanguage({ guess: offline("es", 0.95), hasLetters: true, call: decideCallLanguage([offline("es", 0.95)]), asked: 0 })).toBe(true);
    expect(shouldAskModelForLanguage({ guess: null, hasLetters: true, call: null, asked: 1 })).toBe(true);
  });

  it("once the call is sure, only for a line the offline library is unsure of or reads as another language", () => {
    expect(sureSpanish?.confident).toBe(true);
    expect(shouldAskModelForLanguage({ guess: offline("es", 0.9), hasLetters: true, call: sureSpanish, asked: 1 })).toBe(false);
    expect(shouldAskModelForLanguage({ guess: offline("es", 0.4), hasLetters: true, call: sureSpanish, asked: 1 })).toBe(true);
    expect(shouldAskModelForLanguage({ guess: offline("en", 0.9), hasLetters: true, call: sureSpanish, asked: 1 })).toBe(true);
  });

  it("never past the per-call bound, for a line without letters, or for a line the carrier named", () => {
    expect(shouldAskModelForLanguage({ guess: null, hasLetters: true, call: null, asked: MODEL_LANGUAGE_MAX_ASKS })).toBe(false);
    expect(shouldAskModelForLanguage({ guess: null, hasLetters: false, call: null, asked: 0 })).toBe(false);
    expect(shouldAskModelForLanguage({ guess: { language: "fr", confidence: 0.95, source: "carrier" }, hasLetters: true, call: null, asked: 0 })).toBe(false);
  });

  it("a confident reading replaces the offline guess for its line; an unsure one, or one for a line the carrier named, does not", () => {
    const lines = [
      { segmentId: "a", guess: offline("en", 0.2) },
      { segmentId: "b", guess: offline("en", 0.3) },
      { segmentId: "c", guess: { language: "fr", confidence: 0.95, source: "carrier" } as LanguageGuess },
    ];
    const reading = (segmentId: string, language: string, confidence: number) => ({ segmentId, language, confidence, model: "m", latencyMs: 5, error: null, atMs: 0 });
    const guesses = combinedGuesses(lines, [reading("a", "es", 0.92), reading("b", "es", 0.5), reading("c", "es", 0.99)]);
    expect(guesses).toEqual([{ language: "es", confidence: 0.92, source: "model" }, offline("en", 0.3), { language: "fr", confidence: 0.95, source: "carrier" }]);
  });

  it("the call's language names the source that gave it most of its evidence, with that source's confidence", () => {
    const decided = decideCallLanguage([{ language: "es", confidence: 0.92, source: "model" }, { language: "es", confidence: 0.9, source: "model" }, offline("es", 0.4)]);
    expect(decided).toMatchObject({ language: "es", confident: true, source: "model", confidence: 0.91 });
    expect(decideCallLanguage([offline("fr", 0.8), offline("fr", 0.6)])).toMatchObject({ source: "offline", confidence: 0.7 });
  });
});

const answered = [event("call.initiated", 0), event("call.answered", 4)];
// Short lines tinyld cannot be sure of: the model decides.
const SPANISH = [said(6, "¿Bueno?"), said(9, "Sí, sí."), said(12, "Claro que sí."), said(15, "Bueno, gracias."), said(18, "Sí.")];

describe("the model's language detection on a call", () => {
  it("reads the first lines until the call is sure, and `language_detected` says the model decided, with its confidence", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.ports.intelligence.languageAnswers = [
      { language: "es", confidence: 0.95 },
      { language: "es", confidence: 0.93 },
    ];
    call.add(...answered);
    for (const line of SPANISH) {
      call.add(line);
      await call.pass();
      await call.pass();
    }
    const asked = call.ports.intelligence.languageAsked.map((request) => request.text);
    expect(asked.slice(0, 2)).toEqual(["¿Bueno?", "Sí, sí."]);
    expect(asked.length).toBeLessThanOrEqual(MODEL_LANGUAGE_MAX_ASKS);
    const detected = call.events.filter((e) => e.type === "wib.language.detected");
    expect(detected).toHaveLength(1);
    expect(detected[0]).toMatchObject({ detected: { language: "es", confident: true, source: "model", confidence: 0.94 } });
    expect(call.timeline()).toContain("Customer's language: es (decided by the model, 94 %)");
    expect(call.view().language).toMatchObject({ language: "es", source: "model" });
    // Each line once: more passes ask nothing again.
    const before = call.ports.intelligence.languageAsked.length;
    await call.pass();
    expect(call.ports.intelligence.languageAsked).toHaveLength(before);
  });

  it("a reading later than the deadline is dropped: the offline answer stands, and the timeline says why", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.ports.intelligence.languageMs = MODEL_LANGUAGE_DEADLINE_MS + 1;
    call.add(...answered, said(6, "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?"));
    await call.pass();
    expect(call.timeline()).toContain(`Language from the offline library: the model took longer than ${MODEL_LANGUAGE_DEADLINE_MS / 1000} s`);
    expect(call.view().language).toMatchObject({ language: "es", source: "offline" });
  });

  it("without a model nothing is asked, and the offline library decides", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.ports.intelligence.configured = false;
    call.add(...answered, ...SPANISH.slice(0, 3), said(14, "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?"));
    await call.pass();
    await call.pass();
    expect(call.ports.intelligence.languageAsked).toEqual([]);
    expect(call.view().language?.source).toBe("offline");
  });
});

describe("voice-to-voice: the agent's line said in the customer's language", () => {
  const SPANISH_CALL = [
    ...answered,
    said(6, "Sí, soy yo. ¿De qué se trata?"),
    said(12, "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?"),
  ];
  const ask = (call: MiniCall, text: string, requestId = "r1") => decideVoiceLine(foldCall(call.callSpec, call.events), { requestId, text, byUserId: "agent-1" }, call.ports.clock.nowMs);

  it("is translated into Spanish, spoken on the customer's leg in es-US once, on the timeline and stored with the agent's words", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.ports.intelligence.translation = { enabled: true, from: "auto", to: "en", voiceToVoice: true };
    call.add(...SPANISH_CALL);
    await call.pass();
    const decision = ask(call, "Can you pay on Monday?");
    expect(decision).toMatchObject({ kind: "accepted", language: "es" });
    if (decision.kind !== "accepted") return;
    call.add(decision.event);
    await call.pass();
    await call.pass();

    const translated = call.ports.intelligence.translated.find((request) => request.speaker === "agent");
    expect(translated).toMatchObject({ text: "Can you pay on Monday?", from: "en", to: "es" });
    const spoken = call.ports.sent.filter(({ command }) => command.action === "speak");
    expect(spoken.map(({ command }) => command)).toEqual([expect.objectContaining({ leg: "customer", callControlId: "v3:customer", text: "es: Can you pay on Monday?", language: "es-US" })]);
    expect(call.timeline()).toContain("Agent's line said in es: “es: Can you pay on Monday?” (typed in en: “Can you pay on Monday?”)");
    expect(call.view().voice?.lines).toEqual([expect.objectContaining({ original: "Can you pay on Monday?", text: "es: Can you pay on Monday?", status: "spoken", to: "es" })]);
    const stored = call.rows.map(({ row }) => row);
    expect(stored).toContainEqual({ table: "segment", row: expect.objectContaining({ id: "voice-line:r1", track: "outbound", text: "es: Can you pay on Monday?", language: "es" }) });
    expect(stored).toContainEqual({ table: "translation", row: expect.objectContaining({ segmentId: "voice-line:r1", sourceLanguage: "es", targetLanguage: "en", text: "Can you pay on Monday?" }) });

    // Said once: more passes send nothing again.
    await call.pass();
    expect(call.ports.sent.filter(({ command }) => command.action === "speak")).toHaveLength(1);
  });

  // One call per test: the calls of a test share its task queue.
  it("is refused plainly when voice-to-voice is off (the default)", async () => {
    const off = new MiniCall(T0 + 20_000);
    off.add(...SPANISH_CALL);
    await off.pass();
    expect(ask(off, "Hello")).toMatchObject({ kind: "refused", refusal: "off", message: expect.stringContaining("Voice-to-voice is off") });
    expect(off.view().voice).toMatchObject({ available: false, customerLanguage: "es" });
  });

  it("is refused plainly without a model", async () => {
    const noModel = new MiniCall(T0 + 20_000);
    noModel.ports.intelligence.translation = { enabled: true, from: "auto", to: "en", voiceToVoice: true };
    noModel.ports.intelligence.configured = false;
    noModel.add(...SPANISH_CALL);
    await noModel.pass();
    expect(ask(noModel, "Hello")).toMatchObject({ kind: "refused", refusal: "no_model", message: expect.stringContaining("needs a model") });
  });

  it("is refused before the customer's language is known, and once the call is over", async () => {
    const early = new MiniCall(T0 + 20_000);
    early.ports.intelligence.translation = { enabled: true, from: "auto", to: "en", voiceToVoice: true };
    early.add(...answered, said(6, "Hello, this is Sam from Word Is Bond.", "outbound"));
    await early.pass();
    expect(ask(early, "Hello")).toMatchObject({ kind: "refused", refusal: "language_unknown" });

    const ended = new MiniCall(T0 + 20_000);
    ended.add(...SPANISH_CALL, hangup(19, "normal_clearing"));
    expect(ask(ended, "Hello")).toMatchObject({ kind: "not_live" });
  });
});
