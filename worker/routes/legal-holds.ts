// Legal holds (domain/retention.ts): supervisors and up place one on an account or a call
// with a reason, and lift it with a reason; each is audited. While a hold stands the
// retention job skips what it covers and the account cannot be erased.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { isUniqueViolation } from "../../db/postgres-errors";
import { accounts, calls, legalHolds } from "../../db/schema";
import { liftLegalHold, placeLegalHold, type LegalHoldSubject } from "../../domain/retention";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { holdAccount, holdCall, listLegalHolds, liftLegalHoldRoute, type LegalHold } from "../http/contracts/retention";
import { defineRoute, member, type RouteHandling } from "../http/route-table";

type PlaceLegalHold = z.infer<typeof placeLegalHold>;

const holdColumns = {
  id: legalHolds.id,
  subjectType: legalHolds.subjectType,
  subjectId: legalHolds.subjectId,
  subjectName: sql<string | null>`CASE ${legalHolds.subjectType}
    WHEN 'account' THEN (SELECT ${accounts.name} FROM ${accounts} WHERE ${accounts.id} = ${legalHolds.subjectId})
    ELSE (SELECT COALESCE(a.name, c.to_number) FROM calls c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.id = ${legalHolds.subjectId}) END`,
  reason: legalHolds.reason,
  placedByUserId: legalHolds.placedByUserId,
  placedAt: legalHolds.placedAt,
  liftedAt: legalHolds.liftedAt,
  liftedByUserId: legalHolds.liftedByUserId,
  liftReason: legalHolds.liftReason,
};

const holdJson = (row: { placedAt: Date; liftedAt: Date | null } & Omit<LegalHold, "placedAt" | "liftedAt">): LegalHold => ({
  ...row,
  placedAt: row.placedAt.toISOString(),
  liftedAt: row.liftedAt?.toISOString() ?? null,
});

async function readHold(db: Queryable, organizationId: string, holdId: string) {
  const [row] = await db.select(holdColumns).from(legalHolds).where(and(eq(legalHolds.organizationId, organizationId), eq(legalHolds.id, holdId)));
  return row;
}

defineRoute(listLegalHolds, {
  summary: "Legal holds on accounts and calls, newest first (standing ones; include=lifted adds the lifted)",
  access: member("supervisor"),
  query: z.strictObject({ include: z.enum(["lifted"]).optional() }),
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const rows = await c.var.db
      .select(holdColumns)
      .from(legalHolds)
      .where(and(eq(legalHolds.organizationId, organizationId), query.include === "lifted" ? undefined : isNull(legalHolds.liftedAt)))
      .orderBy(desc(legalHolds.placedAt))
      .limit(500);
    return c.json({ holds: rows.map(holdJson) });
  },
});

function placeHold(subjectType: LegalHoldSubject): RouteHandling<PlaceLegalHold, undefined>["handler"] {
  const subjectTable = subjectType === "account" ? accounts : calls;
  return async (c, { body }) => {
    const identity = c.var.identity;
    const subjectId = idParam(c, subjectType === "account" ? "Account" : "Call");
    const holdId = await c.var.db
      .transaction(async (tx) => {
        const [subject] = await tx
          .select({ id: subjectTable.id })
          .from(subjectTable)
          .where(and(eq(subjectTable.organizationId, identity.organizationId), eq(subjectTable.id, subjectId)));
        if (!subject) throw notFound(subjectType === "account" ? "Account" : "Call");
        const [standing] = await tx
          .select({ id: legalHolds.id })
          .from(legalHolds)
          .where(and(eq(legalHolds.organizationId, identity.organizationId), eq(legalHolds.subjectType, subjectType), eq(legalHolds.subjectId, subjectId), isNull(legalHolds.liftedAt)));
        if (standing) throw conflict(`This ${subjectType} is already on legal hold (${standing.id})`);
        const [row] = await tx
          .insert(legalHolds)
          .values({ organizationId: identity.organizationId, subjectType, subjectId, reason: body.reason, placedByUserId: identity.userId ?? identity.onBehalfOfUserId })
          .returning({ id: legalHolds.id });
        await recordAudit(tx, identity.organizationId, identity, {
          action: "legal_hold.placed",
          resourceType: subjectType,
          resourceId: subjectId,
          after: { holdId: row!.id, reason: body.reason },
        });
        return row!.id;
      })
      .catch((error: unknown) => {
        // Two placements at once: the partial unique index lets one stand.
        if (isUniqueViolation(error)) throw conflict(`This ${subjectType} is already on legal hold`);
        throw error;
      });
    return c.json({ hold: holdJson((await readHold(c.var.db, identity.organizationId, holdId))!) }, 201);
  };
}

defineRoute(holdAccount, {
  summary: "Place a legal hold on an account, with a reason: retention skips its calls, recordings, transcripts and payments, and it cannot be erased, until the hold is lifted",
  access: member("supervisor"),
  resource: "account",
  body: placeLegalHold,
  handler: placeHold("account"),
});

defineRoute(holdCall, {
  summary: "Place a legal hold on a call, with a reason: retention skips it until the hold is lifted",
  access: member("supervisor"),
  resource: "call",
  body: placeLegalHold,
  handler: placeHold("call"),
});

defineRoute(liftLegalHoldRoute, {
  summary: "Lift a standing legal hold, with a reason; retention applies to what it covered from the next run",
  access: member("supervisor"),
  resource: "legalHold",
  body: liftLegalHold,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const holdId = idParam(c, "Legal hold");
    await c.var.db.transaction(async (tx) => {
      const [hold] = await tx
        .select({ subjectType: legalHolds.subjectType, subjectId: legalHolds.subjectId, liftedAt: legalHolds.liftedAt, reason: legalHolds.reason })
        .from(legalHolds)
        .where(and(eq(legalHolds.organizationId, identity.organizationId), eq(legalHolds.id, holdId)))
        .for("update");
      if (!hold) throw notFound("Legal hold");
      if (hold.liftedAt) throw conflict(`This hold was lifted at ${hold.liftedAt.toISOString()}`);
      await tx
        .update(legalHolds)
        .set({ liftedAt: new Date(), liftedByUserId: identity.userId ?? identity.onBehalfOfUserId, liftReason: body.reason })
        .where(eq(legalHolds.id, holdId));
      await recordAudit(tx, identity.organizationId, identity, {
        action: "legal_hold.lifted",
        resourceType: hold.subjectType,
        resourceId: hold.subjectId,
        before: { holdId, reason: hold.reason },
        after: { holdId, liftReason: body.reason },
      });
    });
    return c.json({ hold: holdJson((await readHold(c.var.db, identity.organizationId, holdId))!) });
  },
});
