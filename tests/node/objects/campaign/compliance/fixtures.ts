// Builders for dial requests and histories. Instants are written as ISO strings with an
// explicit UTC offset ("2026-03-08T07:59-05:00") so every expectation states the wall clock
// and the offset it assumes, independently of the module under test.
import type { ContactAttempt, ContactHistory, Conversation, DialRequest, InconvenientTime } from "../../../../../objects/campaign/compliance";

export const NEW_YORK_PHONE = "+12125550123";
export const HONOLULU_PHONE = "+18085550123";
export const PHOENIX_PHONE = "+16025550123";

export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
}

type RequestOverrides = Partial<Omit<DialRequest, "dnc">> & { dnc?: Partial<DialRequest["dnc"]> };

export function request(overrides: RequestOverrides = {}): DialRequest {
  const { dnc, ...rest } = overrides;
  return {
    accountId: "acct-1",
    phone: NEW_YORK_PHONE,
    accountTimeZone: "America/New_York",
    debtIds: ["D-1"],
    campaignId: "camp-1",
    consent: true,
    unknownConsentAllowed: false,
    inconvenientTimes: [] as InconvenientTime[],
    maxAttempts: null,
    ...rest,
    dnc: {
      org: { kind: "lookup", listed: false },
      campaign: { kind: "lookup", listed: false },
      account: false,
      ...dnc,
    },
  };
}

export function attempt(iso: string, debtIds: readonly string[] = ["D-1"], campaignId = "camp-1"): ContactAttempt {
  return { at: at(iso), debtIds, phone: NEW_YORK_PHONE, campaignId };
}

export function conversation(iso: string, debtIds: readonly string[] = ["D-1"]): Conversation {
  return { at: at(iso), debtIds };
}

export function history(parts: Partial<ContactHistory> = {}): ContactHistory {
  const attempts = parts.attempts ?? [];
  return {
    attempts,
    conversations: parts.conversations ?? [],
    campaignAttemptCount: parts.campaignAttemptCount ?? attempts.length,
  };
}

export const EMPTY_HISTORY = history();
