// Consent: an account whose consent flag is false is not dialed at all (TCPA prior express
// consent for these calls is recorded on the account by import or by the agent).
import type { DialRequest, RuleBlock } from "./types";

export function consentBlock(request: DialRequest): RuleBlock | null {
  if (request.consent) return null;
  return { reason: "no_consent", until: null, detail: `account ${request.accountId} has no consent to be called` };
}
