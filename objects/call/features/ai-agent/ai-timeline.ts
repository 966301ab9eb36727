// The call timeline's words for the AI's events: what it said, every phase it moved to,
// each tool it used or was refused, the model's latency and failures, takeovers and
// hand-backs. Journal entries and raw model output say nothing (their effects do).
import { AI_PHASE_WORDS } from "../../../../domain/ai-agent";
import type { AiEventBody } from "./ai-events";

/** One such entry per caller turn the AI answered: usage metering counts them (worker/billing/usage.ts). */
export const AI_TURN_TIMELINE_PREFIX = "AI answered ";

export function aiTimelineText(body: AiEventBody): string | null {
  switch (body.kind) {
    case "said":
      return `AI said: "${body.text}"`;
    case "takeover":
      return `${body.by.name} took the call over from the AI`;
    case "hand_back":
      return `${body.by.name} handed the call back to the AI${body.notes ? ` (notes: ${body.notes})` : ""}`;
    case "human_unavailable":
      return "AI: nobody free to take the call; the AI carries on";
    case "disposition":
      return `AI set the disposition: ${body.disposition.replace(/_/g, " ")}`;
    case "note":
      return noteText(body.entry);
    case "journal":
    case "hand_back_summary":
    case "model_output":
    case "tool_result":
      return null;
  }
}

function noteText(entry: Extract<AiEventBody, { kind: "note" }>["entry"]): string {
  switch (entry.kind) {
    case "phase":
      return `AI: ${AI_PHASE_WORDS[entry.to] ?? entry.to}`;
    case "tool_called":
      return `AI used ${entry.name}`;
    case "tool_refused":
      return `AI refused ${entry.name}: ${entry.detail}`;
    case "model_latency":
      return `AI model answered in ${entry.firstTokenMs} ms`;
    case "turn_latency":
      return `${AI_TURN_TIMELINE_PREFIX}${entry.ms} ms after the caller finished`;
    case "model_failed":
      return `AI model ${entry.error === "timeout" ? "timed out" : entry.error === "not_configured" ? "is not configured" : "failed"}: the AI apologised and asked for a person`;
    case "silence":
      return `AI: no speech heard (${entry.count})`;
    case "barge_in":
      return "AI: the caller spoke over the AI; its speech stopped";
    case "hand_back_summary":
      return entry.source === "model"
        ? "AI: the model summarised what was said while the person held the call; the AI carries on from it and their notes"
        : `AI: no summary from the model (${entry.error === "timeout" ? "it timed out" : entry.error === "not_configured" ? "none is configured" : "it failed"}); the AI carries on from the person's notes alone`;
  }
}
