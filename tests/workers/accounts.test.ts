// One account as the console pops it when a call connects: the account with its
// inconvenient times, its debts and its last calls, newest first.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { PERSONA_NUMBERS, placeCall } from "./support/calls";
import { call } from "./support/client";
import { signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
beforeAll(async () => {
  owner = await signUp("Accounts");
});

const createAccount = async (extra: Record<string, unknown> = {}) => {
  const created = await call(owner, "POST", "/api/accounts", { name: "Pat Doe", phones: [PERSONA_NUMBERS.noAnswer], ...extra });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.account as { id: string };
};

/** Finished calls of an account from before this test, written as a call's actor would have. */
async function insertPastCalls(accountId: string, count: number): Promise<string[]> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      const createdAt = new Date(Date.UTC(2026, 0, 1 + i, 15)).toISOString();
      await handle.db.execute(sql`
        insert into calls (id, organization_id, direction, kind, to_number, from_number, account_id, status, created_at, duration_seconds, disposition, version)
        values (${id}, ${owner.organizationId}, 'outbound', 'direct', ${PERSONA_NUMBERS.noAnswer}, '+15550001000', ${accountId}, 'completed', ${createdAt}, ${60 + i}, 'refused', 1)`);
    }
    return ids;
  } finally {
    await handle.close();
  }
}

describe("an account's page", () => {
  it("carries the account's debts and its last 10 calls, newest first", async () => {
    const account = await createAccount();
    const other = await createAccount({ name: "Someone Else" });
    await call(owner, "POST", `/api/accounts/${account.id}/debts`, { externalRef: `P-${account.id}`, creditor: "First Bank", balanceCents: 5000 });
    const past = await insertPastCalls(account.id, 11);
    await insertPastCalls(other.id, 1);
    const live = await placeCall(owner, { to: PERSONA_NUMBERS.noAnswer, kind: "direct", accountId: account.id });

    const page = await call(owner, "GET", `/api/accounts/${account.id}`);
    expect(page.status).toBe(200);
    expect(page.body.account).toMatchObject({ id: account.id, name: "Pat Doe", inconvenientTimes: [] });
    expect(page.body.debts).toEqual([expect.objectContaining({ creditor: "First Bank", balanceCents: 5000, status: "open" })]);
    expect(page.body.recentCalls.map((c: { id: string }) => c.id)).toEqual([live, ...past.slice(2).reverse()]);
    expect(page.body.recentCalls[1]).toEqual({
      id: past[10],
      status: "completed",
      createdAt: expect.any(String),
      disposition: "refused",
      agentUserId: null,
      durationSeconds: 70,
    });
  });
});

describe("inconvenient times", () => {
  const times = [
    { kind: "weekly", day: "sat", from: "20:00", to: "09:00" },
    { kind: "weekly", day: "mon", from: "12:00", to: "24:00" },
    { kind: "dates", fromDate: "2026-12-24", toDate: "2026-12-26" },
  ];

  it("are kept on create and changed with a patch", async () => {
    const account = await createAccount({ inconvenientTimes: times });
    expect((await call(owner, "GET", `/api/accounts/${account.id}`)).body.account.inconvenientTimes).toEqual(times);
    const patched = await call(owner, "PATCH", `/api/accounts/${account.id}`, { inconvenientTimes: [times[2]] });
    expect(patched.status).toBe(200);
    expect(patched.body.account.inconvenientTimes).toEqual([times[2]]);
  });

  it.each([
    [{ kind: "weekly", day: "someday", from: "09:00", to: "10:00" }, "inconvenientTimes.0.day"],
    [{ kind: "weekly", day: "mon", from: "24:00", to: "10:00" }, "inconvenientTimes.0.from"],
    [{ kind: "weekly", day: "mon", from: "9:00", to: "10:00" }, "inconvenientTimes.0.from"],
    [{ kind: "dates", fromDate: "2026-02-30", toDate: "2026-03-01" }, "inconvenientTimes.0.fromDate"],
    [{ kind: "dates", fromDate: "2026-03-02", toDate: "2026-03-01" }, "inconvenientTimes.0.toDate"],
    [{ kind: "monthly", day: 1 }, "inconvenientTimes.0.kind"],
  ])("refuses %j, naming the field", async (time, path) => {
    const response = await call(owner, "POST", "/api/accounts", { name: "Bad Times", phones: ["+15550100041"], inconvenientTimes: [time] });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
  });
});

describe("consent", () => {
  it("is unknown (null) when the create leaves it out, never granted", async () => {
    const account = await createAccount();
    expect((await call(owner, "GET", `/api/accounts/${account.id}`)).body.account.consent).toBeNull();
  });

  it("keeps what the create says, and a patch can set it back to unknown", async () => {
    const granted = await createAccount({ consent: true });
    const refused = await createAccount({ consent: false });
    expect((await call(owner, "GET", `/api/accounts/${granted.id}`)).body.account.consent).toBe(true);
    expect((await call(owner, "GET", `/api/accounts/${refused.id}`)).body.account.consent).toBe(false);
    const patched = await call(owner, "PATCH", `/api/accounts/${granted.id}`, { consent: null });
    expect(patched.body.account.consent).toBeNull();
  });
});

describe("phone numbers", () => {
  const NOT_POSSIBLE = "+999 is not a possible phone number: no country's calling code begins it";

  it("a create with +999 (E.164-shaped, no country's) is a 400 naming the field and why, and stores nothing", async () => {
    const name = `Nine ${crypto.randomUUID()}`;
    const response = await call(owner, "POST", "/api/accounts", { name, phones: ["+15550100042", "+999"] });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: "phones.1", message: NOT_POSSIBLE }]);
    expect((await call(owner, "GET", `/api/accounts?q=${encodeURIComponent(name)}`)).body.total).toBe(0);
  });

  it("a patch to +999 is refused the same way, and the stored number stays", async () => {
    const account = await createAccount();
    const response = await call(owner, "PATCH", `/api/accounts/${account.id}`, { phones: ["+999"] });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: "phones.0", message: NOT_POSSIBLE }]);
    expect((await call(owner, "GET", `/api/accounts/${account.id}`)).body.account.phones).toEqual([PERSONA_NUMBERS.noAnswer]);
  });

  it("stores each number's line type: a mobile number as mobile, the simulator's 555 numbers as unknown", async () => {
    const account = await createAccount({ phones: ["+447400123456", PERSONA_NUMBERS.noAnswer] });
    const page = await call(owner, "GET", `/api/accounts/${account.id}`);
    expect(page.body.account.phoneLineTypes).toEqual({ "+447400123456": "mobile", [PERSONA_NUMBERS.noAnswer]: "unknown" });
    const patched = await call(owner, "PATCH", `/api/accounts/${account.id}`, { phones: ["+442071234567"] });
    expect(patched.body.account.phoneLineTypes).toEqual({ "+442071234567": "fixed_line" });
  });
});
