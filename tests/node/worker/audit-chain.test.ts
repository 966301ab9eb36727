import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { auditHashTemplate, canonicalJson, computeAuditHash, GENESIS_HASH, verifyAuditRows, type AuditRowForVerify } from "../../../db/audit/chain";
import { sha256Hex } from "../../../domain/sha256";

async function chainOf(count: number): Promise<AuditRowForVerify[]> {
  const rows: AuditRowForVerify[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      organizationId: "org-1",
      seq,
      actorType: "user",
      actorId: "u1",
      action: "account.updated",
      resourceType: "account",
      resourceId: `a${seq}`,
      before: { balance: seq },
      after: { balance: seq + 1, note: "ünïcode ✓" },
      occurredAt: new Date(Date.UTC(2026, 10, 23, 10, 0, seq)),
    };
    const hash = await computeAuditHash(content, prevHash);
    rows.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe("audit hash chain", () => {
  it("verifies an intact chain", async () => {
    const { verdict } = await verifyAuditRows(await chainOf(5));
    expect(verdict).toEqual({ ok: true, rowsChecked: 5, firstBrokenSeq: null, reason: null });
  });

  it("finds an edited row", async () => {
    const rows = await chainOf(5);
    rows[2] = { ...rows[2]!, after: { balance: 0 } };
    expect((await verifyAuditRows(rows)).verdict).toMatchObject({ ok: false, firstBrokenSeq: 3, rowsChecked: 2 });
  });

  it("finds a row whose hash was recomputed to hide an edit, at the row after it", async () => {
    const rows = await chainOf(5);
    const edited = { ...rows[1]!, after: { balance: 0 } };
    rows[1] = { ...edited, hash: await computeAuditHash(edited, edited.prevHash) };
    expect((await verifyAuditRows(rows)).verdict).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it("finds a removed row and swapped rows", async () => {
    const rows = await chainOf(5);
    expect((await verifyAuditRows([...rows.slice(0, 2), ...rows.slice(3)])).verdict).toMatchObject({ firstBrokenSeq: 4 });
    expect((await verifyAuditRows([rows[0]!, rows[2]!, rows[1]!])).verdict).toMatchObject({ firstBrokenSeq: 3 });
  });

  it("continues across pages from where the last page ended", async () => {
    const rows = await chainOf(6);
    const first = await verifyAuditRows(rows.slice(0, 3));
    const second = await verifyAuditRows(rows.slice(3), first.next);
    expect(second.verdict).toMatchObject({ ok: true, rowsChecked: 3 });
  });

  it("hashes the same content the same whatever the key order (jsonb reorders keys)", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });
});

describe("the audit hash template Postgres completes (wib_append_audit)", () => {
  it("rebuilds exactly the text computeAuditHash hashes, for any content, previous hash and seq", async () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          organizationId: fc.uuid(),
          actorType: fc.constantFrom("user", "api_key", "system"),
          actorId: fc.option(fc.string(), { nil: null }),
          action: fc.string({ minLength: 1 }),
          resourceType: fc.string({ minLength: 1 }),
          resourceId: fc.option(fc.string(), { nil: null }),
          before: json,
          after: json,
          occurredAt: fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
        }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (content, prevHash, seq) => {
          // Stored and hashed as the canonical round trip of the value (record.ts does the same).
          const stored = { ...content, before: JSON.parse(canonicalJson(content.before)), after: JSON.parse(canonicalJson(content.after)) };
          const { head, tail } = auditHashTemplate(stored);
          const text = `${head}"${prevHash}"${tail}${seq}}`;
          expect(await sha256Hex(text)).toBe(await computeAuditHash({ ...stored, seq }, prevHash));
        },
      ),
      { numRuns: 300 },
    );
  });
});
