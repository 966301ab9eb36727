// Where an inbound call to one of an organisation's numbers goes: ring one agent, play
// a message, the IVR (its menu and payments), a queue (domain/inbound-queues.ts), or the AI
// voice agent. One list for the schema, the API and the call's spec.
export const INBOUND_ACTIONS = ["ring_agent", "message", "ivr", "queue", "ai_agent"] as const;
export type InboundAction = (typeof INBOUND_ACTIONS)[number];
