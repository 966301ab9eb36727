// A person's data on request (admins): the export of everything about their account, and
// its erasure. An export is audited before it streams; an erasure removes the recording
// objects first, then the personal rows with its audit row (db/writers/account-erasure.ts),
// and is refused with a 409 naming the legal hold while one stands on the account or a call.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { eraseAccount, holdOnAccount, recordingKeysOfAccount, type StandingHold } from "../../db/writers/account-erasure";
import { accounts } from "../../db/schema";
import { eraseAccountRequest } from "../../domain/retention";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { eraseAccountRoute, exportAccountCsv, exportAccountJson } from "../http/contracts/privacy";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { ACCOUNT_DATA_TABLES } from "../privacy/account-data";
import { streamAccountCsv, streamAccountJson } from "../privacy/account-export";

async function exportedAccount(c: AppContext, format: string): Promise<string> {
  const identity = c.var.identity;
  const accountId = idParam(c, "Account");
  await c.var.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.organizationId, identity.organizationId), eq(accounts.id, accountId)));
    if (!account) throw notFound("Account");
    await recordAudit(tx, identity.organizationId, identity, { action: "account.exported", resourceType: "account", resourceId: accountId, after: { format } });
  });
  return accountId;
}

const download = (body: ReadableStream<Uint8Array>, contentType: string, filename: string) =>
  new Response(body, { headers: { "content-type": contentType, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });

defineRoute(exportAccountJson, {
  summary: "Everything about one person (account, consents, debts, calls with dispositions, transcripts, recordings listed, payments, callbacks, holds, audit entries) as one JSON document, streamed; audited",
  access: member("admin"),
  resource: "account",
  handler: async (c) => {
    const accountId = await exportedAccount(c, "json");
    const stream = streamAccountJson(c.env, { organizationId: c.var.identity.organizationId, accountId }, new Date());
    c.executionCtx.waitUntil(stream.done);
    return download(stream.body, "application/json; charset=utf-8", `account-${accountId}.json`);
  },
});

defineRoute(exportAccountCsv, {
  summary: "One table about one person as CSV (table: account, consents, debts, calls, transcripts, recordings, payments, callbacks, legalHolds, audit), streamed; audited",
  access: member("admin"),
  resource: "account",
  query: z.strictObject({ table: z.enum(ACCOUNT_DATA_TABLES).default("account") }),
  handler: async (c, { query }) => {
    const accountId = await exportedAccount(c, `csv:${query.table}`);
    const stream = streamAccountCsv(c.env, { organizationId: c.var.identity.organizationId, accountId }, query.table);
    c.executionCtx.waitUntil(stream.done);
    return download(stream.body, "text/csv; charset=utf-8", `account-${accountId}-${query.table}.csv`);
  },
});

const heldMessage = (hold: StandingHold) => `This ${hold.subjectType === "account" ? "account" : "account's call " + hold.subjectId} is on legal hold (${hold.id}: ${hold.reason}); lift the hold before erasing`;

defineRoute(eraseAccountRoute, {
  summary: "Erase a person's personal data on request (name, numbers, notes, transcripts, recordings, receipt texts); balances, the ledger and the audit chain stay; 409 naming the legal hold while one stands",
  access: member("admin"),
  resource: "account",
  body: eraseAccountRequest,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const accountId = idParam(c, "Account");
    // Refuse before anything is removed, then take the objects out of storage before their rows.
    const hold = await holdOnAccount(c.var.db, identity.organizationId, accountId);
    if (hold) throw conflict(heldMessage(hold));
    const keys = await recordingKeysOfAccount(c.var.db, identity.organizationId, accountId);
    if (keys.length > 0) await c.env.RECORDINGS.delete(keys);
    const outcome = await eraseAccount(c.var.db, identity.organizationId, accountId, identity, body.reason);
    switch (outcome.kind) {
      case "not_found":
        throw notFound("Account");
      case "already_erased":
        throw conflict(`This account was erased at ${outcome.erasedAt.toISOString()}`);
      case "held":
        throw conflict(heldMessage(outcome.hold));
      case "erased":
        return c.json({ erased: { accountId, erasedAt: outcome.erasedAt.toISOString(), ...outcome.counts } });
    }
  },
});
