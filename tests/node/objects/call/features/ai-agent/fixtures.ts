// One AI call's setup for the machine's tests: a collections call with a $150.50 balance,
// a $50 minimum, one payment link, New York time and the legal calling window.
import { DEFAULT_AI_SETTINGS, type AiCallSetup } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { AI_DISPOSITIONS, AI_TOOLS, type AiPolicy } from "../../../../../../objects/call/features/ai-agent/policy";

export const AUTOMATED_DISCLOSURE = "This is an automated agent calling on behalf of Demo Collections.";
export const DEBT_DISCLOSURE = "This is an attempt to collect a debt, and any information obtained will be used for that purpose.";

export function collectionsPolicy(overrides: Partial<AiPolicy> = {}): AiPolicy {
  return {
    allowedTools: [...AI_TOOLS],
    balanceCents: 15_050,
    minimumPaymentCents: 5_000,
    maxPaymentLinks: 1,
    callingWindow: null,
    calleeZone: "America/New_York",
    allowedDispositions: AI_DISPOSITIONS,
    collections: true,
    disclosures: { automatedAgent: AUTOMATED_DISCLOSURE, debtCollection: DEBT_DISCLOSURE },
    ...overrides,
  };
}

export function collectionsSetup(overrides: Partial<AiPolicy> = {}): AiCallSetup {
  return {
    policy: deepFreeze(collectionsPolicy(overrides)),
    brief: { orgPrompt: "You are a polite collections agent for Demo Collections.", customerName: "Ada Lovelace", balanceCents: 15_050 },
    settings: DEFAULT_AI_SETTINGS,
  };
}

/** Frozen, so a machine that wrote to the policy would throw in the test. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** 2026-12-07 (a Monday) at 15:00 UTC = 10:00 in New York. */
export const MONDAY_10AM_NEW_YORK_MS = Date.parse("2026-12-07T15:00:00Z");
