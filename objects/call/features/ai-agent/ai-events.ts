// The AI agent's own call events, all of one type (`wib.ai`) with a body by kind. Sources
// say what happened outside the turn machine (the model's output, a tool's result, an
// operator's takeover or hand-back, no human free, a timeline line); `journal` entries
// are the machine's inputs in the order it took them (journal.ts). The carrier's
// events stay sources too: the journal names the event each input came from, so a late
// carrier event becomes a later input instead of rewriting the conversation's past.
import { z } from "zod";
import { DISPOSITIONS } from "../../../../domain/dispositions";
import type { CarrierEvent } from "../../carrier-event";
import type { AiInput, AiTimelineEntry } from "./ai-types";

export const AI_EVENT_TYPE = "wib.ai" as const;

const toolCall = z.object({ id: z.string(), name: z.string(), arguments: z.string() });
const modelFailure = z.enum(["timeout", "failed", "not_configured"]);
const operator = z.object({ userId: z.string(), name: z.string() });

const aiInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("answered"), atMs: z.number() }),
  z.object({ type: z.literal("caller_speech"), text: z.string(), isFinal: z.boolean(), atMs: z.number() }),
  z.object({ type: z.literal("speak_ended"), atMs: z.number() }),
  z.object({ type: z.literal("tick"), atMs: z.number() }),
  z.object({ type: z.literal("model_text"), requestId: z.number(), text: z.string(), atMs: z.number() }),
  z.object({ type: z.literal("model_tool_call"), requestId: z.number(), call: toolCall, atMs: z.number() }),
  z.object({ type: z.literal("model_done"), requestId: z.number(), atMs: z.number() }),
  z.object({ type: z.literal("model_failed"), requestId: z.number(), error: modelFailure, atMs: z.number() }),
  z.object({ type: z.literal("tool_result"), requestId: z.number(), callId: z.string(), result: z.string(), atMs: z.number() }),
  z.object({ type: z.literal("take_over"), by: z.string(), atMs: z.number() }),
  z.object({ type: z.literal("human_reserved"), agentId: z.string(), atMs: z.number() }),
  z.object({ type: z.literal("human_unavailable"), atMs: z.number() }),
  z.object({ type: z.literal("human_answered"), atMs: z.number() }),
  z.object({ type: z.literal("bridged"), atMs: z.number() }),
  z.object({ type: z.literal("hand_back"), notes: z.string(), atMs: z.number() }),
  z.object({ type: z.literal("hangup"), atMs: z.number() }),
  z.object({ type: z.literal("hand_back_summary"), handBackId: z.number(), text: z.string().nullable(), error: modelFailure.nullable(), atMs: z.number() }),
]) satisfies z.ZodType<AiInput>;

const timelineEntrySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("phase"), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal("tool_called"), name: z.string(), args: z.unknown() }),
  z.object({ kind: z.literal("tool_refused"), name: z.string(), reason: z.string(), detail: z.string() }),
  z.object({ kind: z.literal("model_latency"), requestId: z.number(), firstTokenMs: z.number() }),
  z.object({ kind: z.literal("turn_latency"), ms: z.number() }),
  z.object({ kind: z.literal("model_failed"), requestId: z.number(), error: z.string() }),
  z.object({ kind: z.literal("silence"), count: z.number() }),
  z.object({ kind: z.literal("barge_in") }),
  z.object({ kind: z.literal("hand_back_summary"), handBackId: z.number(), source: z.enum(["model", "notes_only"]), error: z.string().nullable() }),
]);

export const aiEventBodySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("journal"), n: z.number().int().nonnegative(), source: z.string().nullable(), input: aiInputSchema }),
  z.object({
    kind: z.literal("model_output"),
    requestId: z.number().int(),
    part: z.number().int().nonnegative(),
    text: z.string(),
    toolCalls: z.array(toolCall),
    done: z.boolean(),
    error: modelFailure.nullable(),
  }),
  z.object({ kind: z.literal("tool_result"), requestId: z.number().int(), callId: z.string(), result: z.string() }),
  z.object({ kind: z.literal("takeover"), by: operator }),
  z.object({ kind: z.literal("hand_back"), by: operator, notes: z.string().max(2000) }),
  z.object({ kind: z.literal("human_unavailable"), reason: z.string() }),
  /** The model's answer to a hand-back's summary request: its text, or the failure's kind. */
  z.object({ kind: z.literal("hand_back_summary"), handBackId: z.number().int(), text: z.string().nullable(), error: modelFailure.nullable() }),
  z.object({ kind: z.literal("note"), entry: timelineEntrySchema }),
  z.object({ kind: z.literal("said"), text: z.string(), purpose: z.string() }),
  z.object({ kind: z.literal("disposition"), disposition: z.enum(DISPOSITIONS), note: z.string().nullable() }),
]);
export type AiEventBody = z.infer<typeof aiEventBodySchema>;
export type AiJournalEntry = Extract<AiEventBody, { kind: "journal" }>;

/** Timeline entries are typed by the machine; the stored form is looser (rows outlive builds). */
export const noteBody = (entry: AiTimelineEntry): AiEventBody => ({ kind: "note", entry: entry as Extract<AiEventBody, { kind: "note" }>["entry"] });

export type AiEvent = CarrierEvent & { type: typeof AI_EVENT_TYPE; ai: AiEventBody };

export const isAiEvent = (event: CarrierEvent): event is AiEvent => event.type === AI_EVENT_TYPE;

/** A `wib.ai` event on the customer's leg; `id` is unique within the call. */
export function aiEvent(id: string, atMs: number, ai: AiEventBody): AiEvent {
  return { id: `${AI_EVENT_TYPE}:${id}`, type: AI_EVENT_TYPE, occurredAtMs: atMs, leg: "customer", callControlId: "", callSessionId: null, payload: { ...ai }, ai };
}
