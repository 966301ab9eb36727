// The compliance skips of a campaign as CSV, for auditors and spreadsheets (RFC 4180
// quoting). Free text that a spreadsheet would run as a formula (=, +, -, @ first) is
// prefixed with an apostrophe; E.164 numbers stay as they are.
export interface SkipCsvRow {
  occurredAt: Date;
  accountId: string | null;
  accountName: string | null;
  phone: string;
  reason: string;
  reasonLabel: string;
  explanation: string;
  nextEligibleAt: Date | null;
}

const HEADER = ["occurred_at", "account_id", "account_name", "phone", "reason", "reason_label", "explanation", "next_eligible_at"];
const E164 = /^\+[1-9]\d{1,14}$/;

export function skipsCsv(rows: readonly SkipCsvRow[]): string {
  const lines = [HEADER.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.occurredAt.toISOString(),
        row.accountId ?? "",
        row.accountName ?? "",
        row.phone,
        row.reason,
        row.reasonLabel,
        row.explanation,
        row.nextEligibleAt?.toISOString() ?? "",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !E164.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
