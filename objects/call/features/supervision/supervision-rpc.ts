// What the Worker asks a call's actor about supervision, and what it answers (RPC).
import type { Supervisor } from "../../carrier-event";
import type { CallView } from "../../protocol";
import type { SupervisorMode } from "../../../../domain/supervision";

export interface SupervisionRequest {
  supervisor: Supervisor;
  mode: SupervisorMode;
  /** The organisation's setting now: may the agent be shown this supervisor? */
  visibleToAgent: boolean;
}

export type SupervisionAnswer =
  | { kind: "joined" | "switched" | "unchanged" | "left"; sessionId: string; mode: SupervisorMode; previousMode?: SupervisorMode | null; call: CallView }
  | { kind: "refused"; reason: "call_over" | "no_agent" | "supervisor_limit"; message: string }
  | { kind: "not_supervising" }
  | { kind: "no_call" };
