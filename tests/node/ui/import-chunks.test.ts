import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importChunks, splitFields, splitRecords } from "../../../ui/src/lib/import-chunks";
import { parseCsv } from "../../../worker/accounts/csv";

const notBlank = (fields: readonly string[]) => fields.some((f) => f.trim() !== "");

describe("cutting an account file into import chunks", () => {
  it("numbers rows and reads fields exactly as the server's reader does, whatever the text", () => {
    const csvText = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "\uFEFF") });
    fc.assert(
      fc.property(csvText, (text) => {
        const server = parseCsv(text)
          .filter((r) => notBlank(r.fields))
          .map((r) => ({ row: r.row, fields: [...r.fields] }));
        const console = splitRecords(text)
          .map((r) => ({ row: r.row, fields: splitFields(r.text) }))
          .filter((r) => notBlank(r.fields));
        expect(console).toEqual(server);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps every row of an account in one chunk, leaves rejected rows out and remembers file rows", () => {
    const text = [
      "\uFEFFname,Account Ref,phone",
      "Ada,A-1,+15550100001",
      "Bo,A-2,+15550100002",
      '"Cy\nCyrus",A-3,+15550100003',
      "",
      "Ada,A-1,+15550200001",
      "Bad,,+1",
      "Di,A-4,+15550100004",
    ].join("\r\n");
    const chunks = importChunks(text, [7], 2);
    expect(chunks.map((c) => c.fileRows)).toEqual([
      [2, 6],
      [3, 4],
      [8],
    ]);
    expect(chunks[0]!.csv).toBe("name,Account Ref,phone\nAda,A-1,+15550100001\nAda,A-1,+15550200001");
    expect(chunks[1]!.csv).toBe('name,Account Ref,phone\nBo,A-2,+15550100002\n"Cy\nCyrus",A-3,+15550100003');
  });

  it("has nothing to send without a header or an account_ref column", () => {
    expect(importChunks("", [])).toEqual([]);
    expect(importChunks("name,phone\nAda,+15550100001\n", [])).toEqual([]);
  });
});
