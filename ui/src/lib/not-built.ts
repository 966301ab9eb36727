// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "aiAgent"
  | "inboundQueues"
  | "reports";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  aiAgent: {
    title: "AI voice agent",
    sentence: "A number can route its callers to the AI agent (its settings are Administration → AI agent); a live AI call's page shows what the AI is doing, how fast it answered, and Take over / Hand back (Alt+T / Alt+G), and a campaign can send its answered calls to the AI (the AI agent pacing; its room shows each call's AI state). A call can be taken over and handed back again as often as needed, and the AI agent settings page places a test call from a carrier simulator persona. Agents see an AI call only once they hold it, not while the AI has it.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are created over the API (/api/queues); a number routes to one under Administration → IVR, and Supervisor → Inbound queues shows each queue live (callers waiting, service level, abandons, agents by state) and changes a member's skills. Agents in a campaign take inbound callers first. A waiting caller can press 1 for a callback and keep their place (the agent is rung first, then the caller; a miss is retried). A supervisor can move a waiting caller to another queue over the API (POST /api/queues/:id/move-in). The agent's ring with accept or reject, an overflow of a caller already waiting and a Move button here are not built yet.",
  },
  reports: {
    title: "Changing or retiring a QA form",
    sentence: "Your dashboard, KPIs (payments collected, conversion, promise kept rate, occupancy, idle time, contacts per agent hour, AI-handled calls and takeovers among them), reports (ask for one in plain words when a model is set up), the QA queue, scorecards and QA setup (evaluation forms, scorecard weights, teams) are under Analytics; a saved evaluation form cannot be changed or retired yet (make a new one).",
  },
};
