// An account's consent to be called, in three states. Postgres and the API keep it as a
// nullable boolean: true = granted, false = refused, null = unknown (nobody said: an
// import without a consent column, an API call that left it out). Unknown is never
// taken for granted.
//
// The law behind who may dial an unknown: the TCPA's prior express consent (47 USC 227(b),
// 47 CFR 64.1200(a)(1)–(2)) governs calls placed with an automatic telephone dialing
// system or an artificial or prerecorded voice. Progressive and predictive pacing pick
// the number and dial it with no person deciding each call (and can end in a recorded
// safe-harbor message or voicemail), so they skip unknown consent unless the campaign
// says its list was consented outside this system (`dialUnknownConsent`). A preview
// call, and a manual call, is dialled by an agent who chose that one number: it may
// reach an unknown. A refusal (false) is refused by every path that checks consent.

export type Consent = boolean | null;
export type ConsentState = "granted" | "refused" | "unknown";

export function consentState(consent: Consent): ConsentState {
  return consent === true ? "granted" : consent === false ? "refused" : "unknown";
}

/** Why consent blocks a dial, or null when it does not. */
export function consentRefusal(consent: Consent, unknownAllowed: boolean): "no_consent" | "consent_unknown" | null {
  if (consent === false) return "no_consent";
  if (consent === null && !unknownAllowed) return "consent_unknown";
  return null;
}

/**
 * Whether a campaign may dial accounts whose consent is unknown: preview (an agent dials
 * each), or a campaign that says so. Never a payment-reminder campaign: its calls are an
 * artificial voice, which needs consent granted (domain/payment-reminders.ts), nor an AI-agent campaign (the same voice).
 */
export function campaignMayDialUnknownConsent(campaign: { pacingMode: string; dialUnknownConsent: boolean }): boolean {
  if (campaign.pacingMode === "payment_reminder" || campaign.pacingMode === "ai_agent") return false;
  return campaign.pacingMode === "preview" || campaign.dialUnknownConsent;
}
