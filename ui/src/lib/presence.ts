// How presence statuses read in the console: words, badge tones and the board's column order.
import type { AgentPresenceStatus } from "../../../objects/agent-pool/protocol";

/** Board order: who can take work first, then who is busy, then who is away. */
export const boardStatusOrder: readonly AgentPresenceStatus[] = ["available", "previewing", "on_call", "wrap_up", "break", "offline"];

/** The status word shown to people ("on call", not "on_call"). */
export function statusLabel(status: AgentPresenceStatus): string {
  return status.replace("_", " ");
}

export type StatusTone = "success" | "info" | "warning" | "neutral";

export function statusTone(status: AgentPresenceStatus): StatusTone {
  switch (status) {
    case "available":
      return "success";
    case "previewing":
    case "on_call":
    case "wrap_up":
      return "info";
    case "break":
      return "warning";
    case "offline":
      return "neutral";
  }
}
