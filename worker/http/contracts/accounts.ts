// Accounts (the people an organisation calls), their debts, the do-not-call list, and the
// CSV import's report.
import { z } from "zod";
import { callStatus } from "../../../objects/call/protocol";
import { DISPOSITIONS } from "../../../domain/dispositions";
import { WEEKDAYS } from "../../../domain/inconvenient-times";
import { PHONE_LINE_TYPES } from "../../../domain/phone-line-types";
import { id, instant, routeContract } from "./contract";

export const DEBT_STATUSES = ["open", "disputed", "paid", "closed"] as const;
export const debtStatus = z.enum(DEBT_STATUSES);
export type DebtStatus = z.infer<typeof debtStatus>;

export const disposition = z.enum(DISPOSITIONS);

/** As the compliance module reads them (objects/campaign/compliance/types.ts InconvenientTime). */
export const inconvenientTime = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("weekly"), day: z.enum(WEEKDAYS), from: z.string(), to: z.string() }),
  z.strictObject({ kind: z.literal("dates"), fromDate: z.string(), toDate: z.string() }),
]);

export const account = z.strictObject({
  id,
  externalRef: z.string().nullable(),
  name: z.string(),
  /** E.164 numbers, at least one. */
  phones: z.array(z.string()),
  /** Each number's line type where the numbering plan says; a number absent here is unknown. */
  phoneLineTypes: z.record(z.string(), z.enum(PHONE_LINE_TYPES)),
  timeZone: z.string().nullable(),
  /** Where the consumer lives: a two-letter US state code, or null when not known (the area code then decides the recording disclosure). */
  state: z.string().nullable(),
  balanceDueCents: z.number().int(),
  preferredLanguage: z.string(),
  doNotCall: z.boolean(),
  /** true: consent granted; false: refused; null: unknown (autodialled campaigns skip it). */
  consent: z.boolean().nullable(),
  lastContactedAt: instant.nullable(),
  inconvenientTimes: z.array(inconvenientTime),
  /** Lower-case labels segments filter by. */
  tags: z.array(z.string()),
  /** The CSV import that last created or changed the account; null when never imported. */
  importBatchId: id.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type Account = z.infer<typeof account>;

export const accountPage = z.strictObject({ accounts: z.array(account), total: z.number().int() });
export type AccountPage = z.infer<typeof accountPage>;

export const debt = z.strictObject({
  id,
  accountId: id,
  externalRef: z.string().nullable(),
  creditor: z.string(),
  balanceCents: z.number().int(),
  status: debtStatus,
  createdAt: instant,
  updatedAt: instant,
});
export type Debt = z.infer<typeof debt>;

/** One of an account's last calls (newest first). */
export const accountRecentCall = z.strictObject({
  id,
  status: callStatus,
  createdAt: instant,
  disposition: disposition.nullable(),
  agentUserId: id.nullable(),
  durationSeconds: z.number().int().nullable(),
});
export type AccountRecentCall = z.infer<typeof accountRecentCall>;

export const accountWithContext = z.strictObject({ account, debts: z.array(debt), recentCalls: z.array(accountRecentCall) });
export type AccountWithContext = z.infer<typeof accountWithContext>;

const accountBody = z.strictObject({ account });
const debtBody = z.strictObject({ debt });

export const listAccounts = routeContract({ method: "GET", path: "/api/accounts", response: { 200: accountPage }, errors: [] });
export const getAccount = routeContract({ method: "GET", path: "/api/accounts/:id", response: { 200: accountWithContext }, errors: [] });
/** conflict: another account has the external reference. */
export const createAccount = routeContract({ method: "POST", path: "/api/accounts", response: { 201: accountBody }, errors: ["conflict"] });
export const changeAccount = routeContract({ method: "PATCH", path: "/api/accounts/:id", response: { 200: accountBody }, errors: [] });

export const listDebts = routeContract({ method: "GET", path: "/api/accounts/:id/debts", response: { 200: z.strictObject({ debts: z.array(debt) }) }, errors: [] });
/** conflict: another debt has the external reference. */
export const addDebt = routeContract({ method: "POST", path: "/api/accounts/:id/debts", response: { 201: debtBody }, errors: ["conflict"] });
export const changeDebt = routeContract({ method: "PATCH", path: "/api/debts/:id", response: { 200: debtBody }, errors: ["conflict"] });

/** A do-not-call entry: org-wide when campaignId is null. */
export const dncEntry = z.strictObject({ id, phone: z.string(), campaignId: id.nullable(), reason: z.string(), createdAt: instant });
export type DncEntry = z.infer<typeof dncEntry>;

export const dncPage = z.strictObject({ entries: z.array(dncEntry), total: z.number().int() });
export type DncPage = z.infer<typeof dncPage>;

const dncEntryBody = z.strictObject({ entry: dncEntry });

export const listDnc = routeContract({ method: "GET", path: "/api/dnc", response: { 200: dncPage }, errors: [] });
/** 201 a new entry; 200 the entry already there (a retry is safe). */
export const addDnc = routeContract({ method: "POST", path: "/api/dnc", response: { 201: dncEntryBody, 200: dncEntryBody }, errors: [] });
export const removeDnc = routeContract({ method: "DELETE", path: "/api/dnc/:id", response: { 200: dncEntryBody }, errors: [] });

/** A cell (or row) an import could not read; row 1 is the header, as a spreadsheet numbers rows. */
export const importRowError = z.strictObject({ row: z.number().int(), field: z.string(), reason: z.string() });
export type ImportRowError = z.infer<typeof importRowError>;

export const importChangeCounts = z.strictObject({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type ImportChangeCounts = z.infer<typeof importChangeCounts>;

/** What the file would do (dryRun) or did. */
export const importReport = z.strictObject({
  dryRun: z.boolean(),
  rows: z.strictObject({ read: z.number().int(), accepted: z.number().int(), rejected: z.number().int() }),
  accounts: importChangeCounts,
  debts: importChangeCounts,
  /** Every data row left out; `errors` may list only the first 1,000 problems. */
  rejectedRows: z.array(z.number().int()),
  errors: z.array(importRowError),
  errorsTruncated: z.boolean(),
  ignoredColumns: z.array(z.string()),
  /** Whether the header has a consent column. */
  consentColumn: z.boolean(),
  /** Accepted rows that gave no consent (no column, or a blank cell): a new account from them has consent unknown. */
  rowsWithoutConsent: z.number().int(),
  durationMs: z.number(),
  /** The batch the accounts this import created or changed now carry (a segment filters by it); null for a dry run. */
  importBatchId: id.nullable(),
});
export type ImportReport = z.infer<typeof importReport>;

export const importAccounts = routeContract({ method: "POST", path: "/api/accounts/import", response: { 200: importReport }, errors: [] });

export const accountRoutes = [
  listAccounts,
  getAccount,
  createAccount,
  changeAccount,
  listDebts,
  addDebt,
  changeDebt,
  listDnc,
  addDnc,
  removeDnc,
  importAccounts,
] as const;
