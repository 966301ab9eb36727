// Payment-reminder campaigns: a pacing mode of the dialer with no agents. An answered
// call goes straight to the IVR (greeting, disclosure, 1 pay / 2 balance / 3 agent), a
// machine gets the campaign's voicemail. The IVR is an artificial voice, so the TCPA
// (47 USC 227(b)(1)(A)-(B), 47 CFR 64.1200(a)(1)-(3)) wants the callee's prior express
// consent to prerecorded or artificial-voice calls: only an account whose consent is
// granted is dialled. Unknown is not consent, and a campaign's "dial unknown consent"
// (a list consented elsewhere for autodialled calls) does not stretch to this.
import type { Consent } from "./consent";

export const PAYMENT_REMINDER_MODE = "payment_reminder" as const;

/** Calls a reminder campaign keeps in flight at once: bounded by what the carrier account and the IVR can hold. */
export const MIN_CONCURRENT_CALLS = 1;
export const MAX_CONCURRENT_CALLS = 100;
export const DEFAULT_CONCURRENT_CALLS = 10;

export const isPaymentReminder = (campaign: { pacingMode: string }): boolean => campaign.pacingMode === PAYMENT_REMINDER_MODE;

/** Whether a reminder campaign may call an account with this consent: granted only (never refused, never unknown). */
export const reminderConsentAllows = (consent: Consent): boolean => consent === true;

/**
 * How many calls a reminder campaign places now: up to its concurrency limit, counting
 * every call still in flight (ringing, in the IVR, leaving a voicemail). No agents and
 * no over-dialling: nobody waits for a person, so no call can be abandoned.
 */
export function reminderDials(maxConcurrentCalls: number, callsInFlight: number): number {
  const limit = Math.max(0, Math.floor(maxConcurrentCalls));
  return Math.max(0, limit - callsInFlight);
}

/** What the room shows as the pacer's reason. */
export function reminderPacingText(maxConcurrentCalls: number, callsInFlight: number, dials: number): string {
  const running = `${callsInFlight} of ${maxConcurrentCalls} call${maxConcurrentCalls === 1 ? "" : "s"} in flight`;
  return dials > 0 ? `Payment reminders: ${running}, dialling ${dials}` : `Payment reminders: ${running}, at the limit`;
}
