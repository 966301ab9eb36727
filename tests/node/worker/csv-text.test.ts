// Whether an import body is CSV text at all, before it is read as rows: the reasons a
// supervisor reads when they pick the wrong file.
import { describe, expect, it } from "vitest";
import { whyNotCsvText } from "../../../worker/accounts/csv-text";

describe("telling CSV text from a file that is not", () => {
  it("accepts a spreadsheet's CSV, with a byte-order mark, accents, tabs and quoted line breaks", () => {
    expect(whyNotCsvText("\uFEFFaccount_ref,name,phone\r\nR-1,\"Zoë\nÑúñez\",+15550100001\tx\r\n")).toBeNull();
  });

  it("leaves an empty file to the import, which reports the missing columns", () => {
    expect(whyNotCsvText("")).toBeNull();
    expect(whyNotCsvText("\n\n")).toBeNull();
  });

  it("tolerates a stray control character in a cell of a long file", () => {
    const rows = Array.from({ length: 50 }, (_, i) => `R-${i},Person ${i},+1555010${String(i).padStart(4, "0")}`);
    expect(whyNotCsvText(["account_ref,name,phone", ...rows.slice(0, 25), "R-x,Form\u000Cfeed,+15550100999", ...rows.slice(25)].join("\n"))).toBeNull();
  });

  it("refuses a Windows-1252 file, naming the line of the first byte that is not UTF-8", () => {
    const latin1 = new TextDecoder("utf-8").decode(new Uint8Array([...new TextEncoder().encode("account_ref,name\nR-1,Zo"), 0xeb, 0x0a]));
    expect(whyNotCsvText(latin1)).toMatch(/^line 2 holds bytes that are not UTF-8/);
  });

  it("refuses NUL bytes, a high share of control characters and a first line that is not column names", () => {
    expect(whyNotCsvText("a\u0000c\u0000c\u0000")).toMatch(/NUL bytes/);
    expect(whyNotCsvText("account_ref\u0001\u0002\u0003,name\n")).toMatch(/control characters/);
    expect(whyNotCsvText("12345,67890\n1,2\n")).toMatch(/not a header row/);
    expect(whyNotCsvText(`${"x".repeat(5_000)}\n`)).toMatch(/not a header row/);
  });
});
