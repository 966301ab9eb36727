// What happens to a lead (one account in a campaign's queue) after each thing that can
// happen to it: a dial the compliance module refused, a call's outcome, an agent's
// disposition. Pure: the CampaignActor stores what these return.
import type { DialDecision } from "./compliance/types";
import type { CampaignCallOutcome, CampaignConfig } from "./protocol";
import type { Disposition } from "../../domain/dispositions";
import type { DispositionDetails } from "../../domain/dispositions";

export interface LeadProgress {
  /** Dials this campaign made to the account. */
  attempts: number;
  phones: readonly string[];
  /** Numbers found not to reach the person (fax, invalid, wrong number). */
  badPhones: readonly string[];
}

export type LeadNext =
  | { state: "ready" }
  /** Waits until `atMs`; a callback goes ahead of every other lead once due. */
  | { state: "deferred"; atMs: number; callback: boolean }
  | { state: "done"; reason: string };

export interface LeadChange {
  next: LeadNext;
  /** A number to stop dialling for this account. */
  badPhone: string | null;
}

const MINUTE_MS = 60_000;

/** The number to dial next: the first the account has that is not known bad. */
export function phoneToDial(lead: Pick<LeadProgress, "phones" | "badPhones">): string | null {
  return lead.phones.find((phone) => !lead.badPhones.includes(phone)) ?? null;
}

export function afterRefusal(decision: Extract<DialDecision, { allowed: false }>): LeadNext {
  return decision.nextEligibleAt === null ? { state: "done", reason: `compliance: ${decision.reason}` } : { state: "deferred", atMs: decision.nextEligibleAt, callback: false };
}

export function afterOutcome(lead: LeadProgress, outcome: CampaignCallOutcome, config: Pick<CampaignConfig, "retryMaxAttempts" | "retrySpacingMinutes">, nowMs: number): LeadChange {
  const retry = (): LeadNext =>
    lead.attempts >= config.retryMaxAttempts
      ? { state: "done", reason: "max attempts reached" }
      : { state: "deferred", atMs: nowMs + config.retrySpacingMinutes * MINUTE_MS, callback: false };
  switch (outcome.result) {
    case "human":
      // A conversation: the agent's disposition decides what comes next (callback, done).
      if (outcome.agentUserId && !outcome.abandoned) return { next: { state: "done", reason: "conversation" }, badPhone: null };
      return { next: retry(), badPhone: null };
    case "machine":
    case "no_answer":
    case "busy":
      return { next: retry(), badPhone: null };
    case "fax":
    case "failed":
      return withoutPhone(lead, outcome.phone);
  }
}

export function afterDisposition(lead: LeadProgress, phone: string, disposition: Disposition, details: DispositionDetails | null, config: Pick<CampaignConfig, "retryMaxAttempts" | "retrySpacingMinutes">, nowMs: number): LeadChange | null {
  switch (disposition) {
    case "callback": {
      const atMs = details && "callbackAt" in details ? Date.parse(details.callbackAt) : NaN;
      return { next: { state: "deferred", atMs: Number.isFinite(atMs) ? atMs : nowMs + config.retrySpacingMinutes * MINUTE_MS, callback: true }, badPhone: null };
    }
    case "wrong_number":
      return withoutPhone(lead, phone);
    case "no_contact":
      return {
        next: lead.attempts >= config.retryMaxAttempts ? { state: "done", reason: "max attempts reached" } : { state: "deferred", atMs: nowMs + config.retrySpacingMinutes * MINUTE_MS, callback: false },
        badPhone: null,
      };
    case "promise_to_pay":
      return { next: { state: "done", reason: "promise to pay" }, badPhone: null };
    case "paid":
      return { next: { state: "done", reason: "paid" }, badPhone: null };
    case "refused":
      return { next: { state: "done", reason: "refused" }, badPhone: null };
    case "dispute":
      // A disputed debt is not collected until it is verified (FDCPA §809(b)).
      return { next: { state: "done", reason: "dispute" }, badPhone: null };
    case "other":
      return null;
  }
}

/** Stops dialling one number; the account's next number is tried at once, if it has one. */
function withoutPhone(lead: LeadProgress, phone: string): LeadChange {
  const remaining = { ...lead, badPhones: [...lead.badPhones, phone] };
  if (phoneToDial(remaining) === null) return { next: { state: "done", reason: "no working number" }, badPhone: phone };
  return { next: { state: "ready" }, badPhone: phone };
}
