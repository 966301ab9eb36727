// Saved segments over the API against real Postgres: each filter counts exactly the accounts
// it should (the editor's live count, POST /api/segments/count), a saved segment reports
// its members now, bad filters are a 400 naming the filter, and a segment a live campaign
// targets cannot be deleted. Roles, tenants and malformed bodies: the generated tests.
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { accounts, calls } from "../../db/schema";
import { call } from "./support/client";
import { signUp, unique, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const DAY_MS = 86_400_000;
let importBatchId: string;

async function account(key: string, fields: Record<string, unknown>): Promise<void> {
  const created = await call(owner, "POST", "/api/accounts", { name: key, phones: ["+15550100001"], ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ids[key] = created.body.account.id;
}

/** A finished outbound call to the account, with a disposition when given (attempts and last disposition read calls). */
async function pastCall(key: string, atMs: number, disposition: string | null = null): Promise<void> {
  await handle.db.insert(calls).values({
    id: crypto.randomUUID(),
    organizationId: owner.organizationId,
    direction: "outbound",
    kind: "dialer",
    toNumber: "+15550100001",
    fromNumber: "+15550001000",
    accountId: ids[key]!,
    status: "completed",
    createdAt: new Date(atMs),
    disposition,
    dispositionAt: disposition ? new Date(atMs + 60_000) : null,
    version: 1,
  });
}

beforeAll(async () => {
  handle = openDatabase(env, TEST_ACCESS);
  owner = await signUp("Segments");
  const now = Date.now();
  await account("small-ny", { balanceDueCents: 5_000, timeZone: "America/New_York", tags: ["hardship"] });
  await account("big-chicago", { balanceDueCents: 90_000, timeZone: "America/Chicago", tags: ["VIP", "q3-batch"] });
  await account("mid-la", { balanceDueCents: 40_000, timeZone: "America/Los_Angeles" });
  // Contacted yesterday, twice; the last call said "callback".
  await handle.db.update(accounts).set({ lastContactedAt: new Date(now - DAY_MS) }).where(eq(accounts.id, ids["big-chicago"]!));
  await pastCall("big-chicago", now - 3 * DAY_MS, "refused");
  await pastCall("big-chicago", now - DAY_MS, "callback");
  // Contacted 40 days ago, once, no disposition.
  await handle.db.update(accounts).set({ lastContactedAt: new Date(now - 40 * DAY_MS) }).where(eq(accounts.id, ids["mid-la"]!));
  await pastCall("mid-la", now - 40 * DAY_MS);
  // Two accounts from one CSV import.
  const imported = await call(owner, "POST", "/api/accounts/import", {
    csv: `account_ref,name,phone,balance_due\nSEG-${unique()},Imported One,+15550100002,100.00\nSEG-${unique()},Imported Two,+15550100003,200.00\n`,
    dryRun: false,
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  importBatchId = imported.body.importBatchId;
});
afterAll(async () => {
  await handle.close();
});

const count = async (filters: Record<string, unknown>) => {
  const answer = await call(owner, "POST", "/api/segments/count", { filters });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.matchingAccounts as number;
};

describe("counting accounts by filters (the editor's live count)", () => {
  it("counts every account with no filter", async () => {
    expect(await count({})).toBe(5);
  });

  it("balance range", async () => {
    expect(await count({ balanceMinCents: 10_001 })).toBe(3); // 900, 400, 200 (not 100.00)
    expect(await count({ balanceMaxCents: 10_000 })).toBe(2); // 50, 100
    expect(await count({ balanceMinCents: 20_000, balanceMaxCents: 50_000 })).toBe(2); // 400, 200
  });

  it("time zones", async () => {
    expect(await count({ timeZones: ["America/Chicago", "America/Los_Angeles"] })).toBe(2);
  });

  it("last contacted: within N days, and not within N days (never contacted included)", async () => {
    expect(await count({ contactedWithinDays: 7 })).toBe(1);
    expect(await count({ notContactedWithinDays: 30 })).toBe(4);
    expect(await count({ notContactedWithinDays: 7, contactedWithinDays: 60 })).toBe(1);
  });

  it("attempts (outbound calls to the account)", async () => {
    expect(await count({ attemptsMin: 2 })).toBe(1);
    expect(await count({ attemptsMin: 1, attemptsMax: 1 })).toBe(1);
    expect(await count({ attemptsMax: 0 })).toBe(3);
  });

  it("last disposition (the latest dispositioned call), or none yet", async () => {
    expect(await count({ lastDispositions: ["callback"] })).toBe(1);
    expect(await count({ lastDispositions: ["refused"] })).toBe(0);
    expect(await count({ lastDispositions: ["none"] })).toBe(4);
  });

  it("tags (any of them; tags are stored lower case)", async () => {
    expect(await count({ tags: ["vip"] })).toBe(1);
    expect(await count({ tags: ["hardship", "q3-batch"] })).toBe(2);
  });

  it("import batch", async () => {
    expect(importBatchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count({ importBatchIds: [importBatchId] })).toBe(2);
    expect(await count({ importBatchIds: [crypto.randomUUID()] })).toBe(0);
  });

  it("filters combine: every filter given narrows", async () => {
    expect(await count({ balanceMinCents: 10_001, attemptsMax: 0 })).toBe(1); // Imported Two
  });
});

describe("bad filters", () => {
  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["an unknown filter", { colour: "red" }, "filters", /unknown filter colour/],
    ["a negative balance", { balanceMinCents: -1 }, "filters.balanceMinCents", /at least 0/],
    ["a range upside down", { balanceMinCents: 500, balanceMaxCents: 100 }, "filters.balanceMaxCents", /at least balanceMinCents/],
    ["a zone that is not IANA", { timeZones: ["Mars/Olympus"] }, "filters.timeZones", /IANA/],
    ["a disposition that does not exist", { lastDispositions: ["maybe"] }, "filters.lastDispositions", /one of/],
    ["a tag with spaces", { tags: ["two words"] }, "filters.tags", /tag/],
    ["an import batch that is not an id", { importBatchIds: ["last-week"] }, "filters.importBatchIds", /import batch ids/],
    ["fractional attempts", { attemptsMin: 1.5 }, "filters.attemptsMin", /whole/],
  ];
  for (const [what, filters, field, message] of refusals) {
    it(`refuses ${what} with 400 naming ${field}`, async () => {
      for (const path of ["/api/segments/count", "/api/segments"]) {
        const answer = await call(owner, "POST", path, { name: "Bad", filters });
        const fields = answer.body.error?.fields ?? [];
        expect(answer.status, JSON.stringify(answer.body)).toBe(400);
        expect(fields.find((f: { path: string }) => f.path === field)?.message, JSON.stringify(fields)).toMatch(message);
      }
    });
  }
});

describe("saved segments", () => {
  it("creates, reads, lists, edits and deletes a segment, each answer with its members now", async () => {
    const created = await call(owner, "POST", "/api/segments", { name: "High balance", filters: { balanceMinCents: 30_000 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.segment).toMatchObject({ name: "High balance", filters: { balanceMinCents: 30_000 }, matchingAccounts: 2 });
    const id = created.body.segment.id;

    expect((await call(owner, "GET", `/api/segments/${id}`)).body.segment.matchingAccounts).toBe(2);
    const list = await call(owner, "GET", "/api/segments");
    expect(list.body.segments.map((s: { id: string }) => s.id)).toContain(id);

    const edited = await call(owner, "PATCH", `/api/segments/${id}`, { filters: { balanceMinCents: 30_000, tags: ["vip"] } });
    expect(edited.status).toBe(200);
    expect(edited.body.segment).toMatchObject({ name: "High balance", matchingAccounts: 1 });

    // A new account that matches is a member at once: membership is never stored.
    await account("new-vip", { balanceDueCents: 70_000, tags: ["vip"] });
    expect((await call(owner, "GET", `/api/segments/${id}`)).body.segment.matchingAccounts).toBe(2);

    const audit = await call(owner, "GET", "/api/audit?limit=1");
    expect(audit.body.entries[0]).toMatchObject({ action: "account.created" });

    expect((await call(owner, "DELETE", `/api/segments/${id}`)).status).toBe(204);
    expect((await call(owner, "GET", `/api/segments/${id}`)).status).toBe(404);
  });

  it("refuses to delete a segment a campaign still targets, naming the campaign", async () => {
    const created = await call(owner, "POST", "/api/segments", { name: "Targeted", filters: {} });
    const segmentId = created.body.segment.id;
    const campaign = await call(owner, "POST", "/api/campaigns", { name: "Uses the segment", segmentId });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.campaign.segmentId).toBe(segmentId);
    const refused = await call(owner, "DELETE", `/api/segments/${segmentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Uses the segment \(draft\)/);
  });

  it("refuses a campaign naming another organisation's segment, or a segment and account ids at once", async () => {
    const stranger = await signUp("Other segments");
    const theirs = await call(stranger, "POST", "/api/segments", { name: "Theirs", filters: {} });
    const refused = await call(owner, "POST", "/api/campaigns", { name: "Borrowed", segmentId: theirs.body.segment.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: "segmentId", message: expect.stringMatching(/not a segment of this organisation/) }]);

    const mine = await call(owner, "POST", "/api/segments", { name: "Mine", filters: {} });
    const both = await call(owner, "POST", "/api/campaigns", { name: "Both", segmentId: mine.body.segment.id, accountSelection: { accountIds: [ids["mid-la"]] } });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0]).toMatchObject({ path: "segmentId", message: expect.stringMatching(/not both/) });
  });
});
