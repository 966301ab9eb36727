import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../worker/accounts/csv";
import { diffImport, type StoredAccount, type StoredDebt } from "../../../worker/accounts/import-changes";
import { normalizePhone, planImport, readCents } from "../../../worker/accounts/import-rows";

const plan = (text: string) => planImport(parseCsv(text));
const HEADER = "account_ref,name,phone,time_zone,balance_due,language,do_not_call,consent,debt_ref,debt_balance,creditor";

describe("reading an account file", () => {
  it("reads every column of a good row", () => {
    const result = plan(`${HEADER}\nA-1,Ada Lovelace,+15550100001,America/New_York,"1,234.56",EN-us,yes,0,D-1,99.5,Acme Bank\n`);
    expect(result.errors).toEqual([]);
    expect(result.accounts).toEqual([
      {
        externalRef: "A-1",
        name: "Ada Lovelace",
        phones: ["+15550100001"],
        phoneLineTypes: { "+15550100001": "unknown" },
        timeZone: "America/New_York",
        balanceDueCents: 123_456,
        preferredLanguage: "en",
        doNotCall: true,
        consent: false,
        rows: [2],
      },
    ]);
    expect(result.debts).toEqual([{ externalRef: "D-1", accountRef: "A-1", balanceCents: 9950, creditor: "Acme Bank", row: 2 }]);
  });

  it("finds columns by name in any order and any case, ignoring columns it does not know", () => {
    const result = plan("Phone,NOTES,Name,Account Ref\n+15550100002,vip,Bo,A-2\n");
    expect(result.errors).toEqual([]);
    expect(result.ignoredColumns).toEqual(["NOTES"]);
    expect(result.accounts[0]).toMatchObject({ externalRef: "A-2", name: "Bo", phones: ["+15550100002"] });
  });

  it("leaves blank optional cells out, so a stored account keeps its value", () => {
    const [account] = plan("account_ref,name,phone,time_zone,consent\nA-3,Cy,+15550100003,,\n").accounts;
    expect(account).toEqual({ externalRef: "A-3", name: "Cy", phones: ["+15550100003"], phoneLineTypes: { "+15550100003": "unknown" }, rows: [2] });
  });

  it("counts the rows that gave no consent: every row when the file has no consent column", () => {
    const result = plan("account_ref,name,phone\nA-1,Ada,+15550100001\nA-2,Bo,+15550100002\n");
    expect(result).toMatchObject({ consentColumn: false, rowsWithoutConsent: 2 });
    expect(result.accounts.map((a) => a.consent)).toEqual([undefined, undefined]);
  });

  it("counts blank consent cells too, and not the rows that say yes or no", () => {
    expect(plan("account_ref,name,phone,consent\nA-1,Ada,+15550100001,yes\nA-2,Bo,+15550100002,\nA-3,Cy,+15550100003,no\n")).toMatchObject({
      consentColumn: true,
      rowsWithoutConsent: 1,
    });
  });

  it("refuses a number no numbering plan allows, naming the row, the column and why", () => {
    const result = plan("account_ref,name,phone\nA-1,Ada,+999\nA-2,Bo,+15550100002\n");
    expect(result.rejectedRows).toEqual([2]);
    expect(result.errors).toEqual([{ row: 2, field: "phone", reason: "+999 is not a possible phone number: no country's calling code begins it" }]);
    expect(result.accounts.map((a) => a.externalRef)).toEqual(["A-2"]);
  });

  it("reads several phones separated by ';' or '|', forgiving the usual formatting", () => {
    const [account] = plan('account_ref,name,phone\nA-4,Di,"(555) 010-0004; 1-555-020-0004 | +15550300004;+15550100004"\n').accounts;
    expect(account!.phones).toEqual(["+15550100004", "+15550200004", "+15550300004"]);
  });

  it("reports each bad cell with its row (header = row 1), column and reason", () => {
    const result = plan(
      [
        HEADER,
        "A-5,Ed,+15550100005,America/New_York,10,en,no,yes,,,",
        ",,not-a-phone,Mars/Olympus,ten,english,maybe,perhaps,,,",
        "A-6,Flo,+15550100006,,12.345,,,,D-6,,",
      ].join("\n"),
    );
    expect(result.accounts.map((a) => a.externalRef)).toEqual(["A-5"]);
    expect(result.rejectedRows).toEqual([3, 4]);
    expect(result.errors).toEqual([
      { row: 3, field: "account_ref", reason: "required" },
      { row: 3, field: "name", reason: "required" },
      { row: 3, field: "phone", reason: expect.stringContaining('"not-a-phone" is not a phone number') },
      { row: 3, field: "time_zone", reason: expect.stringContaining("IANA") },
      { row: 3, field: "balance_due", reason: expect.stringContaining("amount") },
      { row: 3, field: "language", reason: expect.stringContaining("language code") },
      { row: 3, field: "do_not_call", reason: expect.stringContaining("yes/no") },
      { row: 3, field: "consent", reason: expect.stringContaining("yes/no") },
      { row: 4, field: "balance_due", reason: expect.stringContaining("amount") },
      { row: 4, field: "debt_balance", reason: "required when debt_ref is given" },
    ]);
  });

  it("reads the consumer's state as a two-letter US code in any case, and refuses anything else naming the column", () => {
    const result = plan(["account_ref,name,phone,state", "S-1,Ana,+15550100011,ca", "S-2,Ben,+15550100012,", "S-3,Cy,+15550100013,California"].join("\n"));
    expect(result.accounts.map((a) => [a.externalRef, a.state])).toEqual([
      ["S-1", "CA"],
      ["S-2", undefined],
    ]);
    expect(result.errors).toEqual([{ row: 4, field: "state", reason: "not a two-letter US state code, like CA" }]);
  });

  it("keeps good rows after bad ones, numbering rows as a spreadsheet does across blank lines and quoted line breaks", () => {
    const result = plan('account_ref,name,phone\n"A-7","Gus\nGrant",+15550100007\n\nA-8,,+15550100008\nA-9,Hal,+15550100009\n');
    expect(result.accounts.map((a) => [a.externalRef, a.rows])).toEqual([
      ["A-7", [2]],
      ["A-9", [5]],
    ]);
    expect(result.errors).toEqual([{ row: 4, field: "name", reason: "required" }]);
    expect(result.rowsRead).toBe(3);
  });

  it("merges rows with the same account_ref into one account with several debts and all their phones", () => {
    const result = plan(
      [
        "account_ref,name,phone,time_zone,debt_ref,debt_balance,creditor",
        "A-10,Ivy,+15550100010,,D-10a,100,First Bank",
        "A-11,Jon,+15550100011,,,,",
        "A-10,Ivy,+15550200010,America/Chicago,D-10b,250.75,Second Bank",
      ].join("\n"),
    );
    expect(result.errors).toEqual([]);
    expect(result.accounts).toEqual([
      { externalRef: "A-10", name: "Ivy", phones: ["+15550100010", "+15550200010"], phoneLineTypes: { "+15550100010": "unknown", "+15550200010": "unknown" }, timeZone: "America/Chicago", rows: [2, 4] },
      { externalRef: "A-11", name: "Jon", phones: ["+15550100011"], phoneLineTypes: { "+15550100011": "unknown" }, rows: [3] },
    ]);
    expect(result.debts.map((d) => [d.externalRef, d.accountRef, d.balanceCents])).toEqual([
      ["D-10a", "A-10", 10_000],
      ["D-10b", "A-10", 25_075],
    ]);
  });

  it("rejects a later row that contradicts an earlier row of the same account, naming both rows", () => {
    const result = plan(
      [
        "account_ref,name,phone,balance_due,debt_ref,debt_balance",
        "A-12,Kim,+15550100012,500,D-12a,500",
        "A-12,Kimberly,+15550100012,600,D-12b,100",
      ].join("\n"),
    );
    expect(result.errors).toEqual([
      { row: 3, field: "name", reason: "differs from row 2 for account_ref A-12" },
      { row: 3, field: "balance_due", reason: "differs from row 2 for account_ref A-12" },
    ]);
    expect(result.debts.map((d) => d.externalRef)).toEqual(["D-12a"]);
  });

  it("allows an exact repeat of a debt row but not the same debt_ref with other values", () => {
    const result = plan(
      [
        "account_ref,name,phone,debt_ref,debt_balance",
        "A-13,Lu,+15550100013,D-13,10",
        "A-13,Lu,+15550100013,D-13,10",
        "A-14,Mo,+15550100014,D-13,10",
      ].join("\n"),
    );
    expect(result.errors).toEqual([{ row: 4, field: "debt_ref", reason: "debt D-13 is already given on row 2" }]);
    expect(result.debts).toHaveLength(1);
    expect(result.accounts.map((a) => a.externalRef)).toEqual(["A-13"]);
  });

  it("needs a debt_ref when a debt's balance or creditor is given", () => {
    const result = plan("account_ref,name,phone,debt_balance,creditor\nA-15,Ned,+15550100015,,Acme\n");
    expect(result.errors).toEqual([{ row: 2, field: "debt_ref", reason: "required when debt_balance or creditor is given" }]);
  });

  it("refuses every row when a required column is missing, saying so on the header row", () => {
    const result = plan("account_ref,phone\nA-16,+15550100016\nA-17,+15550100017\n");
    expect(result.errors).toEqual([{ row: 1, field: "name", reason: expect.stringContaining("required") }]);
    expect(result.rejectedRows).toEqual([2, 3]);
    expect(result.accounts).toEqual([]);
  });

  it("refuses a header that names a column twice", () => {
    const result = plan("account_ref,name,phone,Name\nA-18,Oz,+15550100018,Oz\n");
    expect(result.errors).toEqual([{ row: 1, field: "name", reason: expect.stringContaining("twice") }]);
  });

  it("refuses a row with more cells than the header, and a row whose quote never closes", () => {
    const result = plan('account_ref,name,phone\nA-19,Pia,+15550100019,extra\nA-20,Quin,+15550100020\nA-21,"Ray,+15550100021\n');
    expect(result.accounts.map((a) => a.externalRef)).toEqual(["A-20"]);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [2, "(row)"],
      [4, "(row)"],
    ]);
  });

  it("says so when the file is empty", () => {
    expect(plan("").errors).toEqual([{ row: 1, field: "(file)", reason: "the file is empty" }]);
    expect(plan("account_ref,name,phone\n")).toMatchObject({ rowsRead: 0, errors: [], accounts: [] });
  });
});

describe("cell readers", () => {
  it.each([
    ["1234.56", 123_456],
    ["$1,234.5", 123_450],
    ["0", 0],
    ["7.05", 705],
    ["1,000,000", 100_000_000],
  ])("reads %s dollars as %i cents", (text, cents) => expect(readCents(text)).toBe(cents));

  it.each(["-5", "1.234", "12,34", "1e3", "abc", "$", "1 000"])("refuses %s as an amount", (text) => expect(readCents(text)).toBeNull());

  it.each([
    ["+15550100001", "+15550100001"],
    ["555-010-0001", "+15550100001"],
    ["1 (555) 010 0001", "+15550100001"],
    ["+44 20 7946 0958", "+442079460958"],
    ["010-0001", null],
    ["+0123", null],
  ])("reads the phone %s as %s", (text, phone) => expect(normalizePhone(text)).toBe(phone));
});

describe("comparing an import with what is stored", () => {
  const stored: StoredAccount = {
    id: "acc-1",
    externalRef: "A-1",
    name: "Ada",
    phones: ["+15550100001"],
    timeZone: "America/New_York",
    state: null,
    balanceDueCents: 500,
    preferredLanguage: "es",
    doNotCall: false,
    consent: true,
    phoneLineTypes: { "+15550100001": "unknown" },
  };
  const storedDebt: StoredDebt = { id: "debt-1", externalRef: "D-1", accountRef: "A-1", creditor: "Acme", balanceCents: 500 };

  it("creates what is new with the API's defaults for blank cells, consent unknown (never granted)", () => {
    const { accounts, debts } = plan("account_ref,name,phone,debt_ref,debt_balance\nA-2,Bo,+15550100002,D-2,5\n");
    const changes = diffImport(accounts, debts, [], []);
    expect(changes.accounts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(changes.debts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(changes.accountWrites).toEqual([
      {
        externalRef: "A-2",
        name: "Bo",
        phones: ["+15550100002"],
        phoneLineTypes: { "+15550100002": "unknown" },
        timeZone: null,
        state: null,
        balanceDueCents: 0,
        preferredLanguage: "en",
        doNotCall: false,
        consent: null,
      },
    ]);
  });

  it("leaves a stored account alone when the file says the same, blank cells included", () => {
    const { accounts, debts } = plan("account_ref,name,phone,balance_due,debt_ref,debt_balance\nA-1,Ada,+15550100001,5,D-1,5\n");
    const changes = diffImport(accounts, debts, [stored], [storedDebt]);
    expect(changes.accounts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(changes.debts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(changes.accountWrites).toEqual([]);
    expect(changes.debtWrites).toEqual([]);
    expect(changes.storedAccountIds.get("A-1")).toBe("acc-1");
  });

  it("updates what changed and keeps stored values where the file is blank", () => {
    const { accounts, debts } = plan("account_ref,name,phone,balance_due,debt_ref,debt_balance\nA-1,Ada,+15550100001;+15550200001,7,D-1,7\n");
    const changes = diffImport(accounts, debts, [stored], [storedDebt]);
    expect(changes.accounts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changes.accountWrites[0]).toMatchObject({ phones: ["+15550100001", "+15550200001"], balanceDueCents: 700, preferredLanguage: "es", timeZone: "America/New_York" });
    expect(changes.debtWrites).toEqual([{ externalRef: "D-1", accountRef: "A-1", creditor: "Acme", balanceCents: 700 }]);
  });

  it("keeps a stored account's consent where the file gives none", () => {
    const { accounts, debts } = plan("account_ref,name,phone,balance_due\nA-1,Ada,+15550100001,5\n");
    const changes = diffImport(accounts, debts, [{ ...stored, name: "Ada L" }], []);
    expect(changes.accountWrites[0]).toMatchObject({ consent: true });
  });

  it("stores each phone's line type, and fills it in on an account stored before types were kept", () => {
    const { accounts, debts } = plan("account_ref,name,phone,balance_due\nA-1,Ada,+15550100001;+447400123456,5\n");
    const changes = diffImport(accounts, debts, [{ ...stored, phones: ["+15550100001", "+447400123456"], phoneLineTypes: {} }], []);
    expect(changes.accounts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changes.accountWrites[0]?.phoneLineTypes).toEqual({ "+15550100001": "unknown", "+447400123456": "mobile" });
  });

  it("moves a stored debt to the account the file names", () => {
    const { accounts, debts } = plan("account_ref,name,phone,debt_ref,debt_balance\nA-3,Cy,+15550100003,D-1,5\n");
    const changes = diffImport(accounts, debts, [], [storedDebt]);
    expect(changes.debts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changes.debtWrites[0]).toMatchObject({ accountRef: "A-3" });
  });
});
