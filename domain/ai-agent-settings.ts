// An organisation's AI voice agent settings: its prompt (with variables filled in from
// the caller's account when a call starts), the model and voice, the guardrails it may
// switch, the disclosures spoken before anything else, and the payment policy the engine
// enforces on every tool call. Stored with the organisation (JSON), read through
// `readAiAgentSettings` (none yet, or a row from an older build: the defaults), and
// copied into an AI call's spec when the call starts, so a change never alters a call
// in progress.
import { z } from "zod";
import { AI_AUTOMATED_DISCLOSURE, AI_DEBT_COLLECTION_DISCLOSURE, AI_DEFAULT_PROMPT, AI_MAX_PAYMENT_LINKS, AI_MINIMUM_PAYMENT_SHARE } from "./ai-agent";
import { AI_PROMPT_VARIABLES, AI_VOICES, MAX_AI_PAYMENT_LINKS_PER_CALL, MAX_AI_PROMPT_CHARS, unknownPromptVariables } from "./ai-prompt";

export * from "./ai-prompt";

/**
 * Rules an organisation may switch off in the model's instructions. The rules that keep
 * the caller safe whatever the model does are not here: the automated-agent disclosure,
 * caller speech treated as data, and the engine's policy on every tool call (the lowest
 * payment, the link limit, the calling window) always apply.
 */
export const aiGuardrails = z.strictObject({
  neverPromiseLegalOutcomes: z.boolean(),
  alwaysOfferHuman: z.boolean(),
  shortSentences: z.boolean(),
});
export type AiGuardrails = z.infer<typeof aiGuardrails>;

const disclosureText = z.string().trim().min(1, "must not be empty").max(1_000);

export const aiAgentSettings = z.strictObject({
  prompt: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(MAX_AI_PROMPT_CHARS)
    .superRefine((prompt, ctx) => {
      const unknown = unknownPromptVariables(prompt);
      if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `unknown variable {{${unknown[0]}}} (known: ${Object.keys(AI_PROMPT_VARIABLES).join(", ")})` });
    }),
  /** The model's name at the endpoint; "" uses the deployment's OPENAI_MODEL. */
  model: z.string().trim().max(100).regex(/^[A-Za-z0-9._:/@-]*$/, "letters, digits and . _ : / @ - only"),
  voice: z.enum(AI_VOICES),
  temperature: z.number().min(0).max(2),
  guardrails: aiGuardrails,
  disclosures: z.strictObject({
    /** Spoken first on every AI call (the law: callers are told they talk to a machine). */
    automatedAgent: disclosureText,
    /** Spoken second on collections calls. */
    debtCollection: disclosureText,
    /** Whether the organisation's AI calls are debt collection (the second disclosure is spoken). */
    collections: z.boolean(),
  }),
  /** The lowest payment the AI may take, as a percentage of the balance; 100 = no settlement below the balance. */
  minimumPaymentPercent: z.number().int().min(1).max(100),
  maxPaymentLinksPerCall: z.number().int().min(0).max(MAX_AI_PAYMENT_LINKS_PER_CALL),
});
export type AiAgentSettings = z.infer<typeof aiAgentSettings>;

export const DEFAULT_AI_AGENT_SETTINGS: AiAgentSettings = {
  prompt: AI_DEFAULT_PROMPT,
  model: "",
  voice: "female",
  temperature: 0.3,
  guardrails: { neverPromiseLegalOutcomes: true, alwaysOfferHuman: true, shortSentences: true },
  disclosures: { automatedAgent: AI_AUTOMATED_DISCLOSURE, debtCollection: AI_DEBT_COLLECTION_DISCLOSURE, collections: true },
  minimumPaymentPercent: Math.round(AI_MINIMUM_PAYMENT_SHARE * 100),
  maxPaymentLinksPerCall: AI_MAX_PAYMENT_LINKS,
};

/** Stored settings read back; anything unreadable (or none yet) is the defaults. */
export const readAiAgentSettings = (stored: unknown): AiAgentSettings => {
  const parsed = aiAgentSettings.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_AI_AGENT_SETTINGS;
};

/** The policy's lowest payment for a balance: never more than the balance, never below the percentage. */
export const minimumPaymentCentsFor = (settings: Pick<AiAgentSettings, "minimumPaymentPercent">, balanceCents: number): number =>
  Math.min(balanceCents, Math.ceil((balanceCents * settings.minimumPaymentPercent) / 100));
