// The campaign's cap on attempts per account. Counted from the lead's lifetime counter (the
// history lists are cut to 8 days), or from the listed attempts of this campaign if those
// are more — a counter that lags behind its own records must not let an extra dial through.
import type { ContactHistory, DialRequest, RuleBlock } from "./types";

export function maxAttemptsBlock(request: DialRequest, history: ContactHistory): RuleBlock | null {
  if (request.maxAttempts === null) return null;
  const listed = history.attempts.filter((attempt) => attempt.campaignId === request.campaignId).length;
  const made = Math.max(history.campaignAttemptCount, listed);
  if (made < request.maxAttempts) return null;
  return {
    reason: "max_attempts",
    until: null,
    detail: `${made} of ${request.maxAttempts} attempts made in this campaign`,
  };
}
