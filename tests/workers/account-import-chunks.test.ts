// A large account file imported in chunks (POST /api/account-imports, its chunks, finish), as
// the console sends one: the same report and the same stored rows as one request with the
// whole file; a chunk sent twice is applied once; a gap or an overlap is a 400 naming the
// field; errors name the file's own rows; one audit row per real import. Chunks of a few
// rows here so a small file crosses many chunk boundaries.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { splitImportFile } from "../../domain/account-import-chunks";
import { call, type Caller } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

const CHUNK_ROWS = 2;

// Accounts on several rows (next to each other), blank lines, a quoted line break, bad rows
// on both sides of chunk boundaries, a BOM and CRLF line ends.
const FILE = [
  "\uFEFFAccount_Ref,Name,Phone,Time_Zone,Balance_Due,Debt_Ref,Debt_Balance,Creditor,Notes",
  "R-1,Ada Lovelace,+15550100001,America/New_York,1200.50,R-1-D1,1000.50,First Bank,",
  "R-1,Ada Lovelace,+15550200001,America/New_York,1200.50,R-1-D2,200,Card Co,",
  "R-1,Ada Lovelace,+15550200011,,,R-1-D3,5,Card Co,",
  "R-2,Bo Diddley,+15550100002;+15550300002,America/Chicago,80,R-2-D1,80,First Bank,",
  "",
  "R-3,,+15550100003,America/New_York,15,,,,",
  'R-4,"Cy\nTwombly",555-010-0004,America/Denver,15,,,,"a note, with a comma"',
  "R-5,Di Prima,+15550100005,,99.99,R-5-D1,99.99,,",
  "R-6,Ed Ruscha,not a phone,,,,,,",
  "",
  "",
  "R-7,Flo Kennedy,+15550100007,Europe/Nowhere,1,,,,",
  "R-8,Gil Evans,+15550100008,,2,R-8-D1,2,,",
  "R-8,Gil Evans,+15550100018,,2,R-8-D2,3,,",
  "R-9,Hal Foster,+15550100009,,3,,,,",
].join("\r\n");

interface StoredRows {
  accounts: { external_ref: string; name: string; phones: string[]; time_zone: string | null; balance_due_cents: number; consent: boolean }[];
  debts: { external_ref: string; account_ref: string; creditor: string; balance_cents: number }[];
  audits: number;
}

async function storedRows(organizationId: string): Promise<StoredRows> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    const accounts = await handle.db.execute<StoredRows["accounts"][number]>(sql`
      select external_ref, name, phones, time_zone, balance_due_cents::int as balance_due_cents, consent
      from accounts where organization_id = ${organizationId} order by external_ref`);
    const debts = await handle.db.execute<StoredRows["debts"][number]>(sql`
      select d.external_ref, a.external_ref as account_ref, d.creditor, d.balance_cents::int as balance_cents
      from debts d join accounts a on a.id = d.account_id where d.organization_id = ${organizationId} order by d.external_ref`);
    const audits = await handle.db.execute<{ n: number }>(sql`
      select count(*)::int as n from audit_log where organization_id = ${organizationId} and action = 'account.imported'`);
    return { accounts: accounts.rows, debts: debts.rows, audits: audits.rows[0]!.n };
  } finally {
    await handle.close();
  }
}

const start = (caller: Caller, header: string, dryRun: boolean) =>
  call(caller, "POST", "/api/account-imports", { dryRun, header, fileName: "accounts.csv", totalBytes: FILE.length });
const sendChunk = (caller: Caller, id: string, chunk: { index: number; firstRow: number; csv: string }) =>
  call(caller, "POST", `/api/account-imports/${id}/chunks`, { index: chunk.index, firstRow: chunk.firstRow, csv: chunk.csv });

/** The whole file through a session, chunk by chunk: the finished import. */
async function importInChunks(caller: Caller, text: string, dryRun: boolean) {
  const parts = splitImportFile(text, { rows: CHUNK_ROWS });
  const started = await start(caller, parts.header, dryRun);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id: string = started.body.import.id;
  for (const chunk of parts.chunks) {
    const sent = await sendChunk(caller, id, chunk);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  }
  const finished = await call(caller, "POST", `/api/account-imports/${id}/finish`);
  expect(finished.status, JSON.stringify(finished.body)).toBe(200);
  return { id, parts, view: finished.body.import };
}

/** A report without what differs by nature between one request and several (time taken, chunks) and the batch id each real import stamps. */
const comparable = ({ durationMs: _d, chunks: _c, rejectedRowsTruncated: _t, importBatchId: _b, ...report }: Record<string, unknown>) => report;

let chunked: Member & { organizationId: string };
let single: Member & { organizationId: string };
let supervisor: Member;
beforeAll(async () => {
  chunked = await signUp("Chunked import");
  single = await signUp("Single import");
  supervisor = await inviteAndJoin(chunked, "supervisor");
});

describe("a file imported in chunks", () => {
  it("crosses several chunks, never between rows of one account", () => {
    const parts = splitImportFile(FILE, { rows: CHUNK_ROWS });
    expect(parts.chunks.length).toBeGreaterThan(3);
    // R-1's three rows are more than a chunk's two, and still travel together.
    expect(parts.chunks[0]!.csv.split("\r\n").filter((line) => line.startsWith("R-1,"))).toHaveLength(3);
    expect(parts.chunks.slice(1).some((chunk) => chunk.csv.includes("R-1,"))).toBe(false);
  });

  it("gets the same dry-run report, the same report and the same stored rows as one request with the whole file", async () => {
    const oneDryRun = await call(single, "POST", "/api/accounts/import", { csv: FILE, dryRun: true });
    const chunkedDryRun = await importInChunks(supervisor, FILE, true);
    expect(comparable(chunkedDryRun.view.report)).toEqual(comparable(oneDryRun.body));
    expect(chunkedDryRun.view.report.chunks).toBe(chunkedDryRun.parts.chunks.length);
    expect((await storedRows(chunked.organizationId)).accounts).toEqual([]);

    const oneImport = await call(single, "POST", "/api/accounts/import", { csv: FILE, dryRun: false });
    const chunkedImport = await importInChunks(supervisor, FILE, false);
    expect(comparable(chunkedImport.view.report)).toEqual(comparable(oneImport.body));
    expect(chunkedImport.view.report).toMatchObject({ rows: { read: 12, accepted: 9, rejected: 3 }, accounts: { created: 6 }, debts: { created: 7 } });
    // One batch for the whole chunked import (a segment can target it); a dry run stamps none.
    expect(chunkedImport.view.report.importBatchId).toBe(chunkedImport.id);
    expect(chunkedDryRun.view.report.importBatchId).toBeNull();

    const [fromChunks, fromOne] = [await storedRows(chunked.organizationId), await storedRows(single.organizationId)];
    expect(fromChunks.accounts).toEqual(fromOne.accounts);
    expect(fromChunks.debts).toEqual(fromOne.debts);
    // R-1's three rows, merged: they travelled in one chunk.
    expect(fromChunks.accounts.find((a) => a.external_ref === "R-1")!.phones).toEqual(["+15550100001", "+15550200001", "+15550200011"]);
    expect(fromChunks.audits).toBe(1);
  });

  it("names the file's own rows in its errors, across blank lines and quoted line breaks", async () => {
    const { view, parts } = await importInChunks(supervisor, FILE, true);
    expect(view.report.errors).toEqual([
      { row: 7, field: "name", reason: "required" },
      { row: 10, field: "phone", reason: expect.stringContaining("not a phone number") },
      { row: 13, field: "time_zone", reason: expect.stringContaining("IANA") },
    ]);
    expect(view.report.rejectedRows).toEqual([7, 10, 13]);
    // Row 13 is in a later chunk than row 7: the chunk's own numbering would not say 13.
    const chunkOf = (row: number) => parts.chunks.findIndex((c) => c.firstRow <= row && row < c.firstRow + c.lines);
    expect(chunkOf(13)).toBeGreaterThan(chunkOf(7));
  });

  it("shows its progress: chunks done, the next row and the report so far", async () => {
    const parts = splitImportFile(FILE, { rows: CHUNK_ROWS });
    const id: string = (await start(supervisor, parts.header, true)).body.import.id;
    await sendChunk(supervisor, id, parts.chunks[0]!);
    const progress = await call(supervisor, "GET", `/api/account-imports/${id}`);
    expect(progress.status).toBe(200);
    expect(progress.body.import).toMatchObject({ status: "open", chunksDone: 1, nextRow: parts.chunks[1]!.firstRow, report: { rows: { read: 3 }, chunks: 1 } });
  });

  it("leaves out, naming the earlier row, an account whose rows are far apart in different chunks", async () => {
    const org = await signUp("Scattered import");
    const text = ["account_ref,name,phone", "S-1,Ann,+15550100001", "S-2,Ben,+15550100002", "S-3,Cal,+15550100003", "S-1,Ann,+15550100011"].join("\n");
    const { view } = await importInChunks(org, text, false);
    expect(view.report.rows).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(view.report.errors).toEqual([{ row: 5, field: "account_ref", reason: expect.stringContaining("already given on row 2") }]);
    expect((await storedRows(org.organizationId)).accounts.find((a) => a.external_ref === "S-1")!.phones).toEqual(["+15550100001"]);
  });
});

describe("sending chunks", () => {
  it("applies a chunk sent twice once", async () => {
    const org = await signUp("Twice import");
    const text = ["account_ref,name,phone,balance_due", "T-1,Ann,+15550100001,10", "T-2,Ben,+15550100002,20", "T-3,Cal,+15550100003,30"].join("\n");
    const parts = splitImportFile(text, { rows: 2 });
    const id: string = (await start(org, parts.header, false)).body.import.id;
    const first = await sendChunk(org, id, parts.chunks[0]!);
    expect(first.body.chunk).toMatchObject({ replayed: false, report: { accounts: { created: 2 } } });
    const again = await sendChunk(org, id, parts.chunks[0]!);
    expect(again.status).toBe(200);
    // The same answer as the first time (not "2 unchanged"), and the session did not move.
    expect(again.body.chunk).toEqual({ ...first.body.chunk, replayed: true });
    expect(again.body.import).toMatchObject({ chunksDone: 1, report: { rows: { read: 2 }, accounts: { created: 2 }, chunks: 1 } });
    await sendChunk(org, id, parts.chunks[1]!);
    const finished = await call(org, "POST", `/api/account-imports/${id}/finish`);
    expect(finished.body.import.report).toMatchObject({ rows: { read: 3 }, accounts: { created: 3, updated: 0, unchanged: 0 }, chunks: 2 });
    expect((await storedRows(org.organizationId)).accounts.map((a) => a.external_ref)).toEqual(["T-1", "T-2", "T-3"]);
  });

  it("refuses a gap or an overlap with a 400 naming the field", async () => {
    const org = await signUp("Gap import");
    const text = ["account_ref,name,phone", "G-1,Ann,+15550100001", "G-2,Ben,+15550100002", "G-3,Cal,+15550100003", "G-4,Dee,+15550100004"].join("\n");
    const parts = splitImportFile(text, { rows: 2 });
    const id: string = (await start(org, parts.header, false)).body.import.id;
    const [zero, one] = [parts.chunks[0]!, parts.chunks[1]!];

    const skipped = await sendChunk(org, id, one);
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.fields).toEqual([{ path: "index", message: expect.stringContaining("the next chunk is 0") }]);

    const gap = await sendChunk(org, id, { ...zero, firstRow: 3 });
    expect(gap.status).toBe(400);
    expect(gap.body.error.fields).toEqual([{ path: "firstRow", message: expect.stringContaining("rows 2–2 are missing") }]);

    expect((await sendChunk(org, id, zero)).status).toBe(200);
    const overlap = await sendChunk(org, id, { ...one, firstRow: 3 });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.fields).toEqual([{ path: "firstRow", message: expect.stringContaining("rows 3–3 were already sent") }]);

    const rewritten = await sendChunk(org, id, { ...zero, csv: "G-9,Zed,+15550100009\n" });
    expect(rewritten.status).toBe(400);
    expect(rewritten.body.error.fields).toEqual([{ path: "index", message: expect.stringContaining("already applied with other rows") }]);

    expect((await storedRows(org.organizationId)).accounts.map((a) => a.external_ref)).toEqual(["G-1", "G-2"]);
  });

  it("writes one audit row at finish, answers a second finish with the same report, and takes no chunk after it", async () => {
    const org = await signUp("Finish import");
    const text = ["account_ref,name,phone", "F-1,Ann,+15550100001", "F-2,Ben,+15550100002", "F-3,Cal,+15550100003"].join("\n");
    const parts = splitImportFile(text, { rows: 2 });
    const id: string = (await start(org, parts.header, false)).body.import.id;
    for (const chunk of parts.chunks) await sendChunk(org, id, chunk);
    const finished = await call(org, "POST", `/api/account-imports/${id}/finish`);
    const again = await call(org, "POST", `/api/account-imports/${id}/finish`);
    expect(again.body).toEqual(finished.body);
    expect(finished.body.import).toMatchObject({ status: "finished", report: { rows: { read: 3, accepted: 3 } } });
    expect((await storedRows(org.organizationId)).audits).toBe(1);
    const late = await sendChunk(org, id, { index: parts.chunks.length, firstRow: 5, csv: "F-4,Dee,+15550100004\n" });
    expect(late.status).toBe(409);
  });

  it("refuses a header without a required column when the import starts, naming the header", async () => {
    const refused = await start(supervisor, "account_ref,name,balance_due", true);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: "header", message: expect.stringContaining("phone") }]);
  });
});
