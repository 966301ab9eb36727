// A collections file as a call floor receives it: one row per debt, most accounts with one
// debt and every fifth with two (on consecutive rows), a few optional columns, and one row in
// a thousand with a phone number that does not read (so the report has errors to carry).
export interface GeneratedFile {
  text: string;
  /** Data rows. */
  rows: number;
  /** Accounts the good rows describe. */
  accounts: number;
  /** Rows the import must leave out. */
  badRows: number;
}

export const BAD_ROW_EVERY = 1_000;

export function generateAccountsFile(rows: number, tag: string): GeneratedFile {
  const lines = ["account_ref,name,phone,time_zone,balance_due,language,consent,debt_ref,debt_balance,creditor"];
  const zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];
  const goodAccounts = new Set<number>();
  let account = 0;
  let badRows = 0;
  for (let row = 0; row < rows; ) {
    account++;
    const debts = account % 5 === 0 ? 2 : 1;
    for (let d = 1; d <= debts && row < rows; d++, row++) {
      const bad = (row + 1) % BAD_ROW_EVERY === 0;
      const phone = bad ? "not-a-phone" : `+1555${String(1_000_000 + (account % 9_000_000)).padStart(7, "0")}`;
      if (bad) badRows++;
      else goodAccounts.add(account);
      const balance = (1000 + (account % 90_000)) / 100;
      lines.push(
        `BENCH-${tag}-${account},"Debtor ${account}, Jr",${phone},${zones[account % zones.length]},${balance.toFixed(2)},en,yes,BENCH-${tag}-${account}-D${d},${balance.toFixed(2)},Lakeside Bank`,
      );
    }
  }
  return { text: `${lines.join("\r\n")}\r\n`, rows, accounts: goodAccounts.size, badRows };
}
