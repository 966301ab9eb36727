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

/**
 * How far along a call is. A status only ever moves to a later one: a carrier may stamp
 * an event later than one that in fact followed it (an independent carrier stamped
 * call.initiated after call.answered), and an answered call must not ring again.
 */
const PROGRESS: Record<CallStatus, number> = {
  initiating: 0,
  ringing: 1,
  answered: 2,
  // The answering-machine verdict comes after the answer; an agent is bridged after it.
  machine: 3,
  bridged: 3,
  completed: 4,
  busy: 4,
  no_answer: 4,
  failed: 4,
  canceled: 4,
};

export const isLaterStatus = (next: CallStatus, current: CallStatus): boolean => PROGRESS[next] > PROGRESS[current];

export const CALL_KINDS = ["direct", "bridge", "inbound", "dialer"] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_DIRECTIONS = ["outbound", "inbound"] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
