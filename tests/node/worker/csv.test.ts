import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../worker/accounts/csv";

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);
const rowsOf = (text: string) => parseCsv(text).map((r) => r.row);

describe("reading CSV text", () => {
  it("splits plain rows into fields", () => {
    expect(fieldsOf("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads the last row whether or not the file ends with a line break", () => {
    expect(fieldsOf("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("treats CRLF, LF and a lone CR alike", () => {
    expect(fieldsOf("a,b\r\n1,2\r\n")).toEqual(fieldsOf("a,b\n1,2\n"));
    expect(fieldsOf("a,b\r1,2\r")).toEqual(fieldsOf("a,b\n1,2\n"));
    expect(rowsOf("a\r\nb\rc\nd")).toEqual([1, 2, 3, 4]);
  });

  it("drops a byte-order mark so the first header is read as written", () => {
    expect(fieldsOf("\uFEFFaccount_ref,name\nR1,Ada\n")[0]).toEqual(["account_ref", "name"]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", () => {
    expect(fieldsOf('name,note\n"Smith, Jane","said ""call after 5""\non Monday"\n')).toEqual([
      ["name", "note"],
      ["Smith, Jane", 'said "call after 5"\non Monday'],
    ]);
  });

  it("keeps empty fields, quoted or not, and a trailing empty field", () => {
    expect(fieldsOf('a,,"",b,\n')).toEqual([["a", "", "", "b", ""]]);
  });

  it("numbers rows as a spreadsheet does: a line break inside quotes does not start a row", () => {
    const records = parseCsv('h\n"two\r\nlines"\nthird\n');
    expect(records.map((r) => [r.row, r.fields[0]])).toEqual([
      [1, "h"],
      [2, "two\r\nlines"],
      [3, "third"],
    ]);
  });

  it("skips blank lines but keeps counting them as rows", () => {
    expect(rowsOf("h\n\n2nd data\r\n\r\nlast\n\n")).toEqual([1, 3, 5]);
  });

  it("keeps a quote in the middle of an unquoted field as a character", () => {
    expect(fieldsOf('5" floppy,x\n')).toEqual([['5" floppy', "x"]]);
  });

  it("keeps spaces around fields (the importer trims cells it reads)", () => {
    expect(fieldsOf(" a , b \n")).toEqual([[" a ", " b "]]);
  });

  it("flags a quoted field that never closes instead of swallowing the file silently", () => {
    const records = parseCsv('h1,h2\nok,1\n"broken,2\nafter,3\n');
    expect(records.slice(0, 2).every((r) => !r.unterminatedQuote)).toBe(true);
    expect(records[2]).toMatchObject({ row: 3, unterminatedQuote: true });
    expect(records).toHaveLength(3);
  });

  it("reads an empty text as no records", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
    expect(parseCsv("\n\r\n")).toEqual([]);
  });

  it("reads a row of only commas as empty fields", () => {
    expect(fieldsOf(",,\n")).toEqual([["", "", ""]]);
  });
});
