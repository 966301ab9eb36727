// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability = "inboundQueues";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are created over the API (/api/queues); a number routes to one under Administration → IVR, and Supervisor → Inbound queues shows each queue live (callers waiting, service level, abandons, agents by state) and changes a member's skills. Agents in a campaign take inbound callers first. A waiting caller can press 1 for a callback and keep their place (the agent is rung first, then the caller; a miss is retried). A supervisor moves a waiting caller to another queue here (Move) or over the API; a caller who waits past the longest wait overflows to another queue (keeping their wait), voicemail or a message. The agent's ring with accept or reject (a queued caller is connected to the chosen agent at once) and an overflow to the IVR of a caller already waiting are not built yet.",
  },
};
