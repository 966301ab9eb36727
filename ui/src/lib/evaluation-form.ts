// The evaluation form's answers as the reviewer fills them in, and as the API takes them:
// yes / no / not applicable for a yes-no question, a number (or not applicable) on a scale.
import type { EvaluationAnswer, EvaluationSection } from "../../../domain/qa-form";

export interface AnswerDraft {
  /** "na" = not applicable; for a scale, "" means the number counts. */
  choice: "yes" | "no" | "na" | "";
  scale: number | null;
  comment: string;
}

export const emptyAnswers = (sections: readonly EvaluationSection[]): Record<string, AnswerDraft> =>
  Object.fromEntries(sections.flatMap((s) => s.questions).map((q) => [q.id, { choice: "", scale: null, comment: "" }]));

/** Unanswered questions are sent out as unanswered (left out), so the API names them. */
export function toAnswers(sections: readonly EvaluationSection[], drafts: Record<string, AnswerDraft>): Record<string, EvaluationAnswer> {
  const answers: Record<string, EvaluationAnswer> = {};
  for (const q of sections.flatMap((s) => s.questions)) {
    const d = drafts[q.id];
    if (!d) continue;
    const comment = d.comment.trim() ? { comment: d.comment.trim() } : {};
    if (d.choice === "na") answers[q.id] = { value: null, ...comment };
    else if (q.kind === "yes_no" && (d.choice === "yes" || d.choice === "no")) answers[q.id] = { value: d.choice === "yes", ...comment };
    else if (q.kind === "scale" && d.scale !== null && String(d.scale) !== "") answers[q.id] = { value: Number(d.scale), ...comment };
  }
  return answers;
}
