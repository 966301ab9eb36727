import { z } from "zod";

// Recording disclosure: before a call is recorded, a party in an all-party-consent state
// hears the organisation's disclosure. Which states those are is data with its sources
// (all-party-consent-states.ts); this module decides, from the numbers and what the
// account says, whether a call needs the disclosure.

/** What is spoken when the organisation has written nothing of its own. */
export const DEFAULT_RECORDING_DISCLOSURE = "This call is recorded for quality and compliance purposes.";
export const MAX_RECORDING_DISCLOSURE_CHARS = 500;

/** The API's rule for the organisation's disclosure (400 naming the field). */
export const recordingDisclosureField = z.string().trim().min(10, "at least 10 characters: a disclosure must say the call is recorded").max(MAX_RECORDING_DISCLOSURE_CHARS, `at most ${MAX_RECORDING_DISCLOSURE_CHARS} characters`);
