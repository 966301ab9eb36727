// The QA setup editors' drafts and what the API takes from them: an evaluation form
// (sections of yes/no and scale questions with weights), the scorecard's weighted
// criteria and a team's people. The API validates (domain/qa-form.ts, domain/scorecard.ts,
// the teams route); these only shape the body and put each of its 400's field errors
// beside the control that field came from.
import { CRITERION_KINDS, CRITERION_LABELS, DEFAULT_SCORECARD_CRITERIA, type CriterionKind, type ScorecardCriterion } from "../../../domain/scorecard";
import type { EvaluationSection, QuestionKind } from "../../../domain/qa-form";

export interface QuestionDraft {
  text: string;
  kind: QuestionKind;
  /** Used by scale questions only. */
  scaleMax: number;
  weight: number;
  /** The saved question this one began as (changing a form): its id is kept while its words are. */
  saved?: { id: string; text: string };
}
export interface SectionDraft {
  title: string;
  weight: number;
  questions: QuestionDraft[];
}
export interface FormDraft {
  name: string;
  sections: SectionDraft[];
}

export const emptyQuestion = (): QuestionDraft => ({ text: "", kind: "yes_no", scaleMax: 5, weight: 1 });
export const emptySection = (): SectionDraft => ({ title: "", weight: 1, questions: [emptyQuestion()] });
export const emptyFormDraft = (): FormDraft => ({ name: "", sections: [emptySection()] });

/** A saved form as a draft of its next version: every question remembers its saved id. */
export function formDraftOf(form: { name: string; sections: readonly EvaluationSection[] }): FormDraft {
  return {
    name: form.name,
    sections: form.sections.map((section) => ({
      title: section.title,
      weight: section.weight,
      questions: section.questions.map((question) => ({
        text: question.text,
        kind: question.kind,
        scaleMax: question.scaleMax ?? emptyQuestion().scaleMax,
        weight: question.weight,
        saved: { id: question.id, text: question.text },
      })),
    })),
  };
}

/**
 * A question's id from its words ("Gave the disclosure?" → "gave-the-disclosure"), unique
 * within the form; a saved question whose words are unchanged keeps the id it was saved with.
 */
export function questionIds(draft: FormDraft): string[][] {
  const used = new Set<string>();
  return draft.sections.map((section) =>
    section.questions.map((question) => {
      if (question.saved && question.saved.text === question.text && !used.has(question.saved.id)) {
        used.add(question.saved.id);
        return question.saved.id;
      }
      const base =
        question.text
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-+|-+$/g, "")
          .slice(0, 36)
          .replace(/-+$/, "") || "question";
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      return id;
    }),
  );
}

/** POST /api/qa/forms' body (and a new version's): the draft as typed (the API trims and checks it). */
export function toFormBody(draft: FormDraft): { name: string; sections: EvaluationSection[] } {
  const ids = questionIds(draft);
  return {
    name: draft.name,
    sections: draft.sections.map((section, s) => ({
      title: section.title,
      weight: Number(section.weight),
      questions: section.questions.map((question, q) => ({
        id: ids[s]![q]!,
        text: question.text,
        kind: question.kind,
        ...(question.kind === "scale" ? { scaleMax: Number(question.scaleMax) } : {}),
        weight: Number(question.weight),
      })),
    })),
  };
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The message for one control's path ("sections.0.questions.1.text"); a question's id is its text's. */
export function problemAt(problems: readonly FieldProblem[], path: string): string | undefined {
  const found = problems.find((p) => p.path === path || (path.endsWith(".text") && p.path === `${path.slice(0, -".text".length)}.id`));
  return found?.message;
}

/** Problems no control shows (e.g. "(body)"), so the form can say them once at the top. */
export function unplacedProblems(problems: readonly FieldProblem[], placed: readonly string[]): FieldProblem[] {
  return problems.filter((p) => !placed.some((path) => path === p.path || (path.endsWith(".text") && p.path === `${path.slice(0, -".text".length)}.id`)));
}

/** Every path the form editor has a control for. */
export function formControlPaths(draft: FormDraft): string[] {
  return [
    "name",
    "sections",
    ...draft.sections.flatMap((section, s) => [
      `sections.${s}.title`,
      `sections.${s}.weight`,
      `sections.${s}.questions`,
      ...section.questions.flatMap((_, q) => ["text", "kind", "scaleMax", "weight"].map((f) => `sections.${s}.questions.${q}.${f}`)),
    ]),
  ];
}

// ---- scorecard weights ----

export interface CriterionDraft {
  kind: CriterionKind;
  name: string;
  how: string;
  included: boolean;
  weight: number;
  minSeconds: number;
  maxSeconds: number;
  targetPercent: number;
  maxPerHundredConnects: number;
}

/** One row per criterion the scorecard knows, in the settings' order, then the ones left out. */
export function criteriaDrafts(criteria: readonly ScorecardCriterion[]): CriterionDraft[] {
  const defaults = new Map(DEFAULT_SCORECARD_CRITERIA.map((c) => [c.kind, c]));
  const order = [...criteria.map((c) => c.kind), ...CRITERION_KINDS.filter((k) => !criteria.some((c) => c.kind === k))];
  return order.map((kind) => {
    const set = criteria.find((c) => c.kind === kind);
    const base: { weight: number; minSeconds?: number; maxSeconds?: number; targetPercent?: number; maxPerHundredConnects?: number } = { ...defaults.get(kind)!, ...set };
    return {
      kind,
      ...CRITERION_LABELS[kind],
      included: set !== undefined,
      weight: base.weight,
      minSeconds: base.minSeconds ?? 120,
      maxSeconds: base.maxSeconds ?? 480,
      targetPercent: base.targetPercent ?? 95,
      maxPerHundredConnects: base.maxPerHundredConnects ?? 5,
    };
  });
}

/** PATCH /api/qa/scorecard-settings' criteria: the included rows, each with the numbers its kind takes. */
export function toCriteria(drafts: readonly CriterionDraft[]): ScorecardCriterion[] {
  return drafts
    .filter((d) => d.included)
    .map((d): ScorecardCriterion => {
      const weight = Number(d.weight);
      switch (d.kind) {
        case "aht_band":
          return { kind: d.kind, weight, minSeconds: Number(d.minSeconds), maxSeconds: Number(d.maxSeconds) };
        case "disposition_rate":
          return { kind: d.kind, weight, targetPercent: Number(d.targetPercent) };
        case "compliance_skips_caused":
          return { kind: d.kind, weight, maxPerHundredConnects: Number(d.maxPerHundredConnects) };
        default:
          return { kind: d.kind, weight };
      }
    });
}

/** The API names a criterion by its place among those sent ("criteria.1.weight"): the draft row it came from. */
export function criterionProblem(problems: readonly FieldProblem[], drafts: readonly CriterionDraft[], kind: CriterionKind, field: string): string | undefined {
  const index = drafts.filter((d) => d.included).findIndex((d) => d.kind === kind);
  if (index < 0) return undefined;
  return problems.find((p) => p.path === `criteria.${index}.${field}`)?.message;
}

/** Each included criterion's share of the total, as a whole percentage. */
export function weightShares(drafts: readonly CriterionDraft[]): Map<CriterionKind, number> {
  const included = drafts.filter((d) => d.included && Number(d.weight) > 0);
  const total = included.reduce((sum, d) => sum + Number(d.weight), 0);
  return new Map(included.map((d) => [d.kind, total === 0 ? 0 : Math.round((Number(d.weight) / total) * 100)]));
}

// ---- teams ----

export interface TeamDraft {
  name: string;
  supervisorUserIds: string[];
  memberUserIds: string[];
}

/** Whom a list offers: supervisors and above may lead a team; anyone may be a member, agents first. */
export function teamCandidates<M extends { userId: string; name: string; role: string }>(members: readonly M[]) {
  const leads = new Set(["owner", "admin", "supervisor"]);
  return {
    supervisors: members.filter((m) => leads.has(m.role)),
    members: members.filter((m) => m.role !== "viewer"),
  };
}

/** A person's list error ("memberUserIds.2"): said once for the list, naming who. */
export function peopleProblem(problems: readonly FieldProblem[], list: "supervisorUserIds" | "memberUserIds", ids: readonly string[], nameOf: (id: string) => string): string | undefined {
  const found = problems.filter((p) => p.path === list || p.path.startsWith(`${list}.`));
  if (found.length === 0) return undefined;
  return found
    .map((p) => {
      const index = Number(p.path.split(".")[1]);
      return Number.isInteger(index) && ids[index] ? `${nameOf(ids[index])}: ${p.message}` : p.message;
    })
    .join("; ");
}
