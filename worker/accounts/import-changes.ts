// Compares what an import file describes with what is stored and decides, per account
// and per debt, whether the import creates it, updates it or leaves it unchanged. The
// rows it hands back are complete (stored values filled in where the file left a cell
// blank), so the store can upsert them without reading again. Pure.
import type { ImportedAccount, ImportedDebt } from "./import-rows";
import type { PhoneLineTypes } from "../../domain/phone-line-types";

/** The account columns an import writes. */
export interface AccountValues {
  externalRef: string;
  name: string;
  phones: string[];
  timeZone: string | null;
  state: string | null;
  balanceDueCents: number;
  preferredLanguage: string;
  doNotCall: boolean;
  /** null: unknown. */
  consent: boolean | null;
}

/** What an import writes: the values, and each phone's line type (derived from the phones). */
export interface AccountWrite extends AccountValues {
  phoneLineTypes: PhoneLineTypes;
}

export interface StoredAccount extends AccountValues {
  id: string;
  phoneLineTypes: PhoneLineTypes;
}


/** The debt columns an import writes; the account is named by its external reference. */
export interface DebtValues {
  externalRef: string;
  accountRef: string;
  creditor: string;
  balanceCents: number;
}

export interface StoredDebt {
  id: string;
  externalRef: string;
  /** The external reference of the account the debt is stored under (null if that account has none). */
  accountRef: string | null;
  creditor: string;
  balanceCents: number;
}

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportChanges {
  /** Accounts to insert or update (new and changed ones only). */
  accountWrites: AccountWrite[];
  /** Ids of stored accounts the file names, by external reference (unchanged ones included). */
  storedAccountIds: Map<string, string>;
  debtWrites: DebtValues[];
  accounts: ChangeCounts;
  debts: ChangeCounts;
}

/** What a new account gets for a cell the file left blank (the accounts API's defaults). */
export const NEW_ACCOUNT_DEFAULTS = {
  timeZone: null,
  state: null,
  balanceDueCents: 0,
  preferredLanguage: "en",
  doNotCall: false,
  // A file that does not say is unknown, never granted: autodialled campaigns skip it.
  consent: null,
} as const;

export function diffImport(
  accounts: readonly ImportedAccount[],
  debts: readonly ImportedDebt[],
  storedAccounts: readonly StoredAccount[],
  storedDebts: readonly StoredDebt[],
): ImportChanges {
  const storedByRef = new Map(storedAccounts.map((a) => [a.externalRef, a]));
  const accountWrites: AccountWrite[] = [];
  const accountCounts: ChangeCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const imported of accounts) {
    const stored = storedByRef.get(imported.externalRef);
    const base = stored ?? NEW_ACCOUNT_DEFAULTS;
    const values: AccountWrite = {
      externalRef: imported.externalRef,
      name: imported.name,
      phones: [...imported.phones],
      timeZone: imported.timeZone ?? base.timeZone,
      state: imported.state ?? base.state,
      balanceDueCents: imported.balanceDueCents ?? base.balanceDueCents,
      preferredLanguage: imported.preferredLanguage ?? base.preferredLanguage,
      doNotCall: imported.doNotCall ?? base.doNotCall,
      consent: imported.consent ?? base.consent,
      phoneLineTypes: { ...imported.phoneLineTypes },
    };
    if (!stored) accountCounts.created++;
    else if (sameAccount(stored, values)) {
      accountCounts.unchanged++;
      continue;
    } else accountCounts.updated++;
    accountWrites.push(values);
  }

  const storedDebtByRef = new Map(storedDebts.map((d) => [d.externalRef, d]));
  const debtWrites: DebtValues[] = [];
  const debtCounts: ChangeCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const imported of debts) {
    const stored = storedDebtByRef.get(imported.externalRef);
    const values: DebtValues = {
      externalRef: imported.externalRef,
      accountRef: imported.accountRef,
      creditor: imported.creditor ?? stored?.creditor ?? "",
      balanceCents: imported.balanceCents,
    };
    if (!stored) debtCounts.created++;
    else if (stored.accountRef === values.accountRef && stored.creditor === values.creditor && stored.balanceCents === values.balanceCents) {
      debtCounts.unchanged++;
      continue;
    } else debtCounts.updated++;
    debtWrites.push(values);
  }

  return {
    accountWrites,
    storedAccountIds: new Map(storedAccounts.map((a) => [a.externalRef, a.id])),
    debtWrites,
    accounts: accountCounts,
    debts: debtCounts,
  };
}

/** Line types count: an account stored before they were kept gets them on its next import. */
function sameAccount(stored: StoredAccount, next: AccountWrite): boolean {
  return (
    stored.name === next.name &&
    stored.phones.length === next.phones.length &&
    stored.phones.every((p, i) => p === next.phones[i]) &&
    stored.timeZone === next.timeZone &&
    stored.state === next.state &&
    stored.balanceDueCents === next.balanceDueCents &&
    stored.preferredLanguage === next.preferredLanguage &&
    stored.doNotCall === next.doNotCall &&
    stored.consent === next.consent &&
    samePhoneLineTypes(stored.phoneLineTypes, next.phoneLineTypes)
  );
}

function samePhoneLineTypes(stored: PhoneLineTypes, next: PhoneLineTypes): boolean {
  const phones = Object.keys(next);
  return Object.keys(stored).length === phones.length && phones.every((phone) => stored[phone] === next[phone]);
}
