// Debts of an account and do-not-call lists through the API: who may read and change
// them, what is audited, and that adding a listed number again is harmless.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { call } from "./support/client";
import { createOrgWithEveryRole, signUp, unique, type TestOrg } from "./support/orgs";
import { randomNumber } from "./support/resources";

let org: TestOrg;
let accountId: string;
beforeAll(async () => {
  org = await createOrgWithEveryRole("DebtsDnc");
  const created = await call(org.owner, "POST", "/api/accounts", { name: "Debtor Person", phones: ["+15550100040"] });
  accountId = created.body.account.id;
});

/** A campaign row straight in Postgres: these tests need one to exist, not the campaigns API. */
async function insertCampaign(organizationId: string): Promise<string> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    const result = await handle.db.execute<{ id: string }>(
      sql`insert into campaigns (organization_id, name, safe_harbor_message) values (${organizationId}, ${`DNC ${unique()}`}, 'This is Demo Collections.') returning id`,
    );
    return result.rows[0]!.id;
  } finally {
    await handle.close();
  }
}

const latestAudit = async () => (await call(org.owner, "GET", "/api/audit?limit=1")).body.entries[0];

describe("debts", () => {
  it("a supervisor adds debts to an account and everyone in the organisation reads them", async () => {
    const ref = `D-${unique()}`;
    const added = await call(org.members.supervisor, "POST", `/api/accounts/${accountId}/debts`, { externalRef: ref, creditor: "First Bank", balanceCents: 25_000 });
    expect(added.status).toBe(201);
    expect(added.body.debt).toMatchObject({ accountId, externalRef: ref, creditor: "First Bank", balanceCents: 25_000, status: "open" });
    expect(await latestAudit()).toMatchObject({ action: "debt.created", resourceType: "debt", resourceId: added.body.debt.id, actorId: org.members.supervisor.userId });

    const asViewer = await call(org.members.viewer, "GET", `/api/accounts/${accountId}/debts`);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.debts.map((d: { id: string }) => d.id)).toContain(added.body.debt.id);
  });

  it("a supervisor marks a debt disputed, with before and after in the audit log", async () => {
    const added = await call(org.owner, "POST", `/api/accounts/${accountId}/debts`, { balanceCents: 900 });
    const changed = await call(org.members.supervisor, "PATCH", `/api/debts/${added.body.debt.id}`, { status: "disputed", balanceCents: 800 });
    expect(changed.status).toBe(200);
    expect(changed.body.debt).toMatchObject({ status: "disputed", balanceCents: 800 });
    expect(await latestAudit()).toMatchObject({
      action: "debt.updated",
      before: { status: "open", balanceCents: 900 },
      after: { status: "disputed", balanceCents: 800 },
    });
  });

  it("refuses a second debt with the same external reference, and an unknown status", async () => {
    const ref = `D-${unique()}`;
    await call(org.owner, "POST", `/api/accounts/${accountId}/debts`, { externalRef: ref, balanceCents: 1 });
    const twice = await call(org.owner, "POST", `/api/accounts/${accountId}/debts`, { externalRef: ref, balanceCents: 2 });
    expect(twice.status).toBe(409);

    const other = await call(org.owner, "POST", `/api/accounts/${accountId}/debts`, { balanceCents: 3 });
    const renamed = await call(org.owner, "PATCH", `/api/debts/${other.body.debt.id}`, { externalRef: ref });
    expect(renamed.status).toBe(409);
    const badStatus = await call(org.owner, "PATCH", `/api/debts/${other.body.debt.id}`, { status: "forgiven" });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["status"]);
  });

  it("an agent reads debts but cannot add or change them", async () => {
    const added = await call(org.owner, "POST", `/api/accounts/${accountId}/debts`, { balanceCents: 100 });
    expect((await call(org.members.agent, "GET", `/api/accounts/${accountId}/debts`)).status).toBe(200);
    expect((await call(org.members.agent, "POST", `/api/accounts/${accountId}/debts`, { balanceCents: 1 })).status).toBe(403);
    expect((await call(org.members.agent, "PATCH", `/api/debts/${added.body.debt.id}`, { status: "paid" })).status).toBe(403);
  });

  it("answers 404 for the debts of an account that does not exist", async () => {
    const response = await call(org.owner, "GET", `/api/accounts/${crypto.randomUUID()}/debts`);
    expect(response.status).toBe(404);
  });
});

describe("do-not-call entries", () => {
  it("a supervisor lists a number org-wide; listing it again answers the same entry with 200 and audits once", async () => {
    const phone = randomNumber();
    const first = await call(org.members.supervisor, "POST", "/api/dnc", { phone, reason: "asked us to stop" });
    expect(first.status).toBe(201);
    expect(first.body.entry).toMatchObject({ phone, campaignId: null, reason: "asked us to stop" });
    const auditAfterFirst = await latestAudit();
    expect(auditAfterFirst).toMatchObject({ action: "dnc.added", resourceId: first.body.entry.id });

    const again = await call(org.members.supervisor, "POST", "/api/dnc", { phone, reason: "second time" });
    expect(again.status).toBe(200);
    expect(again.body.entry).toEqual(first.body.entry);
    expect((await latestAudit()).seq).toBe(auditAfterFirst.seq);
  });

  it("lists entries newest first, paged, and finds one by digits of its number", async () => {
    const owner = await signUp("DncList");
    const phones = [randomNumber(), randomNumber(), randomNumber()];
    for (const phone of phones) await call(owner, "POST", "/api/dnc", { phone });
    const page = await call(owner, "GET", "/api/dnc?limit=2");
    expect(page.body.total).toBe(3);
    expect(page.body.entries.map((e: { phone: string }) => e.phone)).toEqual([phones[2], phones[1]]);
    const next = await call(owner, "GET", "/api/dnc?limit=2&offset=2");
    expect(next.body.entries.map((e: { phone: string }) => e.phone)).toEqual([phones[0]]);
    const found = await call(owner, "GET", `/api/dnc?q=${encodeURIComponent(phones[1]!.slice(-7))}`);
    expect(found.body.entries.map((e: { phone: string }) => e.phone)).toEqual([phones[1]]);
  });

  it("keeps a campaign's list apart from the org-wide one: the same number may be on both", async () => {
    const owner = await signUp("DncScopes");
    const campaignId = await insertCampaign(owner.organizationId);
    const phone = randomNumber();
    const orgWide = await call(owner, "POST", "/api/dnc", { phone });
    const forCampaign = await call(owner, "POST", "/api/dnc", { phone, campaignId, reason: "campaign only" });
    expect(forCampaign.status).toBe(201);
    expect(forCampaign.body.entry.id).not.toBe(orgWide.body.entry.id);
    expect((await call(owner, "POST", "/api/dnc", { phone, campaignId })).status).toBe(200);

    const campaignList = await call(owner, "GET", `/api/dnc?campaignId=${campaignId}`);
    expect(campaignList.body.entries.map((e: { id: string }) => e.id)).toEqual([forCampaign.body.entry.id]);
    const orgList = await call(owner, "GET", "/api/dnc?scope=org");
    expect(orgList.body.entries.map((e: { id: string }) => e.id)).toEqual([orgWide.body.entry.id]);
    expect((await call(owner, "GET", "/api/dnc")).body.total).toBe(2);
  });

  it("refuses a campaign that is not the organisation's, and a number that is not E.164", async () => {
    const unknownCampaign = await call(org.owner, "POST", "/api/dnc", { phone: randomNumber(), campaignId: crypto.randomUUID() });
    expect(unknownCampaign.status).toBe(400);
    expect(unknownCampaign.body.error.fields).toEqual([{ path: "campaignId", message: expect.any(String) }]);
    const badPhone = await call(org.owner, "POST", "/api/dnc", { phone: "555-0100" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["phone"]);
  });

  it("a supervisor removes an entry; it is gone from the list and the removal is audited", async () => {
    const phone = randomNumber();
    const added = await call(org.owner, "POST", "/api/dnc", { phone });
    const removed = await call(org.members.supervisor, "DELETE", `/api/dnc/${added.body.entry.id}`);
    expect(removed.status).toBe(200);
    expect(await latestAudit()).toMatchObject({ action: "dnc.removed", resourceId: added.body.entry.id, before: { phone } });
    const list = await call(org.owner, "GET", `/api/dnc?q=${encodeURIComponent(phone)}`);
    expect(list.body.entries).toEqual([]);
    expect((await call(org.owner, "DELETE", `/api/dnc/${added.body.entry.id}`)).status).toBe(404);
  });

  it("an agent reads the list but cannot add or remove numbers", async () => {
    const added = await call(org.owner, "POST", "/api/dnc", { phone: randomNumber() });
    expect((await call(org.members.agent, "GET", "/api/dnc")).status).toBe(200);
    expect((await call(org.members.agent, "POST", "/api/dnc", { phone: randomNumber() })).status).toBe(403);
    expect((await call(org.members.agent, "DELETE", `/api/dnc/${added.body.entry.id}`)).status).toBe(403);
  });
});
