// Consent: an account that refused consent is not dialed at all, and one whose consent is
// unknown only by a path that may reach it (TCPA prior express consent governs autodialled
// calls; domain/consent.ts says which paths those are). Consent is recorded on the account
// by import, the API or the agent.
import { consentRefusal } from "../../../domain/consent";
import type { DialRequest, RuleBlock } from "./types";

export function consentBlock(request: DialRequest): RuleBlock | null {
  switch (consentRefusal(request.consent, request.unknownConsentAllowed)) {
    case null:
      return null;
    case "no_consent":
      return { reason: "no_consent", until: null, detail: `account ${request.accountId} has no consent to be called` };
    case "consent_unknown":
      return { reason: "consent_unknown", until: null, detail: `account ${request.accountId} has no recorded consent, and this campaign dials automatically` };
  }
}
