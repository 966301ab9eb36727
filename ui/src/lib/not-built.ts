// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability = "inboundQueues";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are created over the API (/api/queues); a number routes to one under Administration → IVR, and Supervisor → Inbound queues shows each queue live (callers waiting, service level, abandons, agents by state) and changes a member's skills. Agents in a campaign take inbound callers first. A waiting caller can press 1 for a callback and keep their place (the agent is rung first, then the caller; a miss is retried). A supervisor moves a waiting caller to another queue here (Move) or over the API; a caller who waits past the longest wait overflows to another queue (keeping their wait), voicemail or a message. A queue can ring its agents (agentRing over the API): the chosen agent's console rings with the caller's account popped, to accept or reject in time; a reject or no answer goes to the next agent, and unanswered rings in a row put the agent on a break (audited). An overflow to the IVR or to a callback of a caller already waiting, a moved or overflowed caller taking the new queue's overflow message and callback offer (they keep the first queue's), and why the caller is calling on the ring are not built yet.",
  },
};
