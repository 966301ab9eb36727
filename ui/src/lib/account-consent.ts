// How the console words an account's consent (granted / refused / unknown, domain/consent.ts)
// and its phones' line types, and what the import report says about rows that gave no
// consent. Unknown is shown as its own state, never as granted.
import { consentState, type Consent } from "../../../domain/consent";
import type { PhoneLineType } from "../../../domain/phone-line-types";

export interface ConsentBadge {
  label: string;
  tone: "warning" | "danger";
  /** Why it matters, for a tooltip or a fact row. */
  detail: string;
}

/** The badge an account shows for its consent; null when consent is on record. */
export function consentBadge(consent: Consent): ConsentBadge | null {
  switch (consentState(consent)) {
    case "granted":
      return null;
    case "refused":
      return { label: "No consent", tone: "danger", detail: "Consent refused: no campaign dials this account" };
    case "unknown":
      return {
        label: "Consent unknown",
        tone: "warning",
        detail: "Nobody recorded consent: progressive and predictive campaigns skip this account unless set to dial unknown consent; an agent may still call it",
      };
  }
}

/** The account page's fact row. */
export function consentFact(consent: Consent): string {
  return consentBadge(consent)?.detail ?? "Granted";
}

const LINE_TYPE_LABELS: Record<PhoneLineType, string> = {
  mobile: "mobile",
  fixed_line: "landline",
  fixed_line_or_mobile: "landline or mobile",
  toll_free: "toll free",
  premium_rate: "premium rate",
  shared_cost: "shared cost",
  voip: "VoIP",
  personal_number: "personal number",
  pager: "pager",
  uan: "universal access number",
  voicemail: "voicemail",
  unknown: "line type unknown",
};

/** "mobile", "landline" …; a number without a stored type reads as unknown. */
export function lineTypeLabel(types: Partial<Record<string, PhoneLineType>> | undefined, phone: string): string {
  return LINE_TYPE_LABELS[types?.[phone] ?? "unknown"];
}

/** What the dry run says about rows without consent; null when every good row gave it. */
export function importConsentNote(report: { consentColumn: boolean; rowsWithoutConsent: number }): string | null {
  const rows = report.rowsWithoutConsent;
  if (rows === 0) return null;
  const which = report.consentColumn ? `${rows} good ${rows === 1 ? "row has" : "rows have"} a blank consent cell` : `The file has no consent column: ${rows} good ${rows === 1 ? "row gives" : "rows give"} no consent`;
  return `${which}. New accounts from them are stored with consent unknown (never assumed): progressive and predictive campaigns skip them unless set to dial unknown consent. Stored accounts keep the consent they have.`;
}
