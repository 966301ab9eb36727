// QA evaluation forms and their scoring: a form is sections of yes/no and scale questions,
// each with a weight; a reviewer answers each question (or marks it not applicable) and may
// comment. The total is computed here, once, by a pure function: a question's points are
// 1 for yes, 0 for no, value / max on a scale; a section's score is its questions' weighted
// mean, the total the sections' weighted mean, both over what was answered (N/A leaves a
// question out, not in as a zero), as a percentage with one decimal.
import { z } from "zod";

export const QUESTION_KINDS = ["yes_no", "scale"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const weight = z.number().int("a whole number").min(1, "at least 1").max(100, "at most 100").default(1);

export const evaluationQuestion = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/, "1–40 of a-z, 0-9, _ and -"),
    text: z.string().trim().min(1, "required").max(300, "at most 300 characters"),
    kind: z.enum(QUESTION_KINDS),
    /** A scale runs 0..scaleMax (scale questions only). */
    scaleMax: z.number().int("a whole number").min(1, "at least 1").max(10, "at most 10").optional(),
    weight,
  })
  .refine((q) => q.kind !== "scale" || q.scaleMax !== undefined, { message: "a scale question needs scaleMax", path: ["scaleMax"] })
  .refine((q) => q.kind !== "yes_no" || q.scaleMax === undefined, { message: "only scale questions take scaleMax", path: ["scaleMax"] });
export type EvaluationQuestion = z.infer<typeof evaluationQuestion>;

export const evaluationSection = z.strictObject({
  title: z.string().trim().min(1, "required").max(120, "at most 120 characters"),
  weight,
  questions: z.array(evaluationQuestion).min(1, "at least one question").max(50, "at most 50 questions"),
});
export type EvaluationSection = z.infer<typeof evaluationSection>;

export const evaluationSections = z
  .array(evaluationSection)
  .min(1, "at least one section")
  .max(20, "at most 20 sections")
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((section, s) =>
      section.questions.forEach((question, q) => {
        if (seen.has(question.id)) ctx.addIssue({ code: "custom", path: [s, "questions", q, "id"], message: `"${question.id}" is used twice in this form` });
        seen.add(question.id);
      }),
    );
  });

/** One question's answer: true/false for yes/no, a whole number for a scale, null for not applicable. */
export const evaluationAnswer = z.strictObject({
  value: z.union([z.boolean(), z.number(), z.null()]),
  comment: z.string().max(2000, "at most 2000 characters").optional(),
});
export type EvaluationAnswer = z.infer<typeof evaluationAnswer>;
export type EvaluationAnswers = Record<string, EvaluationAnswer>;

export interface AnswerProblem {
  /** Where in the body: answers.<questionId>[.value]. */
  path: string;
  message: string;
}

/** Every answer the form cannot take, each naming its question; empty when all are good. */
export function answerProblems(sections: readonly EvaluationSection[], answers: EvaluationAnswers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const questions = new Map(sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) if (!questions.has(id)) problems.push({ path: `answers.${id}`, message: "not a question of this form" });
  for (const question of questions.values()) {
    const answer = answers[question.id];
    if (!answer) {
      problems.push({ path: `answers.${question.id}`, message: "unanswered (answer it, or send null for not applicable)" });
      continue;
    }
    const value = answer.value;
    if (value === null) continue;
    if (question.kind === "yes_no" && typeof value !== "boolean") problems.push({ path: `answers.${question.id}.value`, message: "true or false (a yes/no question)" });
    if (question.kind === "scale" && (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > (question.scaleMax ?? 0)))
      problems.push({ path: `answers.${question.id}.value`, message: `a whole number from 0 to ${question.scaleMax}` });
  }
  return problems;
}

export interface SectionScore {
  title: string;
  weight: number;
  /** 0–100; null when every question was not applicable. */
  percent: number | null;
}

export interface EvaluationScore {
  /** 0–100 with one decimal; null when nothing was applicable. */
  totalPercent: number | null;
  sections: SectionScore[];
}

const points = (question: EvaluationQuestion, value: boolean | number): number =>
  question.kind === "yes_no" ? (value === true ? 1 : 0) : (value as number) / (question.scaleMax ?? 1);

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** The weighted mean of the parts that have a value, or null when none has. */
function weightedMean(parts: { weight: number; value: number | null }[]): number | null {
  const counted = parts.filter((p): p is { weight: number; value: number } => p.value !== null);
  const weights = counted.reduce((sum, p) => sum + p.weight, 0);
  return weights === 0 ? null : counted.reduce((sum, p) => sum + p.weight * p.value, 0) / weights;
}

/** The evaluation's score: call only with answers `answerProblems` found no fault in. */
export function scoreEvaluation(sections: readonly EvaluationSection[], answers: EvaluationAnswers): EvaluationScore {
  const scored = sections.map((section) => {
    const fraction = weightedMean(
      section.questions.map((question) => {
        const value = answers[question.id]?.value ?? null;
        return { weight: question.weight, value: value === null ? null : points(question, value) };
      }),
    );
    return { title: section.title, weight: section.weight, fraction };
  });
  const total = weightedMean(scored.map((s) => ({ weight: s.weight, value: s.fraction })));
  return {
    totalPercent: total === null ? null : oneDecimal(total * 100),
    sections: scored.map((s) => ({ title: s.title, weight: s.weight, percent: s.fraction === null ? null : oneDecimal(s.fraction * 100) })),
  };
}

/** What decides whether a version of a form may score a new call. */
export interface FormStanding {
  name: string;
  version: number;
  /** The next version's id, once the form has been changed. */
  supersededById: string | null;
  retiredAt: Date | null;
}

/**
 * Why this version may not score a new call, or null when it may. Only a form's latest
 * version scores, and a retired form none: old evaluations keep the version they were
 * scored with, so their totals never move, but new ones use the form as it stands.
 */
export function whyFormCannotScore(form: FormStanding): string | null {
  if (form.retiredAt) return `The form "${form.name}" is retired: it scores no new calls (its evaluations are kept)`;
  if (form.supersededById) return `Version ${form.version} of "${form.name}" has been changed since: score with its latest version`;
  return null;
}
