// Which model the engine talks to, read once from the Worker's environment: any
// OpenAI-compatible endpoint (the model simulator locally). No endpoint means no model:
// callers get a ModelNotConfiguredError that says which variables to set.
export interface ModelConfig {
  /** The endpoint's API base, e.g. https://api.openai.com/v1 or the simulator's <origin>/v1. */
  baseUrl: string;
  model: string;
  apiKey: string;
  /** True for the model simulator (LLM_MODE=simulator): scripted replies, never a real model. */
  simulated: boolean;
}

export interface ModelEnv {
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  OPENAI_API_KEY?: string;
  LLM_MODE?: string;
}

/** Some endpoints need no key (a local server); the SDK refuses an empty one, so this stands in. */
const NO_KEY = "none";

export function modelConfigFrom(env: ModelEnv): ModelConfig | null {
  const baseUrl = env.OPENAI_BASE_URL?.trim() ?? "";
  const model = env.OPENAI_MODEL?.trim() ?? "";
  if (baseUrl === "" || model === "") return null;
  return { baseUrl, model, apiKey: env.OPENAI_API_KEY || NO_KEY, simulated: env.LLM_MODE === "simulator" };
}

export class ModelNotConfiguredError extends Error {
  readonly code = "model_not_configured";
  constructor() {
    super("No model is configured: set OPENAI_BASE_URL and OPENAI_MODEL (and OPENAI_API_KEY) to an OpenAI-compatible endpoint, or run npm start for the model simulator");
    this.name = "ModelNotConfiguredError";
  }
}

/** The model did not answer in time (no first token, or a stall mid-reply). */
export class ModelTimeoutError extends Error {
  readonly code = "model_timeout";
  constructor(readonly afterMs: number, readonly phase: "first_token" | "between_tokens" | "whole") {
    super(`The model gave no ${phase === "between_tokens" ? "next token" : phase === "first_token" ? "first token" : "answer"} within ${afterMs} ms`);
    this.name = "ModelTimeoutError";
  }
}

/** The endpoint answered with an error, or the connection broke. */
export class ModelFailedError extends Error {
  readonly code = "model_failed";
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = "ModelFailedError";
  }
}
