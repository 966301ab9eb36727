// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability = "inboundQueues";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues are built: Administration → Inbound queues creates and edits them (hours, members and skills, closed and overflow actions, callback offer, the agent's ring), a number routes to one under Administration → IVR, Supervisor → Inbound queues shows each live and moves waiting callers, and the agent's console rings with the caller's account and why they may be calling. Not built yet: the IVR menu sending a caller to a queue (so the keys they pressed cannot yet tell the agent why they call), and a second overflow hop (a caller overflowed into a queue that would overflow again hears the default overflow message).",
  },
};
