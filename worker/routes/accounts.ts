// Accounts: the people an organisation calls. Agents read them; supervisors and up
// create and edit them. One account's page (and the dialer's screen pop) also carries
// its debts and its last calls. CSV import lives in account-import.ts, debts in debts.ts.
import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { inconvenientTimesField } from "../accounts/inconvenient-times-field";
import { recordAudit } from "../../db/audit/record";
import { loadLeads } from "../../db/writers/campaign-records";
import { deliverCampaignNotices, queueCampaignNotices } from "../campaigns/campaign-notices";
import { accounts, calls } from "../../db/schema";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { changeAccount, createAccount, getAccount, listAccounts } from "../http/contracts/accounts";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { debtsOfAccount } from "./debts";
import { e164Field, timeZoneField } from "./validation";
import { usStateField } from "../../domain/us-states";
import { phoneLineTypesOf } from "../../domain/phone-number";
import { accountTag, MAX_TAGS_PER_ACCOUNT } from "../../domain/segment-filters";
import { queueWebhookEvent } from "../../db/writers/webhook-records";
import { accountEvent } from "../outbound-webhooks/event-data";
import { wakeWebhookDispatcher } from "../outbound-webhooks/wake";

/** Calls shown with an account: enough for an agent to see the last contacts at a glance. */
export const RECENT_CALLS_PER_ACCOUNT = 10;

const accountColumns = {
  id: accounts.id,
  externalRef: accounts.externalRef,
  name: accounts.name,
  phones: accounts.phones,
  phoneLineTypes: accounts.phoneLineTypes,
  timeZone: accounts.timeZone,
  state: accounts.state,
  balanceDueCents: accounts.balanceDueCents,
  preferredLanguage: accounts.preferredLanguage,
  doNotCall: accounts.doNotCall,
  consent: accounts.consent,
  lastContactedAt: accounts.lastContactedAt,
  inconvenientTimes: accounts.inconvenientTimes,
  tags: accounts.tags,
  importBatchId: accounts.importBatchId,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
};

const accountFields = {
  externalRef: z.string().trim().min(1).max(100).nullable(),
  name: z.string().trim().min(1).max(200),
  phones: z.array(e164Field).min(1).max(10),
  timeZone: timeZoneField.nullable(),
  /** Where the consumer lives (two-letter US code); the recording disclosure decides from it first. */
  state: usStateField.nullable(),
  balanceDueCents: z.number().int().min(0).max(1_000_000_000_00),
  preferredLanguage: z.string().regex(/^[a-z]{2}$/, "a two-letter language code, like en").optional(),
  doNotCall: z.boolean(),
  /** null: unknown (nobody said). */
  consent: z.boolean().nullable(),
  inconvenientTimes: inconvenientTimesField,
  tags: z
    .array(accountTag)
    .max(MAX_TAGS_PER_ACCOUNT, `at most ${MAX_TAGS_PER_ACCOUNT} tags`)
    .transform((tags) => [...new Set(tags)]),
};

defineRoute(listAccounts, {
  summary: "Accounts, highest balance first, with search and paging",
  access: member("viewer"),
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    q: z.string().trim().max(100).optional(),
  }),
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const search = query.q ? `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
    const where = and(
      eq(accounts.organizationId, organizationId),
      search ? or(ilike(accounts.name, search), ilike(accounts.externalRef, search)) : undefined,
    );
    const [rows, [count]] = await Promise.all([
      c.var.db
        .select(accountColumns)
        .from(accounts)
        .where(where)
        .orderBy(desc(accounts.balanceDueCents), asc(accounts.name))
        .limit(query.limit)
        .offset(query.offset),
      c.var.db.select({ total: sql<number>`count(*)::int` }).from(accounts).where(where),
    ]);
    return c.json({ accounts: rows, total: count?.total ?? 0 });
  },
});

defineRoute(getAccount, {
  summary: "One account with its debts and its last calls, newest first",
  access: member("viewer"),
  resource: "account",
  handler: async (c) => {
    const organizationId = c.var.identity.organizationId;
    const account = await findAccount(c, idParam(c, "Account"));
    const [debts, recentCalls] = await Promise.all([
      debtsOfAccount(c.var.db, organizationId, account.id),
      c.var.db
        .select({
          id: calls.id,
          status: calls.status,
          createdAt: calls.createdAt,
          disposition: calls.disposition,
          agentUserId: calls.agentUserId,
          durationSeconds: calls.durationSeconds,
        })
        .from(calls)
        .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, account.id)))
        .orderBy(desc(calls.createdAt), desc(calls.id))
        .limit(RECENT_CALLS_PER_ACCOUNT),
    ]);
    return c.json({ account, debts, recentCalls });
  },
});

defineRoute(createAccount, {
  summary: "Create an account",
  access: member("supervisor"),
  body: z.strictObject({
    ...accountFields,
    externalRef: accountFields.externalRef.optional(),
    timeZone: accountFields.timeZone.optional(),
    state: accountFields.state.optional(),
    balanceDueCents: accountFields.balanceDueCents.default(0),
    doNotCall: accountFields.doNotCall.default(false),
    // Left out is unknown, never granted: autodialled campaigns skip it (domain/consent.ts).
    consent: accountFields.consent.default(null),
    inconvenientTimes: accountFields.inconvenientTimes.default([]),
    tags: accountFields.tags.default([]),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const account = await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({ ...body, phoneLineTypes: phoneLineTypesOf(body.phones), organizationId: identity.organizationId })
        .onConflictDoNothing()
        .returning(accountColumns);
      if (!row) throw conflict(`An account with external reference ${body.externalRef} exists`);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "account.created",
        resourceType: "account",
        resourceId: row.id,
        after: body,
      });
      const queued = await queueWebhookEvent(tx, accountEvent("account.created", { ...row, organizationId: identity.organizationId }, row.createdAt));
      return { ...row, queued };
    });
    if (account.queued) wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    const { queued: _, ...created } = account;
    return c.json({ account: created }, 201);
  },
});

defineRoute(changeAccount, {
  summary: "Change fields of an account",
  access: member("supervisor"),
  resource: "account",
  body: z.strictObject(accountFields).partial(),
  handler: async (c, { body }) => {
    const id = idParam(c, "Account");
    const identity = c.var.identity;
    const { account, notices, webhooksQueued } = await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select(accountColumns)
        .from(accounts)
        .where(and(eq(accounts.id, id), eq(accounts.organizationId, identity.organizationId)))
        .for("update");
      if (!before) throw notFound("Account");
      const [after] = await tx
        .update(accounts)
        .set({ ...body, ...(body.phones ? { phoneLineTypes: phoneLineTypesOf(body.phones) } : {}), updatedAt: new Date() })
        .where(and(eq(accounts.id, id), eq(accounts.organizationId, identity.organizationId)))
        .returning(accountColumns);
      const changed = Object.keys(body) as (keyof typeof body)[];
      await recordAudit(tx, identity.organizationId, identity, {
        action: "account.updated",
        resourceType: "account",
        resourceId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after![k]])),
      });
      // Live campaigns keep a copy of the account in their queue: it follows, durably.
      const [lead] = await loadLeads(tx, identity.organizationId, { accountIds: [id] });
      const webhooksQueued = await queueAccountWebhooks(tx, { ...after!, organizationId: identity.organizationId }, before.doNotCall, changed);
      return {
        account: after!,
        notices: lead ? await queueCampaignNotices(tx, identity.organizationId, [{ kind: "lead", payload: lead }]) : [],
        webhooksQueued,
      };
    });
    if (webhooksQueued) wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    await deliverCampaignNotices(c, notices);
    return c.json({ account });
  },
});

/** account.updated for every change; account.dnc too when the do-not-call flag moved. */
async function queueAccountWebhooks(
  tx: Parameters<Parameters<AppContext["var"]["db"]["transaction"]>[0]>[0],
  account: Parameters<typeof accountEvent>[1] & { updatedAt: Date },
  doNotCallBefore: boolean,
  changed: readonly string[],
): Promise<boolean> {
  const updated = await queueWebhookEvent(tx, accountEvent("account.updated", account, account.updatedAt, { changed }));
  if (account.doNotCall === doNotCallBefore) return updated;
  const dnc = await queueWebhookEvent(tx, accountEvent("account.dnc", account, account.updatedAt, { listed: account.doNotCall }));
  return updated || dnc;
}

async function findAccount(c: AppContext, id: string) {
  const [row] = await c.var.db
    .select(accountColumns)
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.organizationId, c.var.identity.organizationId)));
  if (!row) throw notFound("Account");
  return row;
}
