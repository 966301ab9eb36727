// Phone numbers no other test (nor an earlier run on the same database) dials: a range of
// the simulator's number plan, which gives the number that range's persona
// (sim/carrier/personas.ts), and random digits after it. Plain, so workerd tests, Node and
// the browser tests all import it.

/** `prefix` (such as "+1555010", a persona's range) and `digits` random digits. */
export const freshNumberIn = (prefix: string, digits = 4): string => `${prefix}${String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, "0")}`;
