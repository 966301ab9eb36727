// Structured server logs: a typed union of events, one JSON line each. Full detail
// stays here; clients only ever see the error shape.
export type LogEvent =
  | { event: "database_unreachable"; path: string; error: string }
  | { event: "unhandled_error"; method: string; path: string; error: string }
  | { event: "database_connection_lost"; error: string }
  | { event: "webhook_rejected"; reason: string }
  | { event: "webhook_unrouted"; eventType: string; eventId: string }
  | { event: "room_refused"; party: string; room: string; reason: string }
  | { event: "audit_chain_broken"; organizationId: string; seq: number; reason: string }
  /** A call's actor could not be started, and marking its row failed did not work either. */
  | { event: "call_not_started_unmarked"; callId: string; error: string }
  /** An agent pool row no build can read (rewritten as offline, so this is logged once per row). */
  | { event: "pool_member_unreadable"; pool: string; userId: string; reason: string };

export function logEvent(entry: LogEvent): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), ...entry }));
}
