// The AI agent's prompt variables and voices, without zod, so the console's prompt
// preview runs the very function a call uses when it starts (renderAiPrompt) without
// shipping the validator. The settings' schema is in ai-agent-settings.ts.
/** The carrier's text-to-speech voices an organisation may pick (Telnyx `speak` voice). */
export const AI_VOICES = ["female", "male"] as const;
export type AiVoice = (typeof AI_VOICES)[number];

export const MAX_AI_PROMPT_CHARS = 4_000;
export const MAX_AI_PAYMENT_LINKS_PER_CALL = 5;

/** What a prompt may name as {{variable}}: filled in from the call's account when the call starts. */
export const AI_PROMPT_VARIABLES = {
  customer_name: { meaning: "the caller's account name (\"the caller\" when nobody is known)", example: "Ada Lovelace" },
  balance: { meaning: "the account's balance due, in dollars", example: "$1,250.00" },
  minimum_payment: { meaning: "the lowest payment the policy lets the AI take, in dollars", example: "$625.00" },
  organization_name: { meaning: "your organisation's name", example: "Acme Recovery" },
} as const;
export type AiPromptVariable = keyof typeof AI_PROMPT_VARIABLES;
export type AiPromptValues = Record<AiPromptVariable, string>;

const VARIABLE_PATTERN = /\{\{\s*([a-z_]+)\s*\}\}/g;
const isPromptVariable = (name: string): name is AiPromptVariable => Object.hasOwn(AI_PROMPT_VARIABLES, name);

/** Names in the template that are not variables (a typo would otherwise reach the model as braces). */
export function unknownPromptVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE_PATTERN)].map((match) => match[1]!).filter((name) => !isPromptVariable(name));
}

/** The prompt with its variables filled in (the console's preview and the call's start use this one function). */
export function renderAiPrompt(template: string, values: AiPromptValues): string {
  return template.replace(VARIABLE_PATTERN, (whole, name: string) => (isPromptVariable(name) ? values[name] : whole));
}

export const dollarsOf = (cents: number): string =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The values a call's prompt gets (the account the caller was matched to, if any). */
export function aiPromptValues(input: { customerName: string | null; balanceCents: number; minimumPaymentCents: number; organizationName: string }): AiPromptValues {
  return {
    customer_name: input.customerName ?? "the caller",
    balance: dollarsOf(input.balanceCents),
    minimum_payment: dollarsOf(input.minimumPaymentCents),
    organization_name: input.organizationName,
  };
}

/** The preview's sample values (AI_PROMPT_VARIABLES' examples). */
export const AI_PROMPT_EXAMPLE_VALUES = Object.fromEntries(Object.entries(AI_PROMPT_VARIABLES).map(([name, v]) => [name, v.example])) as AiPromptValues;
