// QA setup's editors without a browser: a form as typed becomes the body the API's own schema
// takes (ids from the questions' words, unique; scaleMax only on scales), the API's field
// errors land beside the control they name (a question's id is its words'), the scorecard's
// rows round-trip the settings and name a criterion's error by its row, not its place in
// the body, and a team's list error names the person.
import { describe, expect, it } from "vitest";
import { evaluationSections } from "../../../domain/qa-form";
import { DEFAULT_SCORECARD_CRITERIA, scorecardCriteria } from "../../../domain/scorecard";
import {
  criteriaDrafts,
  criterionProblem,
  emptyFormDraft,
  formControlPaths,
  formDraftOf,
  peopleProblem,
  problemAt,
  questionIds,
  teamCandidates,
  toCriteria,
  toFormBody,
  unplacedProblems,
  weightShares,
  type FormDraft,
} from "../../../ui/src/lib/qa-setup";

const draft: FormDraft = {
  name: "Collections review",
  sections: [
    { title: "Compliance", weight: 2, questions: [{ text: "Gave the mini-Miranda?", kind: "yes_no", scaleMax: 5, weight: 3 }] },
    {
      title: "Manner",
      weight: 1,
      questions: [
        { text: "Courtesy", kind: "scale", scaleMax: 4, weight: 1 },
        { text: "courtesy!", kind: "yes_no", scaleMax: 5, weight: 1 },
      ],
    },
  ],
};

describe("the evaluation form editor", () => {
  it("sends what the API's schema takes: ids from the words, unique in the form, scaleMax on scales only", () => {
    const body = toFormBody(draft);
    expect(questionIds(draft)).toEqual([["gave-the-mini-miranda"], ["courtesy", "courtesy-2"]]);
    expect(body.sections[0]!.questions[0]).toEqual({ id: "gave-the-mini-miranda", text: "Gave the mini-Miranda?", kind: "yes_no", weight: 3 });
    expect(body.sections[1]!.questions[0]).toEqual({ id: "courtesy", text: "Courtesy", kind: "scale", scaleMax: 4, weight: 1 });
    expect(evaluationSections.safeParse(body.sections).success).toBe(true);
  });

  it("opens a saved form as its next version's draft: unchanged, it sends the form back as saved, ids and all", () => {
    const saved = {
      name: "Collections review",
      sections: [
        { title: "Compliance", weight: 2, questions: [{ id: "mini_miranda", text: "Gave the mini-Miranda", kind: "yes_no" as const, weight: 3 }] },
        { title: "Manner", weight: 1, questions: [{ id: "empathy", text: "Empathy", kind: "scale" as const, scaleMax: 4, weight: 1 }] },
      ],
    };
    expect(toFormBody(formDraftOf(saved))).toEqual(saved);
  });

  it("gives a saved question whose words changed an id from its new words, and a new question one that the kept ids do not take", () => {
    const next = formDraftOf({ name: "Review", sections: [{ title: "All", weight: 1, questions: [
      { id: "empathy", text: "Empathy", kind: "yes_no", weight: 1 },
      { id: "calm", text: "Calm", kind: "yes_no", weight: 1 },
    ] }] });
    next.sections[0]!.questions[1]!.text = "Stayed calm";
    next.sections[0]!.questions.push({ text: "Empathy", kind: "yes_no", scaleMax: 5, weight: 1 });
    expect(questionIds(next)).toEqual([["empathy", "stayed-calm", "empathy-2"]]);
  });

  it("puts each of the API's objections beside its control, and the rest at the top", () => {
    const problems = [
      { path: "sections.1.questions.0.scaleMax", message: "at most 10" },
      { path: "sections.0.questions.0.id", message: "1–40 of a-z, 0-9, _ and -" },
      { path: "(body)", message: "invalid JSON" },
    ];
    expect(problemAt(problems, "sections.1.questions.0.scaleMax")).toBe("at most 10");
    expect(problemAt(problems, "sections.0.questions.0.text")).toBe("1–40 of a-z, 0-9, _ and -");
    expect(problemAt(problems, "name")).toBeUndefined();
    expect(unplacedProblems(problems, formControlPaths(draft))).toEqual([{ path: "(body)", message: "invalid JSON" }]);
    // A blank question still gets an id the API takes, so the API names its text as required.
    expect(toFormBody(emptyFormDraft()).sections[0]!.questions[0]!.id).toBe("question");
  });
});

describe("the scorecard weights editor", () => {
  it("shows every criterion, the saved ones first, and sends only those counted, with their own numbers", () => {
    const saved = [
      { kind: "disposition_rate" as const, weight: 30, targetPercent: 90 },
      { kind: "aht_band" as const, weight: 10, minSeconds: 60, maxSeconds: 300 },
    ];
    const drafts = criteriaDrafts(saved);
    expect(drafts.map((d) => [d.kind, d.included])).toEqual([
      ["disposition_rate", true],
      ["aht_band", true],
      ["compliance_skips_caused", false],
      ["sentiment_trend", false],
      ["qa_evaluations", false],
    ]);
    expect(toCriteria(drafts)).toEqual(saved);
    expect(weightShares(drafts)).toEqual(new Map([["disposition_rate", 75], ["aht_band", 25]]));
    expect(scorecardCriteria.parse(toCriteria(criteriaDrafts(DEFAULT_SCORECARD_CRITERIA)))).toEqual(DEFAULT_SCORECARD_CRITERIA);
  });

  it("names an error by the criterion's row, though the API counts only those sent", () => {
    const drafts = criteriaDrafts([{ kind: "sentiment_trend", weight: 5 }]);
    drafts.find((d) => d.kind === "aht_band")!.included = true;
    // Sent: sentiment_trend (0), then aht_band (1), in the rows' order.
    const problems = [{ path: "criteria.1.minSeconds", message: "must not be above maxSeconds" }];
    expect(criterionProblem(problems, drafts, "aht_band", "minSeconds")).toBe("must not be above maxSeconds");
    expect(criterionProblem(problems, drafts, "sentiment_trend", "minSeconds")).toBeUndefined();
    expect(criterionProblem(problems, drafts, "qa_evaluations", "weight")).toBeUndefined();
  });
});

describe("the teams editor", () => {
  const people = [
    { userId: "u1", name: "Sam Lee", role: "supervisor" },
    { userId: "u2", name: "Ann Agent", role: "agent" },
    { userId: "u3", name: "Vic Viewer", role: "viewer" },
    { userId: "u4", name: "Oli Owner", role: "owner" },
  ];
  it("offers supervisors and above to lead, everyone but viewers as members", () => {
    const { supervisors, members } = teamCandidates(people);
    expect(supervisors.map((p) => p.name)).toEqual(["Sam Lee", "Oli Owner"]);
    expect(members.map((p) => p.name)).toEqual(["Sam Lee", "Ann Agent", "Oli Owner"]);
  });
  it("says a list's error once, naming the person it is about", () => {
    const nameOf = (id: string) => people.find((p) => p.userId === id)!.name;
    const problems = [{ path: "supervisorUserIds.1", message: "role agent cannot supervise a team (supervisor or above)" }];
    expect(peopleProblem(problems, "supervisorUserIds", ["u1", "u2"], nameOf)).toBe("Ann Agent: role agent cannot supervise a team (supervisor or above)");
    expect(peopleProblem([{ path: "memberUserIds", message: "someone is both a supervisor and a member of the team" }], "memberUserIds", [], nameOf)).toBe(
      "someone is both a supervisor and a member of the team",
    );
    expect(peopleProblem(problems, "memberUserIds", ["u2"], nameOf)).toBeUndefined();
  });
});
