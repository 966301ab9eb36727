// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

// Every capability the console once named here has shipped (the last, inbound queues, with
// issue 15's IVR option sending callers to a queue and the overflow chain); the card stays
// ready for the next one.
export type UnbuiltCapability = never;

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {};
