// Language detection: per segment (tinyld, or the carrier's report), per call (a vote with
// a confidence rule), and its accuracy on our labelled set of call-centre utterances.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { labelledUtterance, scoreUtterances } from "../../../../../../bench/intel/accuracy";
import { decideCallLanguage, detectSegmentLanguage } from "../../../../../../objects/call/features/intelligence/language-detection";

const guess = (text: string) => detectSegmentLanguage(text)!;

describe("language detection", () => {
  it("reads one segment in each of the ten languages", () => {
    const lines = {
      en: "I already paid this in March, I have the receipt.",
      es: "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?",
      fr: "Ce montant-là est faux. J'ai déjà payé la moitié en février.",
      de: "Ich kann am Freitag zahlen, wenn mein Gehalt kommt.",
      pt: "Eu posso pagar na sexta quando receber o salário.",
      it: "Posso pagare venerdì quando ricevo lo stipendio.",
      zh: "我星期五发工资以后可以还款。",
      ja: "金曜日に給料が入ったら支払えます。",
      ko: "금요일에 월급 들어오면 갚을 수 있어요.",
      ar: "أستطيع الدفع يوم الجمعة عندما أستلم راتبي.",
    };
    for (const [language, text] of Object.entries(lines)) expect(guess(text).language, text).toBe(language);
  });

  it("a short word counts for little; a full sentence for a lot", () => {
    expect(guess("Hello?").confidence).toBeLessThan(0.3);
    expect(guess("Bueno").confidence).toBeLessThan(0.3);
    expect(guess("Sí, soy yo. ¿De qué se trata?").confidence).toBeGreaterThan(0.4);
  });

  it("a short line with a mark only one of our languages writes (¿ ¡, Hangul, kana, Arabic) is sure of it alone", () => {
    const sure = { "¿Bueno?": "es", "¡Hola!": "es", "¿Sí?": "es", "여보세요": "ko", "もしもし": "ja", "ألو": "ar" };
    for (const [text, language] of Object.entries(sure)) {
      expect(guess(text).language, text).toBe(language);
      expect(guess(text).confidence, text).toBeGreaterThanOrEqual(0.3);
    }
    // Han is Chinese and Japanese alike; a French "Allô?" carries nothing only French writes.
    expect(detectSegmentLanguage("喂？")?.confidence ?? 0).toBeLessThan(0.3);
    expect(guess("Allô?").confidence).toBeLessThan(0.3);
    // Marks of two languages in one line decide nothing by themselves.
    expect(guess("¿여보세요?").confidence).toBeLessThan(0.3);
  });

  it("the carrier's own report wins when it gives one", () => {
    expect(detectSegmentLanguage("Hello?", "es-419")).toEqual({ language: "es", confidence: 0.95, source: "carrier" });
    expect(detectSegmentLanguage("Hello there, how are you doing today?", "tlh")?.source).toBe("offline");
  });

  it("a call is confident in a language only with two agreeing segments holding 70 % of the evidence", () => {
    const hello = guess("Hello?"); // tinyld reads a lone "Hello?" as Italian
    const spanish = [guess("¿Bueno? ¿Hay alguien ahí?"), guess("Sí, soy yo. ¿De qué se trata?")];
    expect(decideCallLanguage([])).toBeNull();
    expect(decideCallLanguage([spanish[1]!])).toMatchObject({ language: "es", confident: false });
    expect(decideCallLanguage([hello, ...spanish])).toMatchObject({ language: "es", confident: true, segments: 2 });
    expect(decideCallLanguage([guess("I already paid this in March, I have the receipt."), ...spanish])).toMatchObject({ confident: false });
  });
});

describe("accuracy on the labelled set (bench/intel/utterances.json)", () => {
  const utterances = z.array(labelledUtterance).parse(JSON.parse(readFileSync(new URL("../../../../../../bench/intel/utterances.json", import.meta.url), "utf8")));

  it("holds at least 200 utterances in all ten languages", () => {
    expect(utterances.length).toBeGreaterThanOrEqual(200);
    expect(new Set(utterances.map((u) => u.language)).size).toBe(10);
  });

  it("meets the targets: language ≥ 95 %, negative precision ≥ 0.8 and recall ≥ 0.7, objection precision ≥ 0.9", () => {
    const { report } = scoreUtterances(utterances);
    expect(report.languageAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.negative.precision).toBeGreaterThanOrEqual(0.8);
    expect(report.negative.recall).toBeGreaterThanOrEqual(0.7);
    expect(report.objection.precision).toBeGreaterThanOrEqual(0.9);
  });
});
