// A call's status, the one list: the Postgres enum, the call actor's fold, the API and
// the console all read it here. Terminal statuses absorb: nothing moves a call out of one.
// No zod here (the console loads this early); the schema is objects/call/protocol.ts's `callStatus`.

export const CALL_STATUSES = [
  "initiating",
  "ringing",
  "answered",
  "machine",
  "bridged",
  "completed",
  "busy",
  "no_answer",
  "failed",
  "canceled",
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<CallStatus> = new Set(["completed", "busy", "no_answer", "failed", "canceled"]);

export const isTerminalStatus = (status: CallStatus): boolean => TERMINAL_STATUSES.has(status);

export const CALL_KINDS = ["direct", "bridge", "inbound", "dialer"] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_DIRECTIONS = ["outbound", "inbound"] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
