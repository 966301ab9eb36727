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
});
