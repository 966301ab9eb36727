// Agent scorecards and QA: the organisation's weighted criteria (domain/scorecard.ts),
// evaluation forms (domain/qa-form.ts), the QA queue's sampled calls
// (domain/qa-sampling.ts), reviewers' evaluations of calls, and an agent's scorecard.
import { z } from "zod";
import { evaluationAnswer, evaluationSections } from "../../../domain/qa-form";
import { SAMPLING_STRATEGIES } from "../../../domain/qa-sampling";
import { CRITERION_KINDS, scorecardCriteria } from "../../../domain/scorecard";
import { id, instant, routeContract } from "./contract";

export const scorecardSettings = z.strictObject({
  criteria: scorecardCriteria,
  /** False until the organisation saves its own: these are the defaults. */
  customised: z.boolean(),
  updatedAt: instant.nullable(),
});

export const qaForm = z.strictObject({
  id,
  /** The first version's id: every version of the form shares it. */
  lineageId: id,
  version: z.number().int(),
  name: z.string(),
  sections: evaluationSections,
  /** The next version's id once the form has been changed; only the latest version scores calls. */
  supersededById: id.nullable(),
  /** When the form was retired: it scores no new calls; its evaluations are kept. */
  retiredAt: instant.nullable(),
  createdAt: instant,
});
export type QaForm = z.infer<typeof qaForm>;

export const qaEvaluation = z.strictObject({
  id,
  callId: id,
  agentUserId: id.nullable(),
  agentName: z.string().nullable(),
  formId: id,
  formName: z.string(),
  /** The version of the form it was scored with: its sections and total are that version's. */
  formVersion: z.number().int(),
  reviewerUserId: id.nullable(),
  reviewerName: z.string().nullable(),
  answers: z.record(z.string(), evaluationAnswer),
  comments: z.string(),
  totalPercent: z.number().nullable(),
  sections: z.array(z.strictObject({ title: z.string(), weight: z.number(), percent: z.number().nullable() })),
  createdAt: instant,
});
export type QaEvaluation = z.infer<typeof qaEvaluation>;

export const queueCall = z.strictObject({
  callId: id,
  agentUserId: id,
  agentName: z.string().nullable(),
  campaignName: z.string().nullable(),
  createdAt: instant,
  talkSeconds: z.number(),
  disposition: z.string().nullable(),
  lowSentimentAlerts: z.number().int(),
  /** The customer's mean sentiment over the call (−1..1); null when nothing was scored. */
  averageSentiment: z.number().nullable(),
  disputed: z.boolean(),
  hasRecording: z.boolean(),
});
export type QueueCall = z.infer<typeof queueCall>;

export const qaQueue = z.strictObject({
  strategy: z.enum(SAMPLING_STRATEGIES),
  /** Give it back to get the same random sample again. */
  seed: z.string(),
  timeZone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** Unevaluated connects with an agent in the period the sample was drawn from. */
  candidates: z.number().int(),
  calls: z.array(queueCall),
});
export type QaQueue = z.infer<typeof qaQueue>;

export const criterionScore = z.strictObject({
  kind: z.enum(CRITERION_KINDS),
  name: z.string(),
  how: z.string(),
  weight: z.number(),
  score: z.number().nullable(),
  unavailable: z.string().nullable(),
  detail: z.string(),
});

export const agentScorecard = z.strictObject({
  agentUserId: id,
  agentName: z.string(),
  timeZone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** True when the caller is that agent (agents see only their own). */
  own: z.boolean(),
  totalPercent: z.number().nullable(),
  criteria: z.array(criterionScore),
  /** QA evaluations by ISO week of the organisation's calendar, oldest first. */
  trend: z.array(z.strictObject({ weekOf: z.iso.date(), evaluations: z.number().int(), meanPercent: z.number().nullable() })),
  evaluations: z.array(qaEvaluation),
});
export type AgentScorecard = z.infer<typeof agentScorecard>;

export const getScorecardSettings = routeContract({ method: "GET", path: "/api/qa/scorecard-settings", response: { 200: scorecardSettings }, errors: [] });
export const updateScorecardSettings = routeContract({ method: "PATCH", path: "/api/qa/scorecard-settings", response: { 200: scorecardSettings }, errors: [] });
export const listQaForms = routeContract({ method: "GET", path: "/api/qa/forms", response: { 200: z.strictObject({ forms: z.array(qaForm) }) }, errors: [] });
export const createQaForm = routeContract({ method: "POST", path: "/api/qa/forms", response: { 201: z.strictObject({ form: qaForm }) }, errors: [] });
export const getQaForm = routeContract({ method: "GET", path: "/api/qa/forms/:id", response: { 200: z.strictObject({ form: qaForm }) }, errors: [] });
/** conflict: the form was changed since this version, or is retired. */
export const reviseQaForm = routeContract({ method: "POST", path: "/api/qa/forms/:id/versions", response: { 201: z.strictObject({ form: qaForm }) }, errors: ["conflict"] });
export const retireQaForm = routeContract({ method: "POST", path: "/api/qa/forms/:id/retire", response: { 200: z.strictObject({ form: qaForm }) }, errors: [] });
export const getQaQueue = routeContract({ method: "GET", path: "/api/qa/queue", response: { 200: qaQueue }, errors: [] });
/** conflict: the call is not over, has no agent, or this form already scored it. */
export const createEvaluation = routeContract({ method: "POST", path: "/api/calls/:id/evaluations", response: { 201: z.strictObject({ evaluation: qaEvaluation }) }, errors: ["conflict"] });
export const listCallEvaluations = routeContract({ method: "GET", path: "/api/calls/:id/evaluations", response: { 200: z.strictObject({ evaluations: z.array(qaEvaluation) }) }, errors: [] });
export const getAgentScorecard = routeContract({ method: "GET", path: "/api/qa/scorecard", response: { 200: agentScorecard }, errors: [] });

export const qaRoutes = [getScorecardSettings, updateScorecardSettings, listQaForms, createQaForm, getQaForm, reviseQaForm, retireQaForm, getQaQueue, createEvaluation, listCallEvaluations, getAgentScorecard] as const;
