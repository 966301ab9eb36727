import { z } from "zod";
import { ALL_PARTY_CONSENT_STATES } from "./all-party-consent-states";

// Recording disclosure: before a call is recorded, a party in an all-party-consent state
// hears the organisation's disclosure. Which states those are is data with its sources
// (all-party-consent-states.ts); this module decides, from the numbers and what the
// account says, whether a call needs the disclosure.

/** What is spoken when the organisation has written nothing of its own. */
export const DEFAULT_RECORDING_DISCLOSURE = "This call is recorded for quality and compliance purposes.";
export const MAX_RECORDING_DISCLOSURE_CHARS = 500;

/** The API's rule for the organisation's disclosure (400 naming the field). */
export const recordingDisclosureField = z.string().trim().min(10, "at least 10 characters: a disclosure must say the call is recorded").max(MAX_RECORDING_DISCLOSURE_CHARS, `at most ${MAX_RECORDING_DISCLOSURE_CHARS} characters`);

const STATE_OF_AREA_CODE = new Map(Object.entries(ALL_PARTY_CONSENT_STATES).flatMap(([state, { areaCodes }]) => areaCodes.map((code) => [code, state] as const)));

/**
 * The all-party-consent state a call's customer is in, if any: the account's state when
 * known (two-letter code), else the area code of a North American number. Null: no
 * all-party rule is known to apply (one-party states, numbers outside the plan).
 */
export function allPartyConsentStateOf(customerNumber: string, accountState: string | null = null): string | null {
  if (accountState) return Object.hasOwn(ALL_PARTY_CONSENT_STATES, accountState.toUpperCase()) ? accountState.toUpperCase() : null;
  const nanp = /^\+1(\d{3})\d{7}$/.exec(customerNumber);
  return nanp ? (STATE_OF_AREA_CODE.get(nanp[1]!) ?? null) : null;
}

/** What to say before recording starts: the organisation's disclosure, or nothing when no all-party state applies or nothing is recorded. */
export function disclosureBeforeRecording(call: { record: boolean; customerNumber: string; accountState?: string | null }, organisationDisclosure: string): string | null {
  if (!call.record) return null;
  return allPartyConsentStateOf(call.customerNumber, call.accountState ?? null) ? organisationDisclosure : null;
}
