// What an AI-answered call knows when it starts (the AI's part of the call's spec), and
// the machine's setup built from it. Fixed for the call: the policy the engine enforces
// comes from here, never from the conversation.
import { z } from "zod";
import { AI_VOICES, aiGuardrails, aiPromptValues, minimumPaymentCentsFor, renderAiPrompt, type AiAgentSettings, type AiGuardrails, type AiVoice } from "../../../../domain/ai-agent-settings";
import { readPhoneNumber } from "../../../../domain/phone-number";
import { DEFAULT_AI_SETTINGS, type AiCallSetup } from "./ai-types";
import { AI_DISPOSITIONS, AI_TOOLS, type AiPolicy } from "./policy";

export interface AiCallSpec {
  orgPrompt: string;
  customerName: string | null;
  /** The caller's account; null: nobody we know (no balance, no payment link). */
  account: { id: string; debtId: string | null; balanceCents: number } | null;
  /** Where a payment link is texted (E.164); null when the number is not one. */
  sendTo: string | null;
  minimumPaymentCents: number;
  maxPaymentLinks: number;
  collections: boolean;
  disclosures: { automatedAgent: string; debtCollection: string | null };
  /** The callee's time zone: callbacks only inside the calling window there. */
  calleeZone: string;
  /** The organisation's choices (domain/ai-agent-settings.ts); absent on calls started before they existed: the defaults. */
  model?: string | null;
  voice?: AiVoice;
  temperature?: number;
  guardrails?: AiGuardrails;
  /** When the AI starts: when the call is answered (an inbound caller, the default) or once AMD says a person answered (a campaign's call). */
  startsOn?: "answer" | "human";
  /**
   * Who the AI may hand the caller to when it asks for a person (inbound: the number's
   * queue's members or its agent, worker/calls/inbound.ts; a campaign's call uses the
   * campaign's agents, spec.dialer). Absent or null: any of the organisation's agents.
   */
  humanUserIds?: string[] | null;
}

export const aiCallSpecSchema = z.object({
  orgPrompt: z.string(),
  customerName: z.string().nullable(),
  account: z.object({ id: z.string(), debtId: z.string().nullable(), balanceCents: z.number().int() }).nullable(),
  sendTo: z.string().nullable(),
  minimumPaymentCents: z.number().int().nonnegative(),
  maxPaymentLinks: z.number().int().nonnegative(),
  collections: z.boolean(),
  disclosures: z.object({ automatedAgent: z.string().min(1), debtCollection: z.string().nullable() }),
  calleeZone: z.string().min(1),
  model: z.string().nullable().optional(),
  voice: z.enum(AI_VOICES).optional(),
  temperature: z.number().optional(),
  guardrails: aiGuardrails.optional(),
  startsOn: z.enum(["answer", "human"]).optional(),
  humanUserIds: z.array(z.string()).nullish(),
}) satisfies z.ZodType<AiCallSpec>;

/** The machine's setup: what the tools may do follows from what the call knows (no account, no balance tools). */
export function aiSetupOf(ai: AiCallSpec): AiCallSetup {
  const balanceCents = ai.account?.balanceCents ?? 0;
  const tools = AI_TOOLS.filter((tool) => {
    if (tool === "lookup_balance") return ai.account !== null;
    if (tool === "send_payment_link") return ai.account !== null && ai.sendTo !== null && ai.maxPaymentLinks > 0 && balanceCents > 0;
    if (tool === "schedule_callback") return ai.account !== null;
    return true;
  });
  const policy: AiPolicy = {
    allowedTools: tools,
    balanceCents,
    minimumPaymentCents: Math.min(ai.minimumPaymentCents, balanceCents),
    maxPaymentLinks: ai.maxPaymentLinks,
    callingWindow: null,
    calleeZone: ai.calleeZone,
    allowedDispositions: AI_DISPOSITIONS,
    collections: ai.collections,
    disclosures: ai.disclosures,
  };
  return { policy, brief: { orgPrompt: ai.orgPrompt, customerName: ai.customerName, balanceCents, ...(ai.guardrails ? { guardrails: ai.guardrails } : {}) }, settings: DEFAULT_AI_SETTINGS };
}

/** Who the AI talks to: the account (null: nobody we know), the number it texts, the callee's time zone. */
export interface AiCallee {
  account: { id: string; name: string; debtId: string | null; balanceCents: number } | null;
  phone: string;
  calleeZone: string;
}

/**
 * What the AI voice agent knows of this callee, and the policy it is held to: the
 * organisation's settings as they are when the call starts (an inbound caller's, or a
 * campaign's as they were when it started).
 */
export function aiCallSpecFor(settings: AiAgentSettings, organizationName: string, callee: AiCallee, startsOn: "answer" | "human" = "answer"): AiCallSpec {
  const sendTo = readPhoneNumber(callee.phone);
  const balanceCents = callee.account?.balanceCents ?? 0;
  const minimumPaymentCents = minimumPaymentCentsFor(settings, balanceCents);
  const customerName = callee.account?.name ?? null;
  return {
    orgPrompt: renderAiPrompt(settings.prompt, aiPromptValues({ customerName, balanceCents, minimumPaymentCents, organizationName })),
    customerName,
    account: callee.account && { id: callee.account.id, debtId: callee.account.debtId, balanceCents: callee.account.balanceCents },
    sendTo: sendTo.ok ? sendTo.e164 : null,
    minimumPaymentCents,
    maxPaymentLinks: settings.maxPaymentLinksPerCall,
    collections: settings.disclosures.collections,
    disclosures: { automatedAgent: settings.disclosures.automatedAgent, debtCollection: settings.disclosures.collections ? settings.disclosures.debtCollection : null },
    calleeZone: callee.calleeZone,
    model: settings.model === "" ? null : settings.model,
    voice: settings.voice,
    temperature: settings.temperature,
    guardrails: settings.guardrails,
    ...(startsOn === "human" ? { startsOn } : {}),
  };
}
