// The AI agent's policy for one call, and the engine's check of every tool call against
// it. The model is told the policy, but the model is never trusted with it: whatever it
// was talked into, a call that leaves the policy is refused here, with a reason for the
// timeline, and nothing runs. The policy is fixed when the call starts and nothing in the
// conversation can change it (the machine never writes to it).
import { z } from "zod";
import { DISPOSITIONS, type Disposition } from "../../../../domain/dispositions";
import { callingWindowBlock, effectiveCallingWindow } from "../../../campaign/compliance/calling-window";
import type { DailyWindow } from "../../../campaign/compliance/validate";
import type { ModelTool, ModelToolCall } from "../../../shared/model";

export const AI_TOOLS = ["lookup_balance", "send_payment_link", "schedule_callback", "request_human", "set_disposition"] as const;
export type AiToolName = (typeof AI_TOOLS)[number];

export interface AiPolicy {
  readonly allowedTools: readonly AiToolName[];
  readonly balanceCents: number;
  /** No payment link for less (a settlement below the balance needs this set by policy, never by the model). */
  readonly minimumPaymentCents: number;
  readonly maxPaymentLinks: number;
  /** The campaign's calling window (null: the legal one); callbacks only inside it, in the callee's zone. */
  readonly callingWindow: DailyWindow | null;
  readonly calleeZone: string;
  readonly allowedDispositions: readonly Disposition[];
  readonly collections: boolean;
  readonly disclosures: { readonly automatedAgent: string; readonly debtCollection: string | null };
}

/** What the AI may set: not "paid" (it cannot see a payment land) nor "no_contact" (it is talking to someone). */
export const AI_DISPOSITIONS: readonly Disposition[] = ["promise_to_pay", "callback", "refused", "dispute", "wrong_number", "other"];

const argumentSchemas = {
  lookup_balance: z.strictObject({}),
  send_payment_link: z.strictObject({ amountCents: z.number().int().positive() }),
  schedule_callback: z.strictObject({ at: z.iso.datetime({ offset: true }), note: z.string().max(500).optional() }),
  request_human: z.strictObject({ reason: z.string().max(500).optional() }),
  set_disposition: z.strictObject({ disposition: z.enum(DISPOSITIONS), note: z.string().max(500).optional() }),
} satisfies Record<AiToolName, z.ZodType>;

export type AiToolCall = { [Name in AiToolName]: { id: string; name: Name; args: z.infer<(typeof argumentSchemas)[Name]> } }[AiToolName];

export const TOOL_REFUSALS = [
  "unknown_tool",
  "tool_not_allowed",
  "invalid_arguments",
  "amount_below_minimum",
  "amount_above_balance",
  "payment_link_limit",
  "callback_in_past",
  "callback_outside_calling_window",
  "disposition_not_allowed",
] as const;
export type ToolRefusal = (typeof TOOL_REFUSALS)[number];

export type ToolCheck = { ok: true; call: AiToolCall } | { ok: false; reason: ToolRefusal; detail: string };

const refuse = (reason: ToolRefusal, detail: string): ToolCheck => ({ ok: false, reason, detail });
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** Checks one tool call the model asked for; `linksSent` counts this call's links so far. */
export function checkToolCall(raw: ModelToolCall, policy: AiPolicy, linksSent: number, nowMs: number): ToolCheck {
  if (!(AI_TOOLS as readonly string[]).includes(raw.name)) return refuse("unknown_tool", `${raw.name} is not a tool the AI agent has`);
  const name = raw.name as AiToolName;
  if (!policy.allowedTools.includes(name)) return refuse("tool_not_allowed", `${name} is not allowed on this call`);
  let parsedJson: unknown;
  try {
    parsedJson = raw.arguments.trim() === "" ? {} : JSON.parse(raw.arguments);
  } catch {
    return refuse("invalid_arguments", `${name}: arguments are not JSON`);
  }
  const parsed = argumentSchemas[name].safeParse(parsedJson);
  if (!parsed.success) return refuse("invalid_arguments", `${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"} ${i.message}`).join("; ")}`);
  const call = { id: raw.id, name, args: parsed.data } as AiToolCall;
  switch (call.name) {
    case "send_payment_link": {
      const amount = call.args.amountCents;
      if (amount < policy.minimumPaymentCents) return refuse("amount_below_minimum", `${dollars(amount)} is below the minimum of ${dollars(policy.minimumPaymentCents)}`);
      if (amount > policy.balanceCents) return refuse("amount_above_balance", `${dollars(amount)} is more than the balance of ${dollars(policy.balanceCents)}`);
      if (linksSent >= policy.maxPaymentLinks) return refuse("payment_link_limit", `${policy.maxPaymentLinks} payment link(s) already sent on this call`);
      break;
    }
    case "schedule_callback": {
      const at = Date.parse(call.args.at);
      if (at <= nowMs) return refuse("callback_in_past", `${call.args.at} is not in the future`);
      const window = effectiveCallingWindow(policy.callingWindow);
      const block = window ? callingWindowBlock(at, policy.calleeZone, window) : { detail: "the campaign's window does not overlap the legal one" };
      if (block) return refuse("callback_outside_calling_window", `${call.args.at}: ${block.detail}`);
      break;
    }
    case "set_disposition":
      if (!policy.allowedDispositions.includes(call.args.disposition)) return refuse("disposition_not_allowed", `the AI may not set ${call.args.disposition}`);
      break;
    case "lookup_balance":
    case "request_human":
      break;
  }
  return { ok: true, call };
}

const TOOL_DESCRIPTIONS: Record<AiToolName, { description: string; parameters: Record<string, unknown> }> = {
  lookup_balance: { description: "Look up the caller's current balance.", parameters: { type: "object", properties: {}, additionalProperties: false } },
  send_payment_link: {
    description: "Text the caller a secure payment link for an amount in cents (never below the minimum the instructions give).",
    parameters: { type: "object", properties: { amountCents: { type: "integer", minimum: 1 } }, required: ["amountCents"], additionalProperties: false },
  },
  schedule_callback: {
    description: "Schedule a call back at an ISO 8601 time with offset, inside the calling window.",
    parameters: { type: "object", properties: { at: { type: "string", format: "date-time" }, note: { type: "string" } }, required: ["at"], additionalProperties: false },
  },
  request_human: { description: "Transfer the caller to a human agent.", parameters: { type: "object", properties: { reason: { type: "string" } }, additionalProperties: false } },
  set_disposition: {
    description: "Record how the call ended.",
    parameters: { type: "object", properties: { disposition: { type: "string", enum: [...AI_DISPOSITIONS] }, note: { type: "string" } }, required: ["disposition"], additionalProperties: false },
  },
};

/** The tools offered to the model: only those the policy allows. */
export const toolsFor = (policy: AiPolicy): ModelTool[] => policy.allowedTools.map((name) => ({ name, ...TOOL_DESCRIPTIONS[name] }));
