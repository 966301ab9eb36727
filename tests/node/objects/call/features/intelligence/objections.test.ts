// Objection matching as a listener hears it: whole words, any case, negation aware, in
// the segment's language, plus the organisation's own phrases.
import { describe, expect, it } from "vitest";
import { findObjections } from "../../../../../../objects/call/features/intelligence/objections";

const kinds = (text: string, language: Parameters<typeof findObjections>[1] = "en", org: Parameters<typeof findObjections>[2] = []) => findObjections(text, language, org).map((o) => o.kind);

describe("objections", () => {
  it("finds the collections defaults in any case", () => {
    expect(kinds("I CAN'T AFFORD this")).toEqual(["cant_afford"]);
    expect(kinds("I already paid, and this is not my debt")).toEqual(["already_paid", "not_my_debt"]);
    expect(kinds("Stop calling me or I'll call my lawyer")).toEqual(["stop_calling", "lawyer"]);
    expect(kinds("I can’t afford it")).toEqual(["cant_afford"]); // a typographic apostrophe
  });

  it("matches whole words only: manager is not management, sue is not pursue", () => {
    expect(kinds("Our management approved the plan")).toEqual([]);
    expect(kinds("Get me your manager")).toEqual(["supervisor"]);
    expect(kinds("We will pursue a plan")).toEqual([]);
    expect(kinds("I will sue you")).toEqual(["lawsuit"]);
  });

  it("takes endings where the lexicon allows them", () => {
    expect(kinds("I'm disputing this charge")).toEqual(["dispute"]);
    expect(kinds("I'll file complaints")).toEqual(["complaint"]);
  });

  it("a negated phrase is no objection, across languages", () => {
    expect(kinds("I don't need a lawyer, I just want to sort this out")).toEqual([]);
    expect(kinds("No, I'm not disputing it")).toEqual([]);
    expect(kinds("No necesito un abogado", "es")).toEqual([]);
    expect(kinds("Je n'ai pas besoin d'un avocat", "fr")).toEqual([]);
    expect(kinds("Ich brauche keinen Anwalt", "de")).toEqual([]);
    expect(kinds("我不需要律师", "zh")).toEqual([]);
    expect(kinds("弁護士は必要ありません", "ja")).toEqual([]);
    expect(kinds("변호사는 필요 없어요", "ko")).toEqual([]);
    expect(kinds("لا أحتاج إلى محامي", "ar")).toEqual([]);
  });

  it("a negation in another clause does not reach the phrase", () => {
    expect(kinds("No. Stop calling me!")).toEqual(["stop_calling"]);
    expect(kinds("I don't know, I want a lawyer")).toEqual(["lawyer"]);
  });

  it("a phrase that carries its own negation is found, not cancelled by it", () => {
    expect(kinds("Do not call this number again")).toEqual(["stop_calling"]);
    expect(kinds("Ce n'est pas ma dette", "fr")).toEqual(["not_my_debt"]);
    expect(kinds("No me vuelvan a llamar", "es")).toEqual(["stop_calling"]);
    expect(kinds("别再打电话给我了", "zh")).toEqual(["stop_calling"]);
    expect(kinds("もう電話しないでください", "ja")).toEqual(["stop_calling"]);
  });

  it("reads the segment in its own language's lexicon", () => {
    expect(kinds("Deje de llamarme", "es")).toEqual(["stop_calling"]);
    expect(kinds("Deje de llamarme", "en")).toEqual([]);
    expect(kinds("توقفوا عن الاتصال بي", "ar")).toEqual(["stop_calling"]);
  });

  it("adds the organisation's phrases, for one language or all", () => {
    const org = [{ phrase: "bankruptcy", language: null }, { phrase: "quiebra", language: "es" as const }];
    expect(kinds("I'm filing for bankruptcy", "en", org)).toEqual(["org:bankruptcy"]);
    expect(kinds("Estoy en quiebra", "es", org)).toEqual(["org:quiebra"]);
    expect(kinds("quiebra", "en", org)).toEqual([]);
    expect(kinds("I'm not filing for bankruptcy", "en", org)).toEqual([]);
  });
});
