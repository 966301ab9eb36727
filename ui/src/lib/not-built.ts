// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "aiAgent"
  | "inboundQueues";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  aiAgent: {
    title: "AI voice agent",
    sentence: "A number can route its callers to the AI agent (its settings are Administration → AI agent); a live AI call's page shows what the AI is doing, how fast it answered, and Take over / Hand back (Alt+T / Alt+G), and a campaign can send its answered calls to the AI (the AI agent pacing; its room shows each call's AI state). A call can be taken over and handed back again as often as needed, and the AI agent settings page places a test call from a carrier simulator persona. Agents see an AI call only once they hold it, not while the AI has it, and whoever took a call over stays busy with it until it ends, even after handing it back: not built yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are created over the API (/api/queues); a number routes to one under Administration → IVR, and Supervisor → Inbound queues shows each queue live (callers waiting, service level, abandons, agents by state) and changes a member's skills. Agents in a campaign take inbound callers first. A waiting caller can press 1 for a callback and keep their place (the agent is rung first, then the caller; a miss is retried). A supervisor moves a waiting caller to another queue here (Move) or over the API; a caller who waits past the longest wait overflows to another queue (keeping their wait), voicemail or a message. A queue can ring its agents (agentRing over the API): the chosen agent's console rings with the caller's account popped, to accept or reject in time; a reject or no answer goes to the next agent, and unanswered rings in a row put the agent on a break (audited). An overflow to the IVR or to a callback of a caller already waiting, a moved or overflowed caller taking the new queue's overflow message and callback offer (they keep the first queue's), and why the caller is calling on the ring are not built yet.",
  },
};
