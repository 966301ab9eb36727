// QA's pure logic: an evaluation's total (weights, scales, not applicable), the answers a
// form refuses (each naming its question), an agent's weighted scorecard (criteria that
// cannot be scored leave the total, never count as zero) and the QA queue's sampling.
import { describe, expect, it } from "vitest";
import { answerProblems, evaluationSections, scoreEvaluation, whyFormCannotScore, type EvaluationSection } from "../../../domain/qa-form";
import { sampleCalls, type SampleCandidate } from "../../../domain/qa-sampling";
import { DEFAULT_SCORECARD_CRITERIA, scoreAgent, scorecardCriteria, sentimentTrend, type AgentFacts } from "../../../domain/scorecard";
import { AGENT_CAUSED_SKIP } from "../../../domain/kpis";

const form: EvaluationSection[] = evaluationSections.parse([
  {
    title: "Compliance",
    weight: 3,
    questions: [
      { id: "disclosure", text: "Gave the disclosure", kind: "yes_no", weight: 2 },
      { id: "verified", text: "Verified identity", kind: "yes_no" },
    ],
  },
  { title: "Manner", weight: 1, questions: [{ id: "courtesy", text: "Courtesy", kind: "scale", scaleMax: 4 }] },
]);

describe("an evaluation's total", () => {
  it("weights questions within a section and sections within the form", () => {
    // Compliance: (2×1 + 1×0) / 3 = 66.67 %; Manner: 3/4 = 75 %; total (3×66.67 + 1×75) / 4 = 68.75 → 68.8.
    const score = scoreEvaluation(form, { disclosure: { value: true }, verified: { value: false }, courtesy: { value: 3 } });
    expect(score.sections).toEqual([
      { title: "Compliance", weight: 3, percent: 66.7 },
      { title: "Manner", weight: 1, percent: 75 },
    ]);
    expect(score.totalPercent).toBe(68.8);
  });

  it("leaves a not-applicable question out rather than scoring it zero", () => {
    const score = scoreEvaluation(form, { disclosure: { value: true }, verified: { value: null }, courtesy: { value: 4 } });
    expect(score.sections[0]!.percent).toBe(100);
    expect(score.totalPercent).toBe(100);
  });

  it("leaves a wholly not-applicable section out of the total, and has no total when nothing applied", () => {
    const partly = scoreEvaluation(form, { disclosure: { value: null }, verified: { value: null }, courtesy: { value: 2 } });
    expect(partly.sections[0]!.percent).toBeNull();
    expect(partly.totalPercent).toBe(50);
    const nothing = scoreEvaluation(form, { disclosure: { value: null }, verified: { value: null }, courtesy: { value: null } });
    expect(nothing.totalPercent).toBeNull();
  });

  it("scores all-yes and the top of every scale 100, all-no and zero 0", () => {
    expect(scoreEvaluation(form, { disclosure: { value: true }, verified: { value: true }, courtesy: { value: 4 } }).totalPercent).toBe(100);
    expect(scoreEvaluation(form, { disclosure: { value: false }, verified: { value: false }, courtesy: { value: 0 } }).totalPercent).toBe(0);
  });
});

describe("the answers a form refuses", () => {
  it("names each question that is unanswered, unknown, or answered with the wrong kind of value", () => {
    const problems = answerProblems(form, { disclosure: { value: 3 }, courtesy: { value: 5 }, tone: { value: true } });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "answers.tone", message: "not a question of this form" },
        { path: "answers.verified", message: expect.stringMatching(/unanswered/) },
        { path: "answers.disclosure.value", message: expect.stringMatching(/true or false/) },
        { path: "answers.courtesy.value", message: "a whole number from 0 to 4" },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it("accepts a complete, well-typed set of answers", () => {
    expect(answerProblems(form, { disclosure: { value: true }, verified: { value: null }, courtesy: { value: 0 } })).toEqual([]);
  });

  it("refuses a form that uses a question id twice, or a scale without its maximum, naming the place", () => {
    const twice = evaluationSections.safeParse([{ title: "A", questions: [{ id: "q", text: "One", kind: "yes_no" }, { id: "q", text: "Two", kind: "yes_no" }] }]);
    expect(twice.success).toBe(false);
    expect(twice.error!.issues[0]!.path).toEqual([0, "questions", 1, "id"]);
    const scale = evaluationSections.safeParse([{ title: "A", questions: [{ id: "q", text: "One", kind: "scale" }] }]);
    expect(scale.error!.issues[0]!.path).toEqual([0, "questions", 0, "scaleMax"]);
  });
});

const facts = (overrides: Partial<AgentFacts> = {}): AgentFacts => ({
  connects: 10,
  dispositioned: 9,
  ahtSeconds: 300,
  complianceSkipsCaused: 0,
  callSentiments: [],
  evaluationPercents: [80, 60],
  ...overrides,
});

describe("which version of a form may score a new call", () => {
  const standing = { name: "Call review", version: 2, supersededById: null, retiredAt: null };
  it("lets the latest version of a form in use score", () => {
    expect(whyFormCannotScore(standing)).toBeNull();
  });
  it("sends the reviewer to the latest version once the form has been changed", () => {
    expect(whyFormCannotScore({ ...standing, supersededById: "next" })).toBe('Version 2 of "Call review" has been changed since: score with its latest version');
  });
  it("refuses a retired form, whichever its version, saying its evaluations are kept", () => {
    const retiredAt = new Date("2026-12-01T00:00:00Z");
    expect(whyFormCannotScore({ ...standing, retiredAt })).toMatch(/is retired: it scores no new calls \(its evaluations are kept\)/);
    expect(whyFormCannotScore({ ...standing, supersededById: "next", retiredAt })).toMatch(/is retired/);
  });
});

describe("an agent's scorecard", () => {
  it("weights the criteria it can score and says why it cannot score the others", () => {
    const card = scoreAgent(DEFAULT_SCORECARD_CRITERIA, facts());
    const byKind = Object.fromEntries(card.criteria.map((c) => [c.kind, c]));
    expect(byKind.qa_evaluations!.score).toBe(70);
    expect(byKind.aht_band!.score).toBe(100); // 300 s within 120–480 s
    expect(byKind.disposition_rate!.score).toBe(94.7); // 90 % of a 95 % target
    expect(byKind.compliance_skips_caused!.score).toBe(100); // none caused
    expect(byKind.sentiment_trend!.score).toBeNull();
    expect(byKind.sentiment_trend!.unavailable).toMatch(/no connect in the period has a sentiment score/);
    // (40×70 + 20×100 + 20×94.74 + 10×100) / 90 = 85.49: the unscored criterion's 10 weight is not a zero.
    expect(card.totalPercent).toBe(85.5);
  });

  it("scores handle time outside the band in proportion to how far out it is", () => {
    const band = [{ kind: "aht_band" as const, weight: 1, minSeconds: 120, maxSeconds: 480 }];
    expect(scoreAgent(band, facts({ ahtSeconds: 60 })).totalPercent).toBe(50);
    expect(scoreAgent(band, facts({ ahtSeconds: 960 })).totalPercent).toBe(50);
    expect(scoreAgent(band, facts({ ahtSeconds: null })).totalPercent).toBeNull();
  });

  it("scores sentiment from the calls' scores, neutral at 50, and says which way it is going", () => {
    const sentiment = [{ kind: "sentiment_trend" as const, weight: 1 }];
    // Oldest first: the earlier half −0.5 and −0.3 (mean −0.4), the later half 0.1 and 0.3 (mean 0.2); the middle 0 in neither.
    const card = scoreAgent(sentiment, facts({ callSentiments: [-0.5, -0.3, 0, 0.1, 0.3] }));
    expect(card.criteria[0]).toMatchObject({ score: 46, detail: "mean −0.08 over 5 calls; rising (+0.60 from the earlier half of the calls to the later)" });
    expect(scoreAgent(sentiment, facts({ callSentiments: [0.4, -0.2] })).criteria[0]).toMatchObject({ score: 55, detail: "mean +0.10 over 2 calls; falling (−0.60 from the earlier half of the calls to the later)" });
    expect(scoreAgent(sentiment, facts({ callSentiments: [1] })).criteria[0]).toMatchObject({ score: 100, detail: "mean +1.00 over 1 call; one call: no trend yet" });
    expect(sentimentTrend([0.2, 0.2, 0.2])).toBe(0);
  });

  it("scores the compliance skips the agent caused per 100 connects, and skips with no connect as the worst", () => {
    const skips = [{ kind: "compliance_skips_caused" as const, weight: 1, maxPerHundredConnects: 20 }];
    expect(scoreAgent(skips, facts({ complianceSkipsCaused: 1 })).criteria[0]).toMatchObject({ score: 50, detail: "1 skip caused over 10 connects" }); // 10 per 100 of an allowed 20
    expect(scoreAgent(skips, facts({ complianceSkipsCaused: 3 })).criteria[0]!.score).toBe(0);
    expect(scoreAgent(skips, facts({ connects: 0, complianceSkipsCaused: 2 })).criteria[0]!.score).toBe(0);
    expect(scoreAgent(skips, facts({ connects: 0, complianceSkipsCaused: 0 })).criteria[0]!.unavailable).toBe("no connects in the period");
    // The criterion says what counts as caused, in the glossary's words.
    expect(scoreAgent(skips, facts()).criteria[0]!.how).toContain(AGENT_CAUSED_SKIP);
  });

  it("has no total, rather than a zero, for an agent with nothing to score", () => {
    const card = scoreAgent(DEFAULT_SCORECARD_CRITERIA, facts({ connects: 0, dispositioned: 0, ahtSeconds: null, evaluationPercents: [] }));
    expect(card.totalPercent).toBeNull();
    expect(card.criteria.every((c) => c.unavailable !== null)).toBe(true);
  });

  it("refuses criteria listed twice or a band upside down, naming the place", () => {
    const twice = scorecardCriteria.safeParse([{ kind: "qa_evaluations", weight: 1 }, { kind: "qa_evaluations", weight: 2 }]);
    expect(twice.error!.issues[0]!.path).toEqual([1, "kind"]);
    const upsideDown = scorecardCriteria.safeParse([{ kind: "aht_band", weight: 1, minSeconds: 500, maxSeconds: 100 }]);
    expect(upsideDown.error!.issues[0]!.path).toEqual([0, "minSeconds"]);
  });
});

const candidate = (n: number, overrides: Partial<SampleCandidate> = {}): SampleCandidate => ({
  callId: `call-${String(n).padStart(3, "0")}`,
  createdAt: `2026-12-0${1 + (n % 5)}T10:00:00.000Z`,
  talkSeconds: n * 10,
  lowSentimentAlerts: 0,
  averageSentiment: null,
  disputed: false,
  ...overrides,
});

describe("the QA queue's sampling", () => {
  const pool = Array.from({ length: 40 }, (_, n) => candidate(n));

  it("samples at random, the same calls for the same seed whatever order the rows came in, others for another seed", () => {
    const first = sampleCalls(pool, "random", 10, "monday").map((c) => c.callId);
    expect(new Set(first).size).toBe(10);
    expect(sampleCalls([...pool].reverse(), "random", 10, "monday").map((c) => c.callId)).toEqual(first);
    expect(sampleCalls(pool, "random", 10, "tuesday").map((c) => c.callId)).not.toEqual(first);
  });

  it("gives every call a fair chance over many seeds", () => {
    const picks = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) for (const c of sampleCalls(pool, "random", 4, `s${seed}`)) picks.set(c.callId, (picks.get(c.callId) ?? 0) + 1);
    // 2000 × 4 / 40 = 200 expected each; a fair shuffle stays well inside ±40 %.
    expect(picks.size).toBe(40);
    for (const count of picks.values()) {
      expect(count).toBeGreaterThan(120);
      expect(count).toBeLessThan(280);
    }
  });

  it("offers the lowest sentiment first, by the calls' scores, with an alert qualifying a call that has no negative mean", () => {
    const calls = [
      candidate(1, { lowSentimentAlerts: 1, averageSentiment: -0.2 }),
      candidate(2, { averageSentiment: 0.4 }),
      candidate(3, { averageSentiment: -0.7 }),
      candidate(4, { averageSentiment: -0.01 }),
      candidate(5),
      candidate(6, { lowSentimentAlerts: 2, averageSentiment: 0.1 }),
    ];
    expect(sampleCalls(calls, "low_sentiment", 10, "x").map((c) => c.callId)).toEqual(["call-003", "call-001", "call-006"]);
  });

  it("offers the longest first, and only disputed calls for disputes, newest first", () => {
    expect(sampleCalls(pool, "long", 3, "x").map((c) => c.talkSeconds)).toEqual([390, 380, 370]);
    const calls = [candidate(1, { disputed: true }), candidate(2), candidate(3, { disputed: true })];
    expect(sampleCalls(calls, "disputes", 10, "x").map((c) => c.callId)).toEqual(["call-003", "call-001"]);
  });
});
