// Turns the records of an account CSV into the accounts and debts it describes, and an
// error for every cell that cannot be read. Pure: no database, no clock.
//
// The file's shape: a header row (names case-insensitive, any order) and one row per
// account or per debt. Several rows with the same account_ref are one account with
// several debts; their phones are combined, and an account field given on two rows must
// agree. A bad row is left out whole (with its debt), and never stops the rows after it.
// A blank optional cell means "not given": a new account gets the default, a stored one
// keeps what it has.
import type { CsvRecord } from "./csv";
import { timeZoneField } from "../routes/validation";
import { E164_SHAPE, readPhoneNumber } from "../../domain/phone-number";
import type { PhoneLineTypes } from "../../domain/phone-line-types";
import { isUsStateCode } from "../../domain/us-states";

export const IMPORT_COLUMNS = [
  "account_ref",
  "name",
  "phone",
  "time_zone",
  "state",
  "balance_due",
  "language",
  "do_not_call",
  "consent",
  "debt_ref",
  "debt_balance",
  "creditor",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ImportColumn[] = ["account_ref", "name", "phone"];

/** At most this many phones per account, as the accounts API allows. */
export const MAX_PHONES_PER_ACCOUNT = 10;
const MAX_CENTS = 1_000_000_000_00;
const AMOUNT_REASON = "not an amount in dollars, like 1234.56";
const YES_NO_REASON = "not true/false, yes/no or 1/0";

export interface RowError {
  /** The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  readonly row: number;
  /** A column name, or "(row)" / "(file)" when the problem is not one cell. */
  readonly field: string;
  readonly reason: string;
}

/** One account as the file describes it; absent fields were left blank on every row. */
export interface ImportedAccount {
  readonly externalRef: string;
  readonly name: string;
  readonly phones: readonly string[];
  /** Each phone's line type, from the same reading that checked it. */
  readonly phoneLineTypes: PhoneLineTypes;
  readonly timeZone?: string;
  /** Two-letter US state code, upper-case. */
  readonly state?: string;
  readonly balanceDueCents?: number;
  readonly preferredLanguage?: string;
  readonly doNotCall?: boolean;
  /** Absent: no row gave it (no consent column, or blank cells); a new account's consent is then unknown. */
  readonly consent?: boolean;
  /** The accepted rows this account was read from, in file order. */
  readonly rows: readonly number[];
}

export interface ImportedDebt {
  readonly externalRef: string;
  readonly accountRef: string;
  readonly balanceCents: number;
  readonly creditor?: string;
  readonly row: number;
}

export interface ImportPlan {
  /** Data rows in the file (blank lines not counted). */
  readonly rowsRead: number;
  readonly accounts: readonly ImportedAccount[];
  readonly debts: readonly ImportedDebt[];
  /** Every data row left out, ascending. */
  readonly rejectedRows: readonly number[];
  readonly errors: readonly RowError[];
  /** Header names that are not import columns; their cells are not read. */
  readonly ignoredColumns: readonly string[];
  /** Whether the header has a consent column. */
  readonly consentColumn: boolean;
  /** Accepted rows that gave no consent (no column, or a blank cell): consent is never assumed. */
  readonly rowsWithoutConsent: number;
}

type AccountFields = Omit<ImportedAccount, "rows">;
type OptionalAccountField = "timeZone" | "state" | "balanceDueCents" | "preferredLanguage" | "doNotCall" | "consent";

/** Which column each optional account field is read from (for conflict errors). */
const OPTIONAL_ACCOUNT_COLUMNS: Record<OptionalAccountField, ImportColumn> = {
  timeZone: "time_zone",
  state: "state",
  balanceDueCents: "balance_due",
  preferredLanguage: "language",
  doNotCall: "do_not_call",
  consent: "consent",
};

interface ReadRow {
  readonly account: AccountFields;
  readonly debt: Omit<ImportedDebt, "row" | "accountRef"> | null;
}

export function planImport(records: readonly CsvRecord[]): ImportPlan {
  const [header, ...data] = records;
  if (!header) {
    return {
      rowsRead: 0,
      accounts: [],
      debts: [],
      rejectedRows: [],
      errors: [{ row: 1, field: "(file)", reason: "the file is empty" }],
      ignoredColumns: [],
      consentColumn: false,
      rowsWithoutConsent: 0,
    };
  }
  const dataRecords = data.filter((record) => record.fields.some((f) => f.trim() !== ""));
  const columns = readHeader(header);
  if (columns.errors.length > 0) {
    return {
      rowsRead: dataRecords.length,
      accounts: [],
      debts: [],
      rejectedRows: dataRecords.map((r) => r.row),
      errors: columns.errors,
      ignoredColumns: columns.ignored,
      consentColumn: columns.index.consent !== undefined,
      rowsWithoutConsent: 0,
    };
  }

  const accounts = new Map<string, { fields: AccountFields; rows: number[]; firstRowOf: Map<string, number> }>();
  const debts = new Map<string, ImportedDebt>();
  const errors: RowError[] = [];
  const rejectedRows: number[] = [];
  let rowsWithoutConsent = 0;

  for (const record of dataRecords) {
    const rowErrors = shapeErrors(record, header.fields.length);
    const read = rowErrors.length === 0 ? readRow(record, columns.index, rowErrors) : null;
    if (read) {
      const existing = accounts.get(read.account.externalRef);
      if (existing) rowErrors.push(...conflicts(existing.fields, existing.firstRowOf, read.account, record.row));
      const earlierDebt = read.debt ? debts.get(read.debt.externalRef) : undefined;
      if (read.debt && earlierDebt && !sameDebt(earlierDebt, read.account.externalRef, read.debt)) {
        rowErrors.push({ row: record.row, field: "debt_ref", reason: `debt ${read.debt.externalRef} is already given on row ${earlierDebt.row}` });
      }
    }
    if (!read || rowErrors.length > 0) {
      errors.push(...rowErrors);
      rejectedRows.push(record.row);
      continue;
    }

    if (read.account.consent === undefined) rowsWithoutConsent++;
    const existing = accounts.get(read.account.externalRef);
    if (existing) {
      existing.fields = merge(existing.fields, read.account);
      existing.rows.push(record.row);
      noteFirstRows(existing.firstRowOf, read.account, record.row);
    } else {
      const firstRowOf = new Map([["name", record.row]]);
      noteFirstRows(firstRowOf, read.account, record.row);
      accounts.set(read.account.externalRef, { fields: read.account, rows: [record.row], firstRowOf });
    }
    if (read.debt && !debts.has(read.debt.externalRef)) {
      debts.set(read.debt.externalRef, { ...read.debt, accountRef: read.account.externalRef, row: record.row });
    }
  }

  return {
    rowsRead: dataRecords.length,
    accounts: [...accounts.values()].map(({ fields, rows }) => ({ ...fields, rows })),
    debts: [...debts.values()],
    rejectedRows,
    errors,
    ignoredColumns: columns.ignored,
    consentColumn: columns.index.consent !== undefined,
    rowsWithoutConsent,
  };
}

interface HeaderReading {
  index: Partial<Record<ImportColumn, number>>;
  ignored: string[];
  errors: RowError[];
}

/** "Account Ref", "account-ref" and "ACCOUNT_REF" all name account_ref. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

function readHeader(header: CsvRecord): HeaderReading {
  const index: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  const errors: RowError[] = [];
  header.fields.forEach((raw, position) => {
    const name = normalizeColumnName(raw);
    if (name === "") return;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      ignored.push(raw.trim());
      return;
    }
    const column = name as ImportColumn;
    if (index[column] !== undefined) errors.push({ row: header.row, field: column, reason: "the column appears twice in the header" });
    else index[column] = position;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (index[column] === undefined) errors.push({ row: header.row, field: column, reason: "the header has no such column, and it is required" });
  }
  return { index, ignored, errors };
}

function shapeErrors(record: CsvRecord, headerWidth: number): RowError[] {
  if (record.unterminatedQuote) {
    return [{ row: record.row, field: "(row)", reason: "a quoted field is never closed (a \" is missing)" }];
  }
  // Fewer cells than the header is fine (trailing blanks are often trimmed); more is a shifted row.
  if (record.fields.slice(headerWidth).some((f) => f.trim() !== "")) {
    return [{ row: record.row, field: "(row)", reason: `the row has ${record.fields.length} cells, the header ${headerWidth}` }];
  }
  return [];
}

function readRow(record: CsvRecord, index: Partial<Record<ImportColumn, number>>, errors: RowError[]): ReadRow | null {
  const cell = (column: ImportColumn) => {
    const position = index[column];
    return position === undefined ? "" : (record.fields[position] ?? "").trim();
  };
  const fail = (field: ImportColumn, reason: string) => {
    errors.push({ row: record.row, field, reason });
    return undefined;
  };
  /** A blank cell is "not given"; a cell that does not read is an error with `reason`. */
  const optional = <T>(column: ImportColumn, read: (text: string) => T | null, reason: string) => {
    const text = cell(column);
    if (text === "") return undefined;
    const value = read(text);
    return value === null ? fail(column, reason) : value;
  };

  const externalRef = cell("account_ref") || fail("account_ref", "required");
  if (externalRef && externalRef.length > 100) fail("account_ref", "at most 100 characters");
  const name = cell("name") || fail("name", "required");
  if (name && name.length > 200) fail("name", "at most 200 characters");
  const read = readPhones(cell("phone"), (reason) => fail("phone", reason));
  const timeZone = optional("time_zone", (t) => (timeZoneField.safeParse(t).success ? t : null), "not an IANA time zone, like America/New_York");
  const state = optional("state", (t) => (isUsStateCode(t) ? t.trim().toUpperCase() : null), "not a two-letter US state code, like CA");
  const balanceDueCents = optional("balance_due", readCents, AMOUNT_REASON);
  const preferredLanguage = optional("language", readLanguage, "not a two-letter language code, like en");
  const doNotCall = optional("do_not_call", readYesNo, YES_NO_REASON);
  const consent = optional("consent", readYesNo, YES_NO_REASON);

  const debtRef = cell("debt_ref");
  if (debtRef.length > 100) fail("debt_ref", "at most 100 characters");
  const debtBalance = optional("debt_balance", readCents, AMOUNT_REASON);
  const creditor = cell("creditor");
  if (creditor.length > 200) fail("creditor", "at most 200 characters");
  if (!debtRef && (cell("debt_balance") !== "" || creditor !== "")) fail("debt_ref", "required when debt_balance or creditor is given");
  if (debtRef && cell("debt_balance") === "") fail("debt_balance", "required when debt_ref is given");

  if (errors.length > 0 || !externalRef || !name || !read) return null;
  const account: AccountFields = {
    externalRef,
    name,
    phones: read.phones,
    phoneLineTypes: read.lineTypes,
    ...defined({ timeZone, state, balanceDueCents, preferredLanguage, doNotCall, consent }),
  };
  const debt = debtRef && debtBalance !== undefined ? { externalRef: debtRef, balanceCents: debtBalance, ...(creditor ? { creditor } : {}) } : null;
  return { account, debt };
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Several numbers separated by ';' or '|', with each one's line type. Formatting is forgiven: "(555) 010-0001" is +15550100001. */
export function readPhones(text: string, fail: (reason: string) => void): { phones: string[]; lineTypes: PhoneLineTypes } | null {
  const parts = text
    .split(/[;|]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) {
    fail("required");
    return null;
  }
  const phones: string[] = [];
  const lineTypes: PhoneLineTypes = {};
  for (const part of parts) {
    const phone = normalizePhone(part);
    if (!phone) {
      fail(`${JSON.stringify(part)} is not a phone number (E.164, like +15550100001)`);
      return null;
    }
    // The same reading as the accounts API and every dial: "+999" is E.164-shaped but no country's.
    const reading = readPhoneNumber(phone);
    if (!reading.ok) {
      fail(reading.reason);
      return null;
    }
    if (!phones.includes(phone)) phones.push(phone);
    lineTypes[phone] = reading.lineType;
  }
  if (phones.length > MAX_PHONES_PER_ACCOUNT) {
    fail(`at most ${MAX_PHONES_PER_ACCOUNT} numbers`);
    return null;
  }
  return { phones, lineTypes };
}

/** E.164-shaped, or a North American number written the way people write it (10 digits, or 1 + 10); readPhones then asks the numbering plans. */
export function normalizePhone(text: string): string | null {
  const compact = text.replace(/[\s().-]/g, "");
  const candidate = /^\d{10}$/.test(compact) ? `+1${compact}` : /^1\d{10}$/.test(compact) ? `+${compact}` : compact;
  return E164_SHAPE.test(candidate) ? candidate : null;
}

/** Dollars with at most two decimals, "$1,234.56" or "1234.5", as whole cents. */
export function readCents(text: string): number | null {
  const match = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const dollars = Number(match[1]!.replace(/,/g, ""));
  const cents = dollars * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) && cents <= MAX_CENTS ? cents : null;
}

export function readYesNo(text: string): boolean | null {
  const word = text.toLowerCase();
  if (word === "true" || word === "yes" || word === "y" || word === "1") return true;
  if (word === "false" || word === "no" || word === "n" || word === "0") return false;
  return null;
}

/** A two-letter language code; a regional tag like "en-US" keeps its language. */
export function readLanguage(text: string): string | null {
  const match = /^([a-z]{2})(?:[-_][a-z]{2})?$/i.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

function conflicts(earlier: AccountFields, firstRowOf: Map<string, number>, next: AccountFields, row: number): RowError[] {
  const errors: RowError[] = [];
  if (earlier.name !== next.name) {
    errors.push({ row, field: "name", reason: `differs from row ${firstRowOf.get("name")} for account_ref ${next.externalRef}` });
  }
  for (const [field, column] of Object.entries(OPTIONAL_ACCOUNT_COLUMNS) as [OptionalAccountField, ImportColumn][]) {
    const before = earlier[field];
    const after = next[field];
    if (before !== undefined && after !== undefined && before !== after) {
      errors.push({ row, field: column, reason: `differs from row ${firstRowOf.get(field)} for account_ref ${next.externalRef}` });
    }
  }
  const combined = new Set([...earlier.phones, ...next.phones]);
  if (combined.size > MAX_PHONES_PER_ACCOUNT) {
    errors.push({ row, field: "phone", reason: `account_ref ${next.externalRef} would have more than ${MAX_PHONES_PER_ACCOUNT} numbers` });
  }
  return errors;
}

/** Remembers the first row that gave each account field, to name it in a conflict. */
function noteFirstRows(firstRowOf: Map<string, number>, account: AccountFields, row: number): void {
  for (const field of Object.keys(OPTIONAL_ACCOUNT_COLUMNS) as OptionalAccountField[]) {
    if (account[field] !== undefined && !firstRowOf.has(field)) firstRowOf.set(field, row);
  }
}

/** A debt row given again word for word (same account, balance and creditor) is harmless. */
function sameDebt(earlier: ImportedDebt, accountRef: string, debt: NonNullable<ReadRow["debt"]>): boolean {
  return earlier.accountRef === accountRef && earlier.balanceCents === debt.balanceCents && earlier.creditor === debt.creditor;
}

function merge(earlier: AccountFields, next: AccountFields): AccountFields {
  const phones = [...earlier.phones];
  for (const phone of next.phones) if (!phones.includes(phone)) phones.push(phone);
  return { ...next, ...defined(earlier), phones, phoneLineTypes: { ...earlier.phoneLineTypes, ...next.phoneLineTypes } };
}
