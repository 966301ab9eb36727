// Where the AI agent meets the model client: a failed request becomes the machine's
// model_failed input with its kind, so the shell never decides what a failure means.
import { ModelNotConfiguredError, ModelTimeoutError } from "../../../shared/model";
import type { AiInput } from "./ai-types";

export type ModelFailureKind = Extract<AiInput, { type: "model_failed" }>["error"];

export function modelFailureOf(error: unknown): ModelFailureKind {
  if (error instanceof ModelTimeoutError) return "timeout";
  if (error instanceof ModelNotConfiguredError) return "not_configured";
  return "failed";
}
