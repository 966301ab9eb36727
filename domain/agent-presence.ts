// An agent's presence states, defined once: the agent pool keeps each agent's current one
// (objects/agent-pool/), Postgres keeps the history as spans (`agent_presence_spans`), and
// the presence KPIs (domain/kpis.ts) say which states count as what. No zod here: the
// console and db/schema.ts read it too.

/**
 * offline: logged out (no console open, or chose it). available: ready and waiting for a
 * call. previewing: a preview campaign holds a lead on the agent's screen. on_call and
 * wrap_up: set by calls, never by hand. break: paused.
 */
export const AGENT_PRESENCE_STATUSES = ["offline", "available", "previewing", "on_call", "wrap_up", "break"] as const;
export type AgentPresence = (typeof AGENT_PRESENCE_STATUSES)[number];

export const AGENT_PRESENCE_LABELS: Record<AgentPresence, string> = {
  offline: "Logged out",
  available: "Ready",
  previewing: "Previewing a lead",
  on_call: "On a call",
  wrap_up: "Wrap-up",
  break: "Break",
};
