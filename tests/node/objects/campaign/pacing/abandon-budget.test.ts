// The abandon budget: a prior of live answers so the day's first abandon is not read as
// 100 %, faded out as real answers come in, so the day ends measured against its own
// answers only (kept all day, the prior let a small team end 1.2 abandons over the cap).
import { describe, expect, it } from "vitest";
import { budgetPosition, creditedAnswers, CREDIT_FADES_OVER_ANSWERS, CREDIT_LIVE_ANSWERS } from "../../../../../objects/campaign/pacing/abandon-budget";

const day = (liveAnswered: number, abandoned: number) => ({ today: { liveAnswered, abandoned }, rolling30d: { liveAnswered, abandoned }, dialsResolvedToday: 0 });

describe("the abandon budget", () => {
  it("credits a few answers at the start of the day, so one early abandon leaves room", () => {
    expect(creditedAnswers(0)).toBe(CREDIT_LIVE_ANSWERS);
    expect(budgetPosition(day(5, 1), 0.03, 0).leftAtCap).toBeGreaterThan(0);
  });

  it("measures a full day against its own answers only: 24 abandons of 794 answers is over 3 % of them, so none is left", () => {
    expect(creditedAnswers(CREDIT_FADES_OVER_ANSWERS)).toBe(0);
    const end = budgetPosition(day(794, 24), 0.03, 0);
    expect(end.leftAtCap).toBeCloseTo(0.03 * 794 - 24, 9);
    expect(end.leftAtCap).toBeLessThan(0);
  });

  it("fades the credit steadily, never below nothing", () => {
    expect(creditedAnswers(CREDIT_FADES_OVER_ANSWERS / 2)).toBeCloseTo(CREDIT_LIVE_ANSWERS / 2, 9);
    expect(creditedAnswers(10_000)).toBe(0);
  });

  it("counts abandons at risk in flight as spent, and the tighter of the day and the 30 days wins", () => {
    const position = budgetPosition({ today: { liveAnswered: 1000, abandoned: 10 }, rolling30d: { liveAnswered: 30_000, abandoned: 890 }, dialsResolvedToday: 0 }, 0.03, 2);
    expect(position.leftAtCap).toBeCloseTo(0.03 * 30_000 - 890 - 2, 9);
  });
});
