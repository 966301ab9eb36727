// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "aiAgent"
  | "liveIntelligence"
  | "inboundQueues"
  | "reports";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  aiAgent: {
    title: "AI voice agent",
    sentence: "A number can route its callers to the AI agent (its settings are Administration → AI agent); a live AI call's page shows what the AI is doing, how fast it answered, and Take over / Hand back (Alt+T / Alt+G), and a campaign can send its answered calls to the AI (the AI agent pacing; its room shows each call's AI state). A second takeover on one call and a test call from the console are not built yet.",
  },
  liveIntelligence: {
    title: "Model sentiment and a suggested disposition",
    sentence: "Calls show the customer's language, sentiment and objections, a suggested line when the customer objects or their mood drops (written by the model when one is set up, else from the offline script, and labelled so), each line's translation and a summary when they end (with a model); alerts reach the campaign room as they are raised, and its calls sort by live sentiment; a suggested disposition, the model's escalation flag and model sentiment are not built yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are created over the API (/api/queues); a number routes to one under Administration → IVR, and Supervisor → Inbound queues shows each queue live (callers waiting, service level, abandons, agents by state) and changes a member's skills. Agents in a campaign take inbound callers first. A waiting caller can press 1 for a callback and keep their place (the agent is rung first, then the caller; a miss is retried). A supervisor moves a waiting caller to another queue here (Move) or over the API; a caller who waits past the longest wait overflows to another queue (keeping their wait), voicemail or a message. The agent's ring with accept or reject (a queued caller is connected to the chosen agent at once) and an overflow to the IVR of a caller already waiting are not built yet.",
  },
  reports: {
    title: "Changing or retiring a QA form",
    sentence: "Your dashboard, KPIs (payments collected, conversion, promise kept rate, occupancy, idle time, contacts per agent hour, AI-handled calls and takeovers among them), reports (ask for one in plain words when a model is set up), the QA queue, scorecards and QA setup (evaluation forms, scorecard weights, teams) are under Analytics; a saved evaluation form cannot be changed or retired yet (make a new one).",
  },
};
