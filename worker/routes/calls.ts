// Calls over the API: place one, list and read them, hang up, add notes and a
// disposition, fetch the recording. The call's actor runs the call; Postgres is the
// record these routes read. Agents see and act on their own calls only.
import { and, asc, count, desc, eq, gte, lte, or } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_RING_TIMEOUT_SECONDS, MIN_RING_TIMEOUT_SECONDS, type CallSpec } from "../../objects/call/call-spec";
import { CALL_STATUSES } from "../../objects/call/protocol";
import { recordAudit } from "../audit/record";
import type { Identity } from "../auth/identity";
import { hasRole } from "../auth/roles";
import { agentAddressFor } from "../calls/agent-address";
import { callActor } from "../calls/call-actor";
import type { Queryable } from "../db/client";
import { calls, memberships, phoneNumbers, recordings, transcriptSegments } from "../db/schema";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { e164Field } from "./validation";

export const DISPOSITIONS = ["promise_to_pay", "callback", "paid", "refused", "wrong_number", "dispute", "no_contact", "other"] as const;

defineRoute({
  method: "POST",
  path: "/api/calls",
  summary: "Place a call: direct (platform to customer) or bridge (agent first, then customer)",
  access: member("agent"),
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
    const agentUserId = await resolveAgent(c.var.db, identity, body.kind, body.agentId);
    const from = await outboundNumber(c, identity.organizationId);
    const spec: CallSpec = {
      id: crypto.randomUUID(),
      organizationId: identity.organizationId,
      kind: body.kind,
      direction: "outbound",
      to: body.to,
      from,
      agentUserId,
      agentAddress: body.kind === "bridge" && agentUserId ? agentAddressFor(c.env, agentUserId) : null,
      accountId: body.accountId ?? null,
      createdAtMs: Date.now(),
      ringTimeoutSeconds: body.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS,
      record: body.record,
      transcribe: true,
      inbound: null,
    };
    // The actor first: if writing the row below fails, the actor's outbox still creates it.
    const call = await callActor(c.env, spec.organizationId, spec.id).start(spec);
    await c.var.db.transaction(async (tx) => {
      await tx
        .insert(calls)
        .values({
          id: spec.id,
          organizationId: spec.organizationId,
          direction: "outbound",
          kind: spec.kind,
          toNumber: spec.to,
          fromNumber: spec.from,
          agentUserId: spec.agentUserId,
          accountId: spec.accountId,
          status: "initiating",
          createdAt: new Date(spec.createdAtMs),
          version: 0,
        })
        .onConflictDoNothing();
      await recordAudit(tx, identity.organizationId, identity, {
        action: "call.placed",
        resourceType: "call",
        resourceId: spec.id,
        after: { to: spec.to, from: spec.from, kind: spec.kind, agentUserId: spec.agentUserId },
      });
    });
    return c.json({ id: spec.id, call }, 201);
  },
});

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
};

defineRoute({
  method: "GET",
  path: "/api/calls",
  summary: "Calls, newest first, with filters and paging (agents see their own)",
  access: member("viewer"),
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    status: z.enum(CALL_STATUSES).optional(),
    direction: z.enum(["outbound", "inbound"]).optional(),
    agentId: z.uuid().optional(),
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

defineRoute({
  method: "GET",
  path: "/api/calls/:id",
  summary: "One call: status, outcome, AMD result, times, timeline, transcript, recording link",
  access: member("viewer"),
  resource: "call",
  handler: async (c) => {
    const call = await findCall(c, idParam(c, "Call"));
    const [fullRow] = await c.var.db.select({ timeline: calls.timeline }).from(calls).where(eq(calls.id, call.id));
    const transcript = await c.var.db
      .select({ id: transcriptSegments.id, at: transcriptSegments.occurredAt, track: transcriptSegments.track, text: transcriptSegments.text })
      .from(transcriptSegments)
      .where(and(eq(transcriptSegments.callId, call.id), eq(transcriptSegments.organizationId, c.var.identity.organizationId)))
      .orderBy(asc(transcriptSegments.occurredAt), asc(transcriptSegments.id));
    const saved = await c.var.db
      .select({ id: recordings.id, sizeBytes: recordings.sizeBytes, startedAt: recordings.startedAt, endedAt: recordings.endedAt })
      .from(recordings)
      .where(and(eq(recordings.callId, call.id), eq(recordings.organizationId, c.var.identity.organizationId)));
    return c.json({
      call: {
        ...call,
        timeline: fullRow?.timeline ?? [],
        transcript: transcript.map((s) => ({ ...s, speaker: s.track === "inbound" ? "customer" : "agent" })),
        recordings: saved.map((r) => ({ ...r, url: `/api/calls/${call.id}/recording?id=${encodeURIComponent(r.id)}` })),
      },
    });
  },
});

defineRoute({
  method: "POST",
  path: "/api/calls/:id/hangup",
  summary: "Hang up a call (every live leg)",
  access: member("agent"),
  resource: "call",
  handler: async (c) => {
    const identity = c.var.identity;
    const call = await findCall(c, idParam(c, "Call"));
    const live = await callActor(c.env, identity.organizationId, call.id).requestHangup();
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "call.hangup_requested", resourceType: "call", resourceId: call.id, before: { status: call.status } }),
    );
    return c.json({ call: live }, 202);
  },
});

defineRoute({
  method: "PATCH",
  path: "/api/calls/:id",
  summary: "Set a call's notes and disposition",
  access: member("agent"),
  resource: "call",
  body: z
    .strictObject({ notes: z.string().max(10_000), disposition: z.enum(DISPOSITIONS).nullable() })
    .partial()
    .refine((b) => Object.keys(b).length > 0, "send notes, disposition or both"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Call");
    const updated = await c.var.db.transaction(async (tx) => {
      const before = await findCall(c, id, tx, true);
      const changes = {
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        ...(body.disposition !== undefined ? { disposition: body.disposition, dispositionAt: body.disposition ? new Date() : null } : {}),
      };
      const [after] = await tx.update(calls).set(changes).where(and(eq(calls.id, id), eq(calls.organizationId, identity.organizationId))).returning(callColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "call.annotated",
        resourceType: "call",
        resourceId: id,
        before: { notes: before.notes, disposition: before.disposition },
        after: { notes: after!.notes, disposition: after!.disposition },
      });
      return after!;
    });
    return c.json({ call: updated });
  },
});

defineRoute({
  method: "GET",
  path: "/api/calls/:id/recording",
  summary: "The call's recording audio (the latest, or ?id=)",
  access: member("viewer"),
  resource: "recordedCall",
  query: z.strictObject({ id: z.string().max(200).optional() }),
  handler: async (c, { query }) => {
    const call = await findCall(c, idParam(c, "Call"));
    const [recording] = await c.var.db
      .select()
      .from(recordings)
      .where(and(eq(recordings.callId, call.id), eq(recordings.organizationId, c.var.identity.organizationId), query.id ? eq(recordings.id, query.id) : undefined))
      .orderBy(desc(recordings.endedAt))
      .limit(1);
    if (!recording) throw notFound("Recording");
    const object = await c.env.RECORDINGS.get(recording.storageKey);
    if (!object) throw notFound("Recording file");
    return new Response(object.body, { headers: { "content-type": recording.contentType, "content-length": String(recording.sizeBytes) } });
  },
});

function ownCallsOnly(identity: Identity) {
  return identity.role === "agent" ? eq(calls.agentUserId, identity.userId ?? "00000000-0000-0000-0000-000000000000") : undefined;
}

async function findCall(c: AppContext, id: string, db: Queryable = c.var.db, forUpdate = false) {
  const identity = c.var.identity;
  const query = db.select(callColumns).from(calls).where(and(eq(calls.id, id), eq(calls.organizationId, identity.organizationId), ownCallsOnly(identity)));
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
  const [found] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, chosen), eq(memberships.organizationId, identity.organizationId)));
  if (!found || !hasRole(found.role, "agent")) {
    throw new ApiError(400, "validation_failed", "The agent is not a member who takes calls", [{ path: "agentId", message: "not an agent of this organisation" }]);
  }
  return chosen;
}

async function outboundNumber(c: AppContext, organizationId: string): Promise<string> {
  const [own] = await c.var.db
    .select({ e164: phoneNumbers.e164 })
    .from(phoneNumbers)
    .where(eq(phoneNumbers.organizationId, organizationId))
    .orderBy(asc(phoneNumbers.createdAt))
    .limit(1);
  const from = own?.e164 ?? c.env.TELNYX_FROM_NUMBER;
  if (!from) throw new ApiError(409, "conflict", "No caller id: add a phone number to the organisation (or set TELNYX_FROM_NUMBER)");
  return from;
}

