// Account CSV import through the API, as a supervisor's console or an integrator sends it:
// dry runs store nothing, bad rows are reported and left out while good rows import,
// a second import of the same file creates nothing twice, and imported accounts stay
// inside their organisation.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { call, type Caller } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

const importCsv = (caller: Caller, csv: string, dryRun: boolean) => call(caller, "POST", "/api/accounts/import", { csv, dryRun });

async function countRows(organizationId: string): Promise<{ accounts: number; debts: number; audits: number }> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    const result = await handle.db.execute<{ accounts: number; debts: number; audits: number }>(sql`
      select
        (select count(*)::int from accounts where organization_id = ${organizationId}) as accounts,
        (select count(*)::int from debts where organization_id = ${organizationId}) as debts,
        (select count(*)::int from audit_log where organization_id = ${organizationId} and action = 'account.imported') as audits`);
    return result.rows[0]!;
  } finally {
    await handle.close();
  }
}

const SMALL_FILE = [
  "Account_Ref,Name,Phone,Time_Zone,Balance_Due,Debt_Ref,Debt_Balance,Creditor",
  "R-1,Ada Lovelace,+15550100001,America/New_York,1200.50,R-1-D1,1000.50,First Bank",
  "R-1,Ada Lovelace,+15550200001,America/New_York,1200.50,R-1-D2,200,Card Co",
  "R-2,Bo Diddley,+15550100002;+15550300002,America/Chicago,80,R-2-D1,80,First Bank",
  "R-3,,+15550100003,America/New_York,15,,,",
  "R-4,Cy Twombly,555-010-0004,Europe/Nowhere,15,,,",
  "R-5,Di Prima,+15550100005,,99.99,R-5-D1,99.99,",
].join("\r\n");

let supervisor: Member;
let owner: Member & { organizationId: string };
beforeAll(async () => {
  owner = await signUp("Import");
  supervisor = await inviteAndJoin(owner, "supervisor");
});

describe("a dry run", () => {
  it("reports what the file would do and stores nothing", async () => {
    const before = await countRows(owner.organizationId);
    const response = await importCsv(supervisor, SMALL_FILE, true);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      dryRun: true,
      rows: { read: 6, accepted: 4, rejected: 2 },
      accounts: { created: 3, updated: 0, unchanged: 0 },
      debts: { created: 4, updated: 0, unchanged: 0 },
      rejectedRows: [5, 6],
      errors: [
        { row: 5, field: "name", reason: "required" },
        { row: 6, field: "time_zone", reason: expect.stringContaining("IANA") },
      ],
    });
    expect(await countRows(owner.organizationId)).toEqual(before);
  });
});

describe("importing", () => {
  it("stores the good rows, leaves the bad ones out, merges rows of one account and audits the import once", async () => {
    const org = await signUp("ImportGood");
    const response = await importCsv(org, SMALL_FILE, false);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      dryRun: false,
      rows: { read: 6, accepted: 4, rejected: 2 },
      accounts: { created: 3, updated: 0, unchanged: 0 },
      debts: { created: 4, updated: 0, unchanged: 0 },
    });
    expect(await countRows(org.organizationId)).toEqual({ accounts: 3, debts: 4, audits: 1 });

    const list = await call(org, "GET", "/api/accounts?q=Ada");
    expect(list.body.accounts).toHaveLength(1);
    const ada = list.body.accounts[0];
    expect(ada).toMatchObject({ externalRef: "R-1", phones: ["+15550100001", "+15550200001"], balanceDueCents: 120_050, timeZone: "America/New_York" });
    const detail = await call(org, "GET", `/api/accounts/${ada.id}`);
    expect(detail.body.debts.map((d: { externalRef: string; balanceCents: number; creditor: string }) => [d.externalRef, d.balanceCents, d.creditor])).toEqual([
      ["R-1-D1", 100_050, "First Bank"],
      ["R-1-D2", 20_000, "Card Co"],
    ]);

    const audit = await call(org, "GET", "/api/audit?limit=1");
    expect(audit.body.entries[0]).toMatchObject({
      action: "account.imported",
      actorId: org.userId,
      after: { rowsRead: 6, rowsRejected: 2, accounts: { created: 3 }, debts: { created: 4 } },
    });
  });

  it("does not duplicate anything when the same file is imported twice, and updates what changed", async () => {
    const org = await signUp("ImportTwice");
    await importCsv(org, SMALL_FILE, false);
    const again = await importCsv(org, SMALL_FILE, false);
    expect(again.body).toMatchObject({
      accounts: { created: 0, updated: 0, unchanged: 3 },
      debts: { created: 0, updated: 0, unchanged: 4 },
    });
    expect(await countRows(org.organizationId)).toEqual({ accounts: 3, debts: 4, audits: 2 });

    const changed = SMALL_FILE.replace("R-2,Bo Diddley,+15550100002;+15550300002,America/Chicago,80,R-2-D1,80", "R-2,Bo Diddley,+15550100002,America/Chicago,40,R-2-D1,40");
    const third = await importCsv(org, changed, false);
    expect(third.body).toMatchObject({
      accounts: { created: 0, updated: 1, unchanged: 2 },
      debts: { created: 0, updated: 1, unchanged: 3 },
    });
    const bo = (await call(org, "GET", "/api/accounts?q=Diddley")).body.accounts[0];
    expect(bo).toMatchObject({ phones: ["+15550100002"], balanceDueCents: 4000 });
    expect(await countRows(org.organizationId)).toEqual({ accounts: 3, debts: 4, audits: 3 });
  });

  it("updates an account created through the API when the file names its external reference", async () => {
    const org = await signUp("ImportExisting");
    const created = await call(org, "POST", "/api/accounts", { externalRef: "R-9", name: "Old Name", phones: ["+15550100009"], preferredLanguage: "es" });
    const response = await importCsv(org, "account_ref,name,phone\nR-9,New Name,+15550100009\n", false);
    expect(response.body.accounts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const detail = await call(org, "GET", `/api/accounts/${created.body.account.id}`);
    // The blank language cell keeps the stored language.
    expect(detail.body.account).toMatchObject({ name: "New Name", preferredLanguage: "es" });
  });

  it("reports a file without a required column on the header row and stores nothing", async () => {
    const org = await signUp("ImportHeader");
    const response = await importCsv(org, "account_ref,phone\nR-1,+15550100001\n", false);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: { read: 1, accepted: 0, rejected: 1 }, errors: [{ row: 1, field: "name" }] });
    expect(await countRows(org.organizationId)).toMatchObject({ accounts: 0, debts: 0 });
  });

  it("says how many rows gave no consent when the file has no consent column, and stores their accounts as unknown", async () => {
    const org = await signUp("ImportNoConsent");
    const response = await importCsv(org, SMALL_FILE, false);
    expect(response.body).toMatchObject({ consentColumn: false, rowsWithoutConsent: 4 });
    const accounts = (await call(org, "GET", "/api/accounts?limit=10")).body.accounts as { consent: boolean | null }[];
    expect(accounts.map((a) => a.consent)).toEqual([null, null, null]);
    const audit = await call(org, "GET", "/api/audit?limit=1");
    expect(audit.body.entries[0]).toMatchObject({ action: "account.imported", after: { rowsWithoutConsent: 4 } });
  });

  it("keeps the consent a file gives, and counts only its blank consent cells", async () => {
    const org = await signUp("ImportConsent");
    const response = await importCsv(org, "account_ref,name,phone,consent\nC-1,Yes Person,+15550100011,yes\nC-2,No Person,+15550100012,no\nC-3,Blank Person,+15550100013,\n", true);
    expect(response.body).toMatchObject({ consentColumn: true, rowsWithoutConsent: 1 });
    await importCsv(org, "account_ref,name,phone,consent\nC-1,Yes Person,+15550100011,yes\nC-2,No Person,+15550100012,no\nC-3,Blank Person,+15550100013,\n", false);
    const byRef = async (ref: string) => (await call(org, "GET", `/api/accounts?q=${ref}`)).body.accounts[0].consent;
    expect([await byRef("C-1"), await byRef("C-2"), await byRef("C-3")]).toEqual([true, false, null]);
  });

  it("reports a row whose number no numbering plan allows (+999), naming the row and the field, and imports the rest", async () => {
    const org = await signUp("ImportBadNumber");
    const response = await importCsv(org, "account_ref,name,phone\nN-1,Nine Nine Nine,+999\nN-2,Good Number,+447400123456\n", false);
    expect(response.body).toMatchObject({
      rows: { read: 2, accepted: 1, rejected: 1 },
      rejectedRows: [2],
      errors: [{ row: 2, field: "phone", reason: "+999 is not a possible phone number: no country's calling code begins it" }],
    });
    const accounts = (await call(org, "GET", "/api/accounts?limit=10")).body.accounts;
    expect(accounts).toEqual([expect.objectContaining({ externalRef: "N-2", phoneLineTypes: { "+447400123456": "mobile" } })]);
  });

  it("is for supervisors and up: an agent may not import", async () => {
    const agent = await inviteAndJoin(owner, "agent");
    const response = await importCsv(agent, SMALL_FILE, true);
    expect(response.status).toBe(403);
  });
});

describe("a file that is not CSV text", () => {
  // What a browser's file.text() (or an integrator's UTF-8 decode) makes of a file's bytes.
  const asUtf8Text = (bytes: Uint8Array) => new TextDecoder("utf-8").decode(bytes);
  const pngLike = () => {
    const bytes = new Uint8Array(4_096);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    for (let i = 16; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    return asUtf8Text(bytes);
  };
  const utf16le = (text: string, withBom: boolean) => {
    const bytes = [...(withBom ? [0xff, 0xfe] : []), ...[...text].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])];
    return asUtf8Text(new Uint8Array(bytes));
  };

  it.each([
    ["a PNG image renamed .csv", pngLike],
    ["a UTF-16 export with a byte-order mark", () => utf16le(SMALL_FILE, true)],
    ["a UTF-16 export without a byte-order mark", () => utf16le(SMALL_FILE, false)],
  ])("is refused when it is %s, naming the field, and nothing is stored", async (_name, body) => {
    const org = await signUp("ImportBinary");
    for (const dryRun of [true, false]) {
      const response = await importCsv(org, body(), dryRun);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: "validation_failed",
        message: expect.stringContaining("This is not a CSV file (or not UTF-8)"),
        fields: [{ path: "csv", message: expect.stringContaining("not a CSV file (or not UTF-8)") }],
      });
    }
    expect(await countRows(org.organizationId)).toEqual({ accounts: 0, debts: 0, audits: 0 });

    // The same organisation's real CSV still imports.
    const good = await importCsv(org, SMALL_FILE, false);
    expect(good.status).toBe(200);
    expect(await countRows(org.organizationId)).toEqual({ accounts: 3, debts: 4, audits: 1 });
  });

  it("imports a UTF-8 file with accented names and a byte-order mark", async () => {
    const org = await signUp("ImportAccents");
    const response = await importCsv(org, "\uFEFFaccount_ref,name,phone\nR-1,Zoë Ñúñez,+15550100001\n", false);
    expect(response.status).toBe(200);
    expect(response.body.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });
});

describe("imported accounts and tenants", () => {
  it("stay in the importing organisation, even when another organisation uses the same references", async () => {
    const alpha = await signUp("ImportAlpha");
    const bravo = await signUp("ImportBravo");
    await importCsv(alpha, SMALL_FILE, false);
    const fromBravo = await call(bravo, "GET", "/api/accounts?q=R-");
    expect(fromBravo.body.total).toBe(0);

    // Bravo's import of the same references creates its own rows and leaves Alpha's alone.
    const bravoImport = await importCsv(bravo, SMALL_FILE.replaceAll("Ada Lovelace", "Ada Bravo"), false);
    expect(bravoImport.body.accounts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(bravoImport.body.debts).toEqual({ created: 4, updated: 0, unchanged: 0 });
    const alphaAda = (await call(alpha, "GET", "/api/accounts?q=R-1")).body.accounts[0];
    expect(alphaAda.name).toBe("Ada Lovelace");
    expect((await call(bravo, "GET", `/api/accounts/${alphaAda.id}`)).status).toBe(404);
    expect(await countRows(alpha.organizationId)).toEqual({ accounts: 3, debts: 4, audits: 1 });
  });
});

describe("a large file", () => {
  it("imports 5,000 rows in one request, in well under a request's time", { timeout: 120_000 }, async () => {
    const org = await signUp("ImportLarge");
    const lines = ["account_ref,name,phone,time_zone,balance_due,debt_ref,debt_balance,creditor"];
    // 4,000 accounts; every fourth has a second debt on its own row: 5,000 rows.
    for (let i = 0; i < 4_000; i++) {
      const ref = `L-${String(i).padStart(5, "0")}`;
      const phone = `+1555010${String(i).padStart(4, "0")}`;
      lines.push(`${ref},"Person ${i}, Esq.",${phone},America/New_York,${i}.25,${ref}-A,${i}.25,First Bank`);
      if (i % 4 === 0) lines.push(`${ref},"Person ${i}, Esq.",${phone},America/New_York,${i}.25,${ref}-B,12.00,Card Co`);
    }
    const csv = lines.join("\n");
    expect(lines.length - 1).toBe(5_000);

    const dryStarted = Date.now();
    const dry = await importCsv(org, csv, true);
    const dryMs = Date.now() - dryStarted;
    expect(dry.body).toMatchObject({ rows: { read: 5_000, rejected: 0 }, accounts: { created: 4_000 }, debts: { created: 5_000 } });

    const started = Date.now();
    const imported = await importCsv(org, csv, false);
    const importMs = Date.now() - started;
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: { read: 5_000, accepted: 5_000 }, accounts: { created: 4_000 }, debts: { created: 5_000 } });

    const againStarted = Date.now();
    const again = await importCsv(org, csv, false);
    const againMs = Date.now() - againStarted;
    expect(again.body).toMatchObject({ accounts: { created: 0, unchanged: 4_000 }, debts: { created: 0, unchanged: 5_000 } });
    expect(await countRows(org.organizationId)).toEqual({ accounts: 4_000, debts: 5_000, audits: 2 });

    console.log(`5,000-row import (${Math.round(csv.length / 1024)} KiB): dry run ${dryMs} ms, import ${importMs} ms, repeat ${againMs} ms`);
    expect(importMs).toBeLessThan(30_000);
  });
});
