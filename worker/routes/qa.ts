// Agent scorecards and QA: the organisation's weighted criteria (admins set them), the QA queue (calls sampled for supervisors
// to score), reviewers' evaluations of calls, and an agent's scorecard (agents see only
// their own). Evaluation forms are worker/routes/qa-forms.ts. Scoring is domain/qa-form.ts and domain/scorecard.ts; the SQL is
// worker/analytics/scorecard-queries.ts.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { organizationTimeZone } from "../../db/organization-time-zone";
import { isUniqueViolation } from "../../db/postgres-errors";
import { calls, memberships, qaEvaluations, qaScorecardSettings, users } from "../../db/schema";
import { answerProblems, evaluationAnswer, scoreEvaluation, whyFormCannotScore, type EvaluationAnswers, type EvaluationSection } from "../../domain/qa-form";
import { MAX_SAMPLE_SIZE, SAMPLING_STRATEGIES, sampleCalls } from "../../domain/qa-sampling";
import { hasRole } from "../../domain/roles";
import { DEFAULT_SCORECARD_CRITERIA, scoreAgent, scorecardCriteria } from "../../domain/scorecard";
import { periodFields, periodOf, refinePeriod } from "../analytics/period";
import { evaluationsOfPeriod, loadAgentFacts, loadEvaluationTrend, loadQueueCandidates, type PeriodScope } from "../analytics/scorecard-queries";
import {
  createEvaluation,
  getAgentScorecard,
  getQaQueue,
  getScorecardSettings,
  listCallEvaluations,
  updateScorecardSettings,
  type QaEvaluation,
} from "../http/contracts/qa";
import { ApiError, conflict, forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";
import { findForm } from "./qa-forms";

const badBody = (problems: { path: string; message: string }[]) =>
  new ApiError(400, "validation_failed", `Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);

// ---- Scorecard criteria ---------------------------------------------------------------

async function loadCriteria(db: Queryable, organizationId: string) {
  const [row] = await db.select().from(qaScorecardSettings).where(eq(qaScorecardSettings.organizationId, organizationId));
  return row ? { criteria: row.criteria, customised: true, updatedAt: row.updatedAt.toISOString() } : { criteria: DEFAULT_SCORECARD_CRITERIA, customised: false, updatedAt: null };
}

defineRoute(getScorecardSettings, {
  summary: "The organisation's scorecard criteria and their weights (the defaults until it saves its own)",
  access: member("supervisor"),
  handler: async (c) => c.json(await loadCriteria(c.var.db, c.var.identity.organizationId)),
});

defineRoute(updateScorecardSettings, {
  summary: "Replace the organisation's scorecard criteria (automatic and manual, each with a weight 1–100)",
  access: member("admin"),
  body: z.strictObject({ criteria: scorecardCriteria }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const before = await loadCriteria(tx, identity.organizationId);
      await tx
        .insert(qaScorecardSettings)
        .values({ organizationId: identity.organizationId, criteria: body.criteria })
        .onConflictDoUpdate({ target: qaScorecardSettings.organizationId, set: { criteria: body.criteria, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, { action: "qa.scorecard_criteria_changed", resourceType: "organization", resourceId: identity.organizationId, before: before.criteria, after: body.criteria });
    });
    return c.json(await loadCriteria(c.var.db, identity.organizationId));
  },
});

// ---- Evaluations ----------------------------------------------------------------------------

interface EvaluationRow extends Record<string, unknown> {
  id: string;
  call_id: string;
  agent_user_id: string | null;
  agent_name: string | null;
  form_id: string;
  form_name: string;
  form_version: number;
  sections: EvaluationSection[];
  reviewer_user_id: string | null;
  reviewer_name: string | null;
  answers: EvaluationAnswers;
  comments: string;
  total_percent: number | null;
  created_at: string;
}

async function loadEvaluations(db: Queryable, where: SQL): Promise<QaEvaluation[]> {
  const result = await db.execute<EvaluationRow>(sql`
    select e.id, e.call_id, e.agent_user_id, agent.name as agent_name, e.form_id, f.name as form_name, f.version as form_version, f.sections,
      e.reviewer_user_id, reviewer.name as reviewer_name, e.answers, e.comments, e.total_percent,
      to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
    from qa_evaluations e
    join calls c on c.id = e.call_id
    join qa_forms f on f.id = e.form_id
    left join users agent on agent.id = e.agent_user_id
    left join users reviewer on reviewer.id = e.reviewer_user_id
    where ${where}
    order by e.created_at desc, e.id`);
  return result.rows.map((r) => ({
    id: r.id,
    callId: r.call_id,
    agentUserId: r.agent_user_id,
    agentName: r.agent_name,
    formId: r.form_id,
    formName: r.form_name,
    formVersion: r.form_version,
    reviewerUserId: r.reviewer_user_id,
    reviewerName: r.reviewer_name,
    answers: r.answers,
    comments: r.comments,
    totalPercent: r.total_percent,
    sections: scoreEvaluation(r.sections, r.answers).sections,
    createdAt: r.created_at,
  }));
}

/**
 * Answers by question id. A malformed answer is named at "answers" with its question's id in
 * the message: the question ids are the form's, not the body's shape, so "answers" is the
 * field the body got wrong. Answers the form cannot take are named per question afterwards.
 */
const answersField = z
  .record(z.string(), z.unknown())
  .refine((a) => Object.keys(a).length <= 1000, "at most 1000 answers")
  .transform((answers, ctx): EvaluationAnswers => {
    const parsed: EvaluationAnswers = {};
    for (const [questionId, answer] of Object.entries(answers)) {
      const one = evaluationAnswer.safeParse(answer);
      if (one.success) parsed[questionId] = one.data;
      else ctx.addIssue({ code: "custom", message: `${questionId}: an answer is { value: true, false, a number or null (not applicable), comment? }` });
    }
    return parsed;
  });

defineRoute(createEvaluation, {
  summary: "Score an ended call with an evaluation form (answers per question, comments); the total is computed",
  access: member("supervisor"),
  resource: "evaluableCall",
  body: z.strictObject({
    formId: z.uuid("a form id"),
    answers: answersField,
    comments: z.string().max(5000, "at most 5000 characters").default(""),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const callId = idParam(c, "Call");
    const [found] = await c.var.db
      .select({ agentUserId: calls.agentUserId, bridgedAt: calls.bridgedAt, endedAt: calls.endedAt })
      .from(calls)
      .where(and(eq(calls.id, callId), eq(calls.organizationId, organizationId)));
    if (!found) throw notFound("Call");
    const form = await findForm(c.var.db, organizationId, body.formId);
    if (!form) throw badBody([{ path: "formId", message: "no evaluation form of this organisation has this id" }]);
    const problems = answerProblems(form.sections, body.answers);
    if (problems.length > 0) throw badBody(problems);
    if (!found.endedAt) throw conflict("The call is not over yet: score it once it has ended");
    if (!found.agentUserId || !found.bridgedAt) throw conflict("No agent spoke on this call: there is nobody to score");
    const refusal = whyFormCannotScore(form);
    if (refusal) throw conflict(refusal);
    const score = scoreEvaluation(form.sections, body.answers);
    const id = await c.var.db
      .transaction(async (tx) => {
        const [created] = await tx
          .insert(qaEvaluations)
          .values({ organizationId, callId, agentUserId: found.agentUserId, formId: form.id, formLineageId: form.lineageId, reviewerUserId: identity.userId, answers: body.answers, comments: body.comments, totalPercent: score.totalPercent })
          .returning({ id: qaEvaluations.id });
        await recordAudit(tx, organizationId, identity, { action: "qa.evaluation_created", resourceType: "call", resourceId: callId, after: { formId: form.id, totalPercent: score.totalPercent } });
        return created!.id;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw conflict(`The form "${form.name}" has scored this call already`);
        throw error;
      });
    const [evaluation] = await loadEvaluations(c.var.db, sql`e.id = ${id}`);
    return c.json({ evaluation: evaluation! }, 201);
  },
});

defineRoute(listCallEvaluations, {
  summary: "A call's evaluations (agents: only of their own calls)",
  access: member("agent"),
  resource: "call",
  handler: async (c) => {
    const identity = c.var.identity;
    const callId = idParam(c, "Call");
    const [found] = await c.var.db.select({ agentUserId: calls.agentUserId }).from(calls).where(and(eq(calls.id, callId), eq(calls.organizationId, identity.organizationId)));
    // Another agent's call is as unknown to an agent as another organisation's.
    if (!found || (!hasRole(identity.role, "supervisor") && found.agentUserId !== identity.userId)) throw notFound("Call");
    return c.json({ evaluations: await loadEvaluations(c.var.db, sql`e.organization_id = ${identity.organizationId} and e.call_id = ${callId}`) });
  },
});

// ---- The QA queue -------------------------------------------------------------------------

defineRoute(getQaQueue, {
  summary: "Calls to score: the period's unevaluated connects sampled at random (seeded), by lowest sentiment, by length, or disputed",
  access: member("supervisor"),
  query: refinePeriod(
    z.strictObject({
      ...periodFields,
      strategy: z.enum(SAMPLING_STRATEGIES, { message: SAMPLING_STRATEGIES.join(", ") }).default("random"),
      size: z.coerce.number().int("a whole number").min(1, "at least 1").max(MAX_SAMPLE_SIZE, `at most ${MAX_SAMPLE_SIZE}`).default(10),
      seed: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1–64 of A-Z, a-z, 0-9, _ and -").optional(),
      agentId: z.uuid("an agent's user id").optional(),
      teamId: z.uuid("a team id").optional(),
    }),
  ),
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const timeZone = await organizationTimeZone(c.var.db, organizationId);
    const { from, to } = periodOf(query, timeZone);
    const candidates = await loadQueueCandidates(c.var.db, { organizationId, timeZone, from, to, agentId: query.agentId ?? null, teamId: query.teamId ?? null });
    const seed = query.seed ?? crypto.randomUUID().slice(0, 8);
    return c.json({ strategy: query.strategy, seed, timeZone, from, to, candidates: candidates.length, calls: sampleCalls(candidates, query.strategy, query.size, seed) });
  },
});

// ---- An agent's scorecard ---------------------------------------------------------------

defineRoute(getAgentScorecard, {
  summary: "An agent's scorecard over a period: each criterion's score, the weighted total, QA evaluations and their weekly trend (agents: their own only)",
  access: member("agent"),
  query: refinePeriod(z.strictObject({ ...periodFields, agentId: z.uuid("an agent's user id").optional() })),
  handler: async (c, { query }) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const agentUserId = query.agentId ?? identity.userId;
    if (!agentUserId) throw badBody([{ path: "agentId", message: "required with an API key (a key has no scorecard of its own)" }]);
    if (agentUserId !== identity.userId && !hasRole(identity.role, "supervisor")) throw forbidden("Agents see only their own scorecard");
    const [person] = await c.var.db
      .select({ name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, agentUserId)));
    if (!person) throw badBody([{ path: "agentId", message: "not a member of this organisation" }]);
    const timeZone = await organizationTimeZone(c.var.db, organizationId);
    const { from, to } = periodOf(query, timeZone);
    const scope: PeriodScope = { organizationId, timeZone, from, to };
    const [{ criteria }, facts, evaluations, trend] = await Promise.all([
      loadCriteria(c.var.db, organizationId),
      loadAgentFacts(c.var.db, scope, agentUserId),
      loadEvaluations(c.var.db, evaluationsOfPeriod(scope, sql`e.agent_user_id = ${agentUserId}`)),
      loadEvaluationTrend(c.var.db, scope, agentUserId),
    ]);
    const evaluationPercents = evaluations.flatMap((e) => (e.totalPercent === null ? [] : [e.totalPercent]));
    const card = scoreAgent(criteria, { ...facts, evaluationPercents });
    return c.json({ agentUserId, agentName: person.name, timeZone, from, to, own: agentUserId === identity.userId, ...card, trend, evaluations });
  },
});
