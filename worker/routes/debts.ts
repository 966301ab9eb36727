// Debts: what an account owes, one row per debt, because Regulation F counts call
// attempts per debt. Everyone may read them; supervisors and up add and change them.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { isUniqueViolation } from "../../db/postgres-errors";
import { accounts, debts } from "../../db/schema";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { addDebt, changeDebt, DEBT_STATUSES, listDebts } from "../http/contracts/accounts";
import { defineRoute, member } from "../http/route-table";


export const debtColumns = {
  id: debts.id,
  accountId: debts.accountId,
  externalRef: debts.externalRef,
  creditor: debts.creditor,
  balanceCents: debts.balanceCents,
  status: debts.status,
  createdAt: debts.createdAt,
  updatedAt: debts.updatedAt,
};

const debtFields = {
  externalRef: z.string().trim().min(1).max(100).nullable(),
  creditor: z.string().trim().max(200),
  balanceCents: z.number().int().min(0).max(1_000_000_000_00),
  status: z.enum(DEBT_STATUSES),
};

/** The debts of one account, oldest first (the order they were placed with us); one import's by reference. */
export function debtsOfAccount(db: Queryable, organizationId: string, accountId: string) {
  return db
    .select(debtColumns)
    .from(debts)
    .where(and(eq(debts.organizationId, organizationId), eq(debts.accountId, accountId)))
    .orderBy(asc(debts.createdAt), asc(debts.externalRef), asc(debts.id));
}

defineRoute(listDebts, {
  summary: "The debts of an account",
  access: member("viewer"),
  resource: "account",
  handler: async (c) => {
    const organizationId = c.var.identity.organizationId;
    const accountId = idParam(c, "Account");
    await assertAccount(c.var.db, organizationId, accountId);
    return c.json({ debts: await debtsOfAccount(c.var.db, organizationId, accountId) });
  },
});

defineRoute(addDebt, {
  summary: "Add a debt to an account",
  access: member("supervisor"),
  resource: "account",
  body: z.strictObject({
    externalRef: debtFields.externalRef.optional(),
    creditor: debtFields.creditor.default(""),
    balanceCents: debtFields.balanceCents,
    status: debtFields.status.default("open"),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const accountId = idParam(c, "Account");
    const debt = await c.var.db.transaction(async (tx) => {
      await assertAccount(tx, identity.organizationId, accountId);
      const [row] = await tx
        .insert(debts)
        .values({ ...body, accountId, organizationId: identity.organizationId })
        .onConflictDoNothing()
        .returning(debtColumns);
      if (!row) throw conflict(`A debt with external reference ${body.externalRef} exists`);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "debt.created",
        resourceType: "debt",
        resourceId: row.id,
        after: { accountId, ...body },
      });
      return row;
    });
    return c.json({ debt }, 201);
  },
});

defineRoute(changeDebt, {
  summary: "Change a debt's balance, status, creditor or reference",
  access: member("supervisor"),
  resource: "debt",
  body: z.strictObject(debtFields).partial(),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Debt");
    const ofThisOrg = and(eq(debts.id, id), eq(debts.organizationId, identity.organizationId));
    const debt = await c.var.db.transaction(async (tx) => {
      const [before] = await tx.select(debtColumns).from(debts).where(ofThisOrg).for("update");
      if (!before) throw notFound("Debt");
      const [after] = await tx
        .update(debts)
        .set({ ...body, updatedAt: new Date() })
        .where(ofThisOrg)
        .returning(debtColumns)
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? conflict(`A debt with external reference ${body.externalRef} exists`) : error;
        });
      const changed = Object.keys(body) as (keyof typeof body)[];
      await recordAudit(tx, identity.organizationId, identity, {
        action: "debt.updated",
        resourceType: "debt",
        resourceId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after![k]])),
      });
      return after!;
    });
    return c.json({ debt });
  },
});

async function assertAccount(db: Queryable, organizationId: string, accountId: string): Promise<void> {
  const [found] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.organizationId, organizationId)));
  if (!found) throw notFound("Account");
}
