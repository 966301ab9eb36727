// Calls over the API: place one, list and read them, hang up, add notes and a
// disposition, fetch the recording. The call's actor runs the call; Postgres is the
// record these routes read. Agents see and act on their own calls only.
import { isSpokenTranslationSegment } from "../../objects/call/features/intelligence/voice-lines";
import { QUEUE_EVENT_TYPE, whyCallingFromJoins } from "../../objects/call/features/queue/queue-events";
import { storedSpeaker } from "../../domain/transcript-speaker";
import { and, asc, count, desc, eq, gte, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import { balanceAsSaid, type CallParties, type CallSpec } from "../../objects/call/call-spec";
import { ordinaryCallWrapUp, type WrapUpPolicy } from "../../domain/wrap-up";
import { readPlacementContext, type PlacementContext } from "../calls/placement-context";
import { DEFAULT_RING_TIMEOUT_SECONDS, MIN_RING_TIMEOUT_SECONDS } from "../../domain/legal";
import { type CallView } from "../../objects/call/protocol";
import { CALL_STATUSES, CALL_DIRECTIONS } from "../../domain/call-status";
import { recordAudit } from "../../db/audit/record";
import { queueWebhookEvent } from "../../db/writers/webhook-records";
import { recordCallPlacement } from "../../db/writers/call-placement";
import { dispositionEvent } from "../outbound-webhooks/event-data";
import { wakeWebhookDispatcher } from "../outbound-webhooks/wake";
import type { Identity } from "../auth/identity";
import { hasRole } from "../../domain/roles";
import { agentAddressFor } from "../../domain/agent-address";
import { agentPoolStub, callActorStub } from "../../objects/shared/actor-stubs";
import { deliverCampaignNotices, queueCampaignNotices, type QueuedNotice } from "../campaigns/campaign-notices";
import type { Database, Queryable } from "../../db/client";
import { sqlStateOf } from "../../db/postgres-errors";
import { accounts, auditLog, callEvents, calls, callSentimentSummaries, callSummaries, campaigns, memberships, organizations, phoneNumbers, recordings, segmentTranslations, transcriptSegments, users } from "../../db/schema";
import { disclosureBeforeRecording } from "../../domain/recording-disclosure";
import { CALL_ORIGINS, CALL_OUTCOMES } from "../../domain/call-outcome";
import type { DispositionDetails } from "../../domain/dispositions";
import { ApiError, notFound, type FieldError } from "../http/errors";
import { IDEMPOTENCY_KEY_HEADER, idForIdempotencyKey, readIdempotencyKey } from "../http/idempotency-key";
import { logEvent } from "../../domain/log";
import { refusePlacementWhenBehind } from "../calls/engine-backlog";
import { namedTimeline } from "../calls/record-names";
import { idParam } from "../http/params";
import { ownCallsOnly, visibleCall } from "../calls/visible-calls";
import { mayDownloadRecordings } from "../../domain/recording-access";
import { annotateCall, getCall, getRecording, hangUpCall, listCalls, placeCall } from "../http/contracts/calls";
import { contentRange, parseByteRange } from "../http/byte-range";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { e164Field } from "./validation";
import { DISPOSITIONS, detailsSchemaFor, dispositionDetailsPatch, mergeDisposition, type Disposition, type DispositionSave } from "../../domain/dispositions";

defineRoute(placeCall, {
  summary: "Place a call: direct (platform to customer) or bridge (agent first, then customer); an Idempotency-Key header makes a retry safe",
  access: member("agent"),
  // A new call while the engine is behind would add to the queue the carrier waits in.
  admit: () => refusePlacementWhenBehind(),
  body: z.strictObject({
    to: e164Field,
    kind: z.enum(["direct", "bridge"]),
    agentId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    ringTimeoutSeconds: z.number().int().min(MIN_RING_TIMEOUT_SECONDS).max(120).optional(),
    record: z.boolean().default(true),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    if (!c.env.TELNYX_API_KEY) throw new ApiError(503, "service_unavailable", "The carrier is not configured (TELNYX_API_KEY): calls cannot be placed");
    const idempotencyKey = readIdempotencyKey(c.req.raw);
    const request: Placement = {
      to: body.to,
      kind: body.kind,
      agentUserId: await resolveAgent(c.var.db, identity, body.kind, body.agentId),
      accountId: body.accountId?.toLowerCase() ?? null,
      ringTimeoutSeconds: body.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS,
      record: body.record,
    };
    const context = await readPlacementContext(c.var.db, identity.organizationId, request.accountId);
    const spec = callSpecFor(c, request, {
      // With a key the id follows from it: every attempt with the key names the same call.
      id: idempotencyKey ? await idForIdempotencyKey(identity.organizationId, idempotencyKey) : crypto.randomUUID(),
      from: callerIdOf(c, context),
      createdAtMs: Date.now(),
      ...(await placementFacts(c, request, context)),
    });
    // The record first, then the actor (which dials): a placement that fails before the
    // actor starts has called nobody, so a client may retry it. The actor's outbox never
    // waits for this transaction either: the row is committed before the actor exists.
    // A repeated key is found by the row's unique key, before any audit lock is taken.
    if ((await recordPlacement(c.var.db, identity, spec, request, idempotencyKey)) === "already_recorded") {
      const earlier = idempotencyKey ? await earlierPlacement(c, idempotencyKey) : null;
      if (!earlier) throw keyReused();
      return answerRepeat(c, earlier, request);
    }
    return c.json({ id: spec.id, call: await startCall(c, spec) }, 201);
  },
});

/** What placing a call asks for, as a repeated Idempotency-Key is compared. */
const placement = z.object({
  to: z.string(),
  kind: z.enum(["direct", "bridge"]),
  agentUserId: z.string().nullable(),
  accountId: z.string().nullable(),
  ringTimeoutSeconds: z.number(),
  record: z.boolean(),
});
type Placement = z.infer<typeof placement>;

/** A call an earlier request placed, and what it asked for as far as the record tells. */
interface EarlierPlacement {
  id: string;
  from: string;
  createdAtMs: number;
  request: { [Field in keyof Placement]?: unknown };
}

/**
 * How long placing a call may wait for the organisation's audit lock. Each waiting
 * request holds a Postgres connection: past this it answers 503 (nothing was placed)
 * instead of queueing until the server runs out of connections.
 */
const AUDIT_LOCK_TIMEOUT = "5s";

/** The organisation's disclosure, when the callee is in an all-party-consent state (the account's state first) and the call is recorded. */
function recordingDisclosureFor(request: Placement, context: PlacementContext): string | null {
  return disclosureBeforeRecording({ record: request.record, customerNumber: request.to, accountState: context.account?.state ?? null }, context.recordingDisclosure);
}

/** What the spec takes from the organisation and the account (one read: placement-context.ts) and the agent. */
async function placementFacts(c: AppContext, request: Placement, context: PlacementContext): Promise<{ parties: CallParties; wrapUp: WrapUpPolicy; recordingDisclosure: string | null }> {
  return { parties: await partiesOf(c, request, context), wrapUp: ordinaryCallWrapUp(context.wrapUpSeconds), recordingDisclosure: recordingDisclosureFor(request, context) };
}

function callSpecFor(
  c: AppContext,
  request: Placement,
  call: { id: string; from: string; createdAtMs: number; parties?: CallParties | null; wrapUp: WrapUpPolicy; recordingDisclosure?: string | null },
): CallSpec {
  return {
    ...call,
    organizationId: c.var.identity.organizationId,
    kind: request.kind,
    direction: "outbound",
    to: request.to,
    agentUserId: request.agentUserId,
    agentAddress: request.kind === "bridge" && request.agentUserId ? agentAddressFor(c.env, request.agentUserId) : null,
    accountId: request.accountId,
    ringTimeoutSeconds: request.ringTimeoutSeconds,
    record: request.record,
    transcribe: true,
    inbound: null,
  };
}

/** The account's name and balance and the agent's name, as far as the placement names them. */
async function partiesOf(c: AppContext, request: Placement, context: PlacementContext): Promise<CallParties> {
  const identity = c.var.identity;
  const account = context.account;
  let agentName: string | null = null;
  if (request.agentUserId && request.agentUserId === identity.userId?.toLowerCase()) agentName = identity.displayName;
  else if (request.agentUserId) {
    const [agent] = await c.var.db.select({ name: users.name }).from(users).where(eq(users.id, request.agentUserId));
    agentName = agent?.name ?? null;
  }
  return { customerName: account?.name ?? null, balance: account ? balanceAsSaid(account.balanceDueCents) : null, agentName };
}

/**
 * The calls row and its audit row, as one statement (db/writers/call-placement.ts): no
 * transaction is held open across round trips. The audit row is chained at commit,
 * where the organisation's lock is taken (db/audit/record.ts); lock_timeout bounds the
 * wait for it there.
 */
async function recordPlacement(
  db: Database,
  identity: Identity,
  spec: CallSpec,
  request: Placement,
  idempotencyKey: string | null,
): Promise<"recorded" | "already_recorded"> {
  const row = {
    id: spec.id,
    organizationId: spec.organizationId,
    direction: "outbound" as const,
    kind: request.kind,
    origin: "manual" as const,
    toNumber: spec.to,
    fromNumber: spec.from,
    agentUserId: spec.agentUserId,
    accountId: spec.accountId,
    status: "initiating" as const,
    createdAt: new Date(spec.createdAtMs),
    idempotencyKey,
    version: 0,
  };
  const change = { action: "call.placed", resourceType: "call", resourceId: spec.id, after: { ...request, from: spec.from, idempotencyKey } };
  try {
    return await recordCallPlacement(db, row, identity, change, { lockTimeout: AUDIT_LOCK_TIMEOUT });
  } catch (error) {
    if (sqlStateOf(error) === "55P03") {
      throw new ApiError(503, "service_unavailable", "Calls are being placed faster than they can be recorded: nothing was placed; retry shortly", undefined, {
        "retry-after": "1",
      });
    }
    throw error;
  }
}

/**
 * Starts the call's actor, which dials; start is idempotent. If the actor cannot be
 * reached, the row says the call failed, so it is not left "initiating" for ever: if
 * the actor did start after all (or a retry with the key starts it), its record is
 * newer (version above 0) and replaces this.
 */
async function startCall(c: AppContext, spec: CallSpec): Promise<CallView> {
  try {
    return await callActorStub(c.env, spec.organizationId, spec.id).start(spec);
  } catch (error) {
    const identity = c.var.identity;
    await c.var.db
      .transaction(async (tx) => {
        const [failed] = await tx
          .update(calls)
          .set({ status: "failed", hangupCause: "not_started", endedAt: new Date() })
          .where(and(eq(calls.id, spec.id), eq(calls.organizationId, spec.organizationId), eq(calls.version, 0)))
          .returning({ id: calls.id });
        if (failed) {
          await recordAudit(tx, identity.organizationId, identity, { action: "call.not_started", resourceType: "call", resourceId: spec.id, after: { error: String(error) } });
        }
      })
      .catch((markError: unknown) => logEvent({ event: "call_not_started_unmarked", callId: spec.id, error: String(markError) }));
    throw error;
  }
}

/** The call an earlier request with this key placed, and what it asked for. */
async function earlierPlacement(c: AppContext, idempotencyKey: string): Promise<EarlierPlacement | null> {
  const organizationId = c.var.identity.organizationId;
  const [row] = await c.var.db
    .select({
      id: calls.id,
      from: calls.fromNumber,
      createdAt: calls.createdAt,
      to: calls.toNumber,
      kind: calls.kind,
      agentUserId: calls.agentUserId,
      accountId: calls.accountId,
    })
    .from(calls)
    .where(and(eq(calls.organizationId, organizationId), eq(calls.idempotencyKey, idempotencyKey)));
  if (!row) return null;
  // The options are not columns; the audit row of the placing has the whole request. A
  // retry comes soon after, so walking the chain back from its end finds it quickly.
  const [audited] = await c.var.db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "call.placed"), eq(auditLog.resourceId, row.id)))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const asked = placement.partial().safeParse(audited?.after);
  const { id, from, createdAt, ...columns } = row;
  return { id, from, createdAtMs: createdAt.getTime(), request: { ...(asked.success ? asked.data : {}), ...columns } };
}

/** The same request again: the same call (started now if the first attempt stopped short of it); another request: 409. */
async function answerRepeat(c: AppContext, earlier: EarlierPlacement, request: Placement): Promise<Response> {
  const differs = (Object.keys(earlier.request) as (keyof Placement)[]).some((field) => earlier.request[field] !== request[field]);
  if (differs) throw keyReused();
  const call = await startCall(
    c,
    callSpecFor(c, request, {
      ...earlier,
      ...(await placementFacts(c, request, await readPlacementContext(c.var.db, c.var.identity.organizationId, request.accountId))),
    }),
  );
  return c.json({ id: earlier.id, call }, 200, { "idempotent-replayed": "true" });
}

const keyReused = () =>
  new ApiError(409, "conflict", `This ${IDEMPOTENCY_KEY_HEADER} was already used to place a different call: send a new key for a new call`, [
    { path: IDEMPOTENCY_KEY_HEADER, message: "already used with a different request" },
  ]);

const callColumns = {
  id: calls.id,
  direction: calls.direction,
  kind: calls.kind,
  to: calls.toNumber,
  from: calls.fromNumber,
  agentUserId: calls.agentUserId,
  accountId: calls.accountId,
  status: calls.status,
  amdResult: calls.amdResult,
  hangupCause: calls.hangupCause,
  createdAt: calls.createdAt,
  answeredAt: calls.answeredAt,
  bridgedAt: calls.bridgedAt,
  endedAt: calls.endedAt,
  durationSeconds: calls.durationSeconds,
  notes: calls.notes,
  disposition: calls.disposition,
  dispositionDetails: calls.dispositionDetails,
  annotationVersion: calls.annotationVersion,
  annotatedAt: calls.annotatedAt,
  annotatedBy: calls.annotatedByName,
  campaignId: calls.campaignId,
  /** A subquery, not a join: the row is also read FOR UPDATE and returned by an UPDATE. */
  campaignName: sql<string | null>`(select ${campaigns.name} from ${campaigns} where ${campaigns.id} = ${calls.campaignId})`,
  liveAnswered: calls.liveAnswered,
  abandoned: calls.abandoned,
  origin: calls.origin,
  outcome: calls.outcome,
};

defineRoute(listCalls, {
  summary: "Calls, newest first, with filters and paging (agents see their own)",
  access: member("viewer"),
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    status: z.enum(CALL_STATUSES).optional(),
    direction: z.enum(CALL_DIRECTIONS).optional(),
    agentId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    /** What the call was (the row's `origin`): dialer, preview, manual or inbound. */
    kind: z.enum(CALL_ORIGINS).optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    number: z.string().trim().max(20).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  }),
  handler: async (c, { query }) => {
    const identity = c.var.identity;
    const where = and(
      eq(calls.organizationId, identity.organizationId),
      ownCallsOnly(identity),
      query.status ? eq(calls.status, query.status) : undefined,
      query.direction ? eq(calls.direction, query.direction) : undefined,
      query.agentId ? eq(calls.agentUserId, query.agentId) : undefined,
      query.campaignId ? eq(calls.campaignId, query.campaignId) : undefined,
      query.kind ? eq(calls.origin, query.kind) : undefined,
      query.outcome ? eq(calls.outcome, query.outcome) : undefined,
      query.number ? or(eq(calls.toNumber, query.number), eq(calls.fromNumber, query.number)) : undefined,
      query.since ? gte(calls.createdAt, new Date(query.since)) : undefined,
      query.until ? lte(calls.createdAt, new Date(query.until)) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      c.var.db.select(callColumns).from(calls).where(where).orderBy(desc(calls.createdAt)).limit(query.limit).offset(query.offset),
      c.var.db.select({ n: count() }).from(calls).where(where),
    ]);
    return c.json({ calls: rows, total: total?.n ?? 0 });
  },
});

defineRoute(getCall, {
  summary: "One call: status, outcome, AMD result, times, timeline, transcript, recording link",
  access: member("viewer"),
  resource: "call",
  handler: async (c) => {
    const call = await findCall(c, idParam(c, "Call"));
    const [fullRow] = await c.var.db.select({ timeline: calls.timeline }).from(calls).where(eq(calls.id, call.id));
    const transcript = await c.var.db
      .select({ id: transcriptSegments.id, at: transcriptSegments.occurredAt, track: transcriptSegments.track, text: transcriptSegments.text, language: transcriptSegments.language, speaker: transcriptSegments.speaker })
      .from(transcriptSegments)
      .where(and(eq(transcriptSegments.callId, call.id), eq(transcriptSegments.organizationId, c.var.identity.organizationId)))
      .orderBy(asc(transcriptSegments.occurredAt), asc(transcriptSegments.id));
    const translations = await c.var.db
      .select({ segmentId: segmentTranslations.segmentId, from: segmentTranslations.sourceLanguage, to: segmentTranslations.targetLanguage, text: segmentTranslations.text, model: segmentTranslations.model })
      .from(segmentTranslations)
      .where(and(eq(segmentTranslations.callId, call.id), eq(segmentTranslations.organizationId, c.var.identity.organizationId)));
    const translationOf = new Map(translations.map(({ segmentId, ...translation }) => [segmentId, translation]));
    const [summary] = await c.var.db
      .select({ text: callSummaries.text, model: callSummaries.model, createdAt: callSummaries.createdAt })
      .from(callSummaries)
      .where(and(eq(callSummaries.callId, call.id), eq(callSummaries.organizationId, c.var.identity.organizationId)));
    const [sentiment] = await c.var.db
      .select({
        averageScore: callSentimentSummaries.averageScore,
        minScore: callSentimentSummaries.minScore,
        maxScore: callSentimentSummaries.maxScore,
        scoredSegments: callSentimentSummaries.scoredSegments,
        objections: callSentimentSummaries.objections,
        alerts: callSentimentSummaries.alerts,
        createdAt: callSentimentSummaries.createdAt,
      })
      .from(callSentimentSummaries)
      .where(and(eq(callSentimentSummaries.callId, call.id), eq(callSentimentSummaries.organizationId, c.var.identity.organizationId)));
    const saved = await c.var.db
      .select({ id: recordings.id, sizeBytes: recordings.sizeBytes, startedAt: recordings.startedAt, endedAt: recordings.endedAt })
      .from(recordings)
      .where(and(eq(recordings.callId, call.id), eq(recordings.organizationId, c.var.identity.organizationId)));
    // Why an inbound caller called, as the ring and the call card said it: the queue join events the call stored.
    const joins =
      call.direction === "inbound"
        ? await c.var.db
            .select({ payload: callEvents.payload })
            .from(callEvents)
            .where(and(eq(callEvents.callId, call.id), eq(callEvents.organizationId, c.var.identity.organizationId), eq(callEvents.eventType, QUEUE_EVENT_TYPE), sql`${callEvents.payload}->>'kind' = 'joined'`))
            .orderBy(asc(callEvents.occurredAt), asc(callEvents.id))
        : [];
    const whyCalling = whyCallingFromJoins(joins.map((row) => row.payload));
    return c.json({
      call: {
        ...call,
        whyCalling,
        // Supervisors the organisation keeps from agents stay off an agent's timeline.
        timeline: (await namedTimeline(c.var.db, fullRow?.timeline)).filter((entry) => hasRole(c.var.identity.role, "supervisor") || entry.audience !== "supervisors"),
        transcript: transcript.map((s) => ({
          ...s,
          speaker: storedSpeaker(s.track, s.speaker),
          translation: translationOf.get(s.id) ?? null,
          ...(isSpokenTranslationSegment(s.id) ? { spokenTranslation: true } : {}),
        })),
        summary: summary ?? null,
        sentiment: sentiment ?? null,
        recordings: saved.map((r) => ({ ...r, url: `/api/calls/${call.id}/recording?id=${encodeURIComponent(r.id)}` })),
      },
    });
  },
});

defineRoute(hangUpCall, {
  summary: "Hang up a call (every live leg)",
  access: member("agent"),
  resource: "call",
  handler: async (c) => {
    const identity = c.var.identity;
    const call = await findCall(c, idParam(c, "Call"));
    const live = await callActorStub(c.env, identity.organizationId, call.id).requestHangup();
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "call.hangup_requested", resourceType: "call", resourceId: call.id, before: { status: call.status } }),
    );
    return c.json({ call: live }, 202);
  },
});

defineRoute(annotateCall, {
  summary:
    "Set a call's notes and disposition. Details left out are kept (merged while the disposition keeps its kind); annotationVersion, as read, refuses a save made over someone else's",
  access: member("agent"),
  resource: "call",
  body: z
    .strictObject({
      notes: z.string().max(10_000),
      disposition: z.enum(DISPOSITIONS).nullable(),
      dispositionDetails: dispositionDetailsPatch.nullable(),
      /** The call's annotationVersion when the client read it. Optional, so scripts that only set a disposition keep working. */
      annotationVersion: z.number().int().min(0),
    })
    .partial()
    .refine((b) => b.notes !== undefined || b.disposition !== undefined || b.dispositionDetails !== undefined, "send notes, disposition or both"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Call");
    const { updated, notices, webhookQueued } = await c.var.db.transaction(async (tx) => {
      const before = await findCall(c, id, tx, true);
      if (body.annotationVersion !== undefined && body.annotationVersion !== before.annotationVersion) throw editedElsewhere(before);
      const dispositionChanges =
        body.disposition !== undefined || body.dispositionDetails !== undefined ? checkedDisposition(before, body) : null;
      const changes = {
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        ...(dispositionChanges
          ? {
              ...dispositionChanges,
              ...(body.disposition !== undefined ? { dispositionAt: body.disposition ? new Date() : null } : {}),
            }
          : {}),
        annotationVersion: sql`${calls.annotationVersion} + 1`,
        annotatedAt: new Date(),
        annotatedByName: identity.displayName,
      };
      const [after] = await tx.update(calls).set(changes).where(and(eq(calls.id, id), eq(calls.organizationId, identity.organizationId))).returning(callColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "call.annotated",
        resourceType: "call",
        resourceId: id,
        before: { notes: before.notes, disposition: before.disposition, dispositionDetails: before.dispositionDetails },
        after: { notes: after!.notes, disposition: after!.disposition, dispositionDetails: after!.dispositionDetails },
      });
      // A disposition saved (set or changed) is news to integrators; a notes-only save is not.
      const webhookQueued =
        dispositionChanges && after!.disposition !== null
          ? await queueWebhookEvent(tx, dispositionEvent({ ...after!, organizationId: identity.organizationId }, after!.annotatedAt ?? new Date()))
          : false;
      return { updated: after!, notices: await dispositionNotices(tx, identity.organizationId, after!, body.disposition ?? null), webhookQueued };
    });
    if (webhookQueued) wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    // Side by side: the campaign applies its notice after its tick (which may wait on
    // Postgres), and the agent's wrap-up must not end that much later (rehearsal: a save's
    // p50 was 1.6 s with the pool told only after the campaign).
    await Promise.all([deliverCampaignNotices(c, notices), tellPoolDispositioned(c, updated)]);
    return c.json({ call: updated });
  },
});

/**
 * A dispositioned call may end its agent's wrap-up (at once, or the one waiting for it).
 * Every save of a dispositioned call says so again (the pool ignores repeats), so an
 * agent the pool did not hear about is freed by saving again; the save itself stands.
 */
async function tellPoolDispositioned(c: AppContext, call: { id: string; agentUserId: string | null; disposition: string | null }): Promise<void> {
  if (!call.agentUserId || call.disposition === null) return;
  try {
    await agentPoolStub(c.env, c.var.identity.organizationId).dispositionSaved(call.agentUserId, call.id);
  } catch (error) {
    logEvent({ event: "pool_disposition_unheard", callId: call.id, error: String(error) });
  }
}

/** 409 for a save made against a version someone else has since replaced: who, and when. */
function editedElsewhere(current: { annotatedBy: string | null; annotatedAt: Date | null }): ApiError {
  const who = current.annotatedBy ?? "someone else";
  const when = current.annotatedAt ? ` at ${current.annotatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  return new ApiError(409, "edited_elsewhere", `Saved by ${who}${when} while you were editing: your changes were not saved; reload to see theirs`);
}

/**
 * The disposition and details a save leaves on the call (details merged over the stored
 * ones), checked whole: 400 naming each missing or wrong detail.
 */
function checkedDisposition(
  stored: { disposition: string | null; dispositionDetails: DispositionDetails | null },
  save: DispositionSave,
): { disposition: Disposition | null; dispositionDetails: DispositionDetails | null } {
  const merged = mergeDisposition({ disposition: stored.disposition as Disposition | null, dispositionDetails: stored.dispositionDetails }, save);
  const schema = detailsSchemaFor(merged.disposition);
  if (!schema) {
    if (merged.dispositionDetails) throw invalidDetails([{ path: "dispositionDetails", message: "only a promise to pay or a callback has details" }]);
    return { disposition: merged.disposition, dispositionDetails: null };
  }
  const what = merged.disposition === "promise_to_pay" ? "a promise to pay needs promiseDate and promiseAmountCents" : "a callback needs callbackAt";
  if (!merged.dispositionDetails) throw invalidDetails([{ path: "dispositionDetails", message: what }]);
  const parsed = schema.safeParse(merged.dispositionDetails);
  if (!parsed.success) {
    throw invalidDetails(
      parsed.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({ path: `dispositionDetails.${key}`, message: `not a detail of ${merged.disposition}` }))
          : [{ path: ["dispositionDetails", ...issue.path].join("."), message: issue.input === undefined ? "required" : issue.message }],
      ),
    );
  }
  const details = parsed.data;
  // Only a time this save sends must be in the future: a kept one may have passed.
  if ("callbackAt" in details && save.dispositionDetails && "callbackAt" in save.dispositionDetails && Date.parse(details.callbackAt) <= Date.now()) {
    throw invalidDetails([{ path: "dispositionDetails.callbackAt", message: "must be in the future" }]);
  }
  return { disposition: merged.disposition, dispositionDetails: details };
}

const invalidDetails = (fields: FieldError[]) => new ApiError(400, "validation_failed", `Invalid disposition details: ${fields.map((f) => `${f.path} ${f.message}`).join("; ")}`, fields);

defineRoute(getRecording, {
  summary: "The call's recording audio (the latest, or ?id=); ?download=1 as a file to save, for supervisors and up",
  access: member("viewer"),
  resource: "recordedCall",
  query: z.strictObject({ id: z.string().max(200).optional(), download: z.literal("1").optional() }),
  handler: async (c, { query }) => {
    const call = await findCall(c, idParam(c, "Call"));
    if (query.download && !mayDownloadRecordings(c.var.identity.role)) {
      throw new ApiError(403, "forbidden", "Only supervisors, admins and owners download recordings; play it on the call's page");
    }
    const [recording] = await c.var.db
      .select()
      .from(recordings)
      .where(and(eq(recordings.callId, call.id), eq(recordings.organizationId, c.var.identity.organizationId), query.id ? eq(recordings.id, query.id) : undefined))
      .orderBy(desc(recordings.endedAt))
      .limit(1);
    if (!recording) throw notFound("Recording");
    // A player seeking asks for a range: only those bytes leave the store.
    const range = parseByteRange(c.req.header("range"), recording.sizeBytes);
    const object = await c.env.RECORDINGS.get(recording.storageKey, range ? { range } : undefined);
    if (!object) throw notFound("Recording file");
    const headers = {
      "content-type": recording.contentType,
      "accept-ranges": "bytes",
      "cache-control": "private, no-store",
      // Played in the page unless asked for as a file (which only supervisors and up may).
      "content-disposition": query.download ? `attachment; filename="call-${call.id}-recording.wav"` : "inline",
    };
    if (range) return new Response(object.body, { status: 206, headers: { ...headers, "content-length": String(range.length), "content-range": contentRange(range, recording.sizeBytes) } });
    return new Response(object.body, { headers: { ...headers, "content-length": String(recording.sizeBytes) } });
  },
});

async function findCall(c: AppContext, id: string, db: Queryable = c.var.db, forUpdate = false) {
  const identity = c.var.identity;
  const query = db.select(callColumns).from(calls).where(visibleCall(identity, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Call");
  return row;
}

/** Who the agent of a call is: the caller themself, unless a supervisor names someone. */
async function resolveAgent(db: Queryable, identity: Identity, kind: "direct" | "bridge", agentId: string | undefined): Promise<string | null> {
  const chosen = agentId ?? identity.userId;
  if (agentId && agentId !== identity.userId && !hasRole(identity.role, "supervisor")) {
    throw new ApiError(403, "forbidden", "Only supervisors place calls for other agents");
  }
  if (!chosen) {
    if (kind === "bridge") throw new ApiError(400, "validation_failed", "A bridge call needs an agent", [{ path: "agentId", message: "required for API keys" }]);
    return null;
  }
  // The caller themself: this request read their membership, and the route wants an agent.
  if (chosen === identity.userId) return chosen.toLowerCase();
  const [found] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, chosen), eq(memberships.organizationId, identity.organizationId)));
  if (!found || !hasRole(found.role, "agent")) {
    throw new ApiError(400, "validation_failed", "The agent is not a member who takes calls", [{ path: "agentId", message: "not an agent of this organisation" }]);
  }
  // Lower case, as Postgres gives uuids back: a repeated Idempotency-Key compares them.
  return chosen.toLowerCase();
}

/** The organisation's own number, else the deployment's; a 409 when there is neither. */
function callerIdOf(c: AppContext, context: PlacementContext): string {
  const from = context.ownNumber ?? c.env.TELNYX_FROM_NUMBER;
  if (!from) throw new ApiError(409, "conflict", "No caller id: add a phone number to the organisation (or set TELNYX_FROM_NUMBER)");
  return from;
}


/**
 * A dialer call's disposition feeds its campaign's queue (a callback time, a wrong
 * number, …): a notice to the campaign, written with the disposition.
 */
async function dispositionNotices(tx: Queryable, organizationId: string, call: { id: string; to: string; campaignId: string | null; accountId: string | null; dispositionDetails: DispositionDetails | null }, disposition: Disposition | null): Promise<QueuedNotice[]> {
  if (!disposition || !call.campaignId || !call.accountId) return [];
  const payload = { callId: call.id, accountId: call.accountId, phone: call.to, disposition, details: call.dispositionDetails };
  return queueCampaignNotices(tx, organizationId, [{ kind: "disposition", payload }], call.campaignId);
}
