import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call } from "./support/client";
import { inviteAndJoin, signUp, unique } from "./support/orgs";
import { withDatabase } from "./support/database";

describe("audit log", () => {
  it("records who changed what, with before and after", async () => {
    const owner = await signUp();
    const agent = await inviteAndJoin(owner, "agent");
    const members = await call(owner, "GET", "/api/members");
    const membership = members.body.members.find((m: { userId: string }) => m.userId === agent.userId);
    await call(owner, "PATCH", `/api/members/${membership.id}`, { role: "supervisor" });
    const log = await call(owner, "GET", "/api/audit?limit=5");
    expect(log.body.entries[0]).toMatchObject({
      action: "membership.role_changed",
      actorType: "user",
      actorId: owner.userId,
      actorName: "Owner Person",
      resourceId: membership.id,
      before: { role: "agent" },
      after: { role: "supervisor" },
    });
  });

  it("still names a removed member on the entries they made (their person is no organisation's row)", async () => {
    const owner = await signUp();
    const supervisor = await inviteAndJoin(owner, "supervisor");
    await call(supervisor, "POST", "/api/accounts", { name: `Left Behind ${unique()}`, phones: ["+15555550113"] });
    const members = await call(owner, "GET", "/api/members");
    const membership = members.body.members.find((m: { userId: string }) => m.userId === supervisor.userId);
    expect((await call(owner, "DELETE", `/api/members/${membership.id}`)).status).toBeLessThan(300);
    const log = await call(owner, "GET", `/api/audit?actorId=${supervisor.userId}`);
    expect(log.status).toBe(200);
    expect(log.body.entries.length).toBeGreaterThan(0);
    for (const entry of log.body.entries) expect(entry.actorName).toBe("supervisor person");
  });

  it("verifies an untouched chain", async () => {
    const owner = await signUp();
    await call(owner, "POST", "/api/accounts", { name: "Chain One", phones: ["+15555550111"] });
    const verdict = await call(owner, "GET", "/api/audit/verify");
    expect(verdict.body).toEqual({ ok: true, rowsChecked: expect.any(Number), firstBrokenSeq: null, reason: null });
    expect(verdict.body.rowsChecked).toBeGreaterThanOrEqual(4);
  });

  it("detects a row whose content was edited in the database", async () => {
    const owner = await signUp();
    await call(owner, "POST", "/api/invites", { email: `t-${unique()}@example.test`, role: "agent" });
    await call(owner, "POST", "/api/accounts", { name: "Tamper", phones: ["+15555550112"] });
    await withDatabase((db) =>
      db.execute(sql`update audit_log set after = '{"role":"owner"}' where organization_id = ${owner.organizationId} and seq = 3`),
    );
    const verdict = await call(owner, "GET", "/api/audit/verify");
    expect(verdict.body).toMatchObject({ ok: false, firstBrokenSeq: 3, rowsChecked: 2 });
    expect(verdict.body.reason).toMatch(/content/);
  });

  it("detects a deleted row", async () => {
    const owner = await signUp();
    await call(owner, "POST", "/api/accounts", { name: "Gone", phones: ["+15555550113"] });
    await call(owner, "POST", "/api/accounts", { name: "After", phones: ["+15555550114"] });
    await withDatabase((db) => db.execute(sql`delete from audit_log where organization_id = ${owner.organizationId} and seq = 3`));
    const verdict = await call(owner, "GET", "/api/audit/verify");
    expect(verdict.body).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    expect(verdict.body.reason).toMatch(/missing/);
  });

  it("keeps one unbroken chain under concurrent changes", async () => {
    const owner = await signUp();
    const writes = Array.from({ length: 12 }, (_, i) =>
      call(owner, "POST", "/api/accounts", { name: `Concurrent ${i}`, phones: ["+15555550115"] }),
    );
    expect((await Promise.all(writes)).map((r) => r.status)).toEqual(Array(12).fill(201));
    const verdict = await call(owner, "GET", "/api/audit/verify");
    expect(verdict.body).toMatchObject({ ok: true, rowsChecked: 3 + 12 });
  });

  it("pages back through older entries", async () => {
    const owner = await signUp();
    for (let i = 0; i < 3; i++) await call(owner, "POST", "/api/accounts", { name: `Page ${i}`, phones: ["+15555550116"] });
    const first = await call(owner, "GET", "/api/audit?limit=2");
    expect(first.body.entries.map((e: { seq: number }) => e.seq)).toEqual([6, 5]);
    const second = await call(owner, "GET", `/api/audit?limit=2&beforeSeq=${first.body.nextBeforeSeq}`);
    expect(second.body.entries.map((e: { seq: number }) => e.seq)).toEqual([4, 3]);
  });

  it("filters by action or family, actor, resource and days of the organisation's calendar", async () => {
    const owner = await signUp();
    await call(owner, "PATCH", "/api/organization", { timeZone: "America/New_York" });
    const first = (await call(owner, "POST", "/api/accounts", { name: "Filter One", phones: ["+15555550117"] })).body.account;
    await call(owner, "POST", "/api/accounts", { name: "Filter Two", phones: ["+15555550118"] });
    await call(owner, "PATCH", `/api/accounts/${first.id}`, { name: "Filter One Renamed" });
    const actions = async (query: string) => {
      const page = await call(owner, "GET", `/api/audit?${query}`);
      expect(page.status).toBe(200);
      return page.body.entries.map((e: { action: string }) => e.action);
    };

    expect(await actions("action=account.created")).toEqual(["account.created", "account.created"]);
    expect(await actions("action=account.*")).toEqual(["account.updated", "account.created", "account.created"]);
    expect(await actions(`resourceId=${first.id}`)).toEqual(["account.updated", "account.created"]);
    expect(await actions(`resourceType=account&actorId=${owner.userId}`)).toHaveLength(3);
    expect(await actions(`actorId=${crypto.randomUUID()}`)).toEqual([]);

    // Days are the organisation's (New York's), stated on the answer.
    const nowInNewYork = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
    const page = await call(owner, "GET", `/api/audit?action=account.*&from=${nowInNewYork}&to=${nowInNewYork}`);
    expect(page.body).toMatchObject({ timeZone: "America/New_York" });
    expect(page.body.entries).toHaveLength(3);
    const tomorrow = new Date(Date.parse(nowInNewYork) + 86_400_000).toISOString().slice(0, 10);
    expect(await actions(`from=${tomorrow}`)).toEqual([]);
  });

  it("refuses a malformed filter, naming it", async () => {
    const owner = await signUp();
    for (const [query, field] of [
      ["action=DROP%20TABLE", "action"],
      ["action=call.*.x", "action"],
      ["from=2026-12-03&to=2026-12-01", "to"],
      ["from=yesterday", "from"],
      ["resourceId=", "resourceId"],
    ]) {
      const answer = await call(owner, "GET", `/api/audit?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.fields, query).toEqual([expect.objectContaining({ path: field })]);
    }
  });
});
