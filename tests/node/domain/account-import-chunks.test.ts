import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitImportFile } from "../../../domain/account-import-chunks";
import { parseCsv, readCsvLines } from "../../../worker/accounts/csv";

describe("cutting an account file into the chunks of a chunked import", () => {
  it("gives the server, chunk by chunk, exactly the records and row numbers of the whole file, whatever the text", () => {
    // A byte-order mark only where a file has one: at its start.
    const csvText = fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ") })).map(([bom, body]) => (bom ? "\uFEFF" : "") + body);
    fc.assert(
      fc.property(csvText, fc.integer({ min: 1, max: 4 }), (text, rows) => {
        const [header, ...whole] = parseCsv(text);
        const parts = splitImportFile(text, { rows });
        expect(parseCsv(parts.header)[0]?.fields).toEqual(header?.fields);
        let nextRow = parts.chunks[0]?.firstRow;
        const read = parts.chunks.flatMap((chunk, index) => {
          expect(chunk.index).toBe(index);
          // Chunks follow one another without a gap or an overlap.
          expect(chunk.firstRow).toBe(nextRow);
          const lines = readCsvLines(chunk.csv, chunk.firstRow);
          expect(lines.nextRow).toBe(chunk.firstRow + chunk.lines);
          nextRow = lines.nextRow;
          return lines.records;
        });
        expect(read).toEqual(whole);
        expect(parts.chunks.reduce((sum, c) => sum + c.csv.length, 0)).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3_000 },
    );
  });

  it("cuts at about `rows` records and never between consecutive rows of one account", () => {
    const text = ["name,Account Ref,phone", "Ada,A-1,1", "Ada,A-1,2", "Ada,A-1,3", "Bo,A-2,4", "", "Cy,A-3,5", 'Di,"A-4",6', "Di,A-4,7"].join("\r\n");
    const parts = splitImportFile(text, { rows: 2 });
    expect(parts.header).toBe("name,Account Ref,phone");
    expect(parts.records).toBe(7);
    expect(parts.chunks.map((c) => ({ firstRow: c.firstRow, lines: c.lines, records: c.records }))).toEqual([
      { firstRow: 2, lines: 3, records: 3 },
      { firstRow: 5, lines: 3, records: 2 },
      { firstRow: 8, lines: 2, records: 2 },
    ]);
    expect(parts.chunks[0]!.csv).toBe("Ada,A-1,1\r\nAda,A-1,2\r\nAda,A-1,3\r\n");
  });

  it("cuts a chunk at about `chars` characters too", () => {
    const rows = Array.from({ length: 100 }, (_, i) => `R-${i},Name ${i},+1555010${String(i).padStart(4, "0")}`);
    const parts = splitImportFile(["account_ref,name,phone", ...rows].join("\n"), { rows: 1_000, chars: 300 });
    expect(parts.chunks.length).toBeGreaterThan(5);
    for (const chunk of parts.chunks) expect(chunk.csv.length).toBeLessThanOrEqual(300);
  });

  it("has no chunks for an empty file or a file with only a header", () => {
    expect(splitImportFile("")).toEqual({ header: "", chunks: [], records: 0 });
    expect(splitImportFile("\n\naccount_ref,name,phone\n")).toEqual({ header: "account_ref,name,phone", chunks: [], records: 0 });
  });
});
