// Structured server logs: a typed union of events, one JSON line each, for the Worker
// and every actor alike (nothing logs free text). Full detail stays here; clients only
// ever see the error shape.
export type LogEvent =
  | { event: "database_unreachable"; path: string; error: string }
  | { event: "unhandled_error"; method: string; path: string; error: string }
  // holder: whose connection it was (a writer, a dispatcher, a request), so a count says who drops.
  | { event: "database_connection_lost"; error: string; holder: string }
  // Row-level security's named bypass opened outside a member's request (db/access.ts): who reads across organisations, and why.
  | { event: "database_system_access"; why: string }
  | { event: "webhook_rejected"; reason: string }
  | { event: "webhook_unrouted"; eventType: string; eventId: string }
  | { event: "stripe_webhook_rejected"; reason: string }
  | { event: "stripe_event_ignored"; eventType: string; eventId: string; reason: string }
  /** A plan changed through a second Checkout: the older live subscription was cancelled at Stripe. */
  | { event: "billing_subscription_replaced"; subscriptionId: string }
  | { event: "billing_subscription_synced"; eventType: string; eventId: string; subscriptionId: string; result: string }
  /** Usage above the plan reported to Stripe's meter (one meter event). */
  | { event: "billing_overage_reported"; organizationId: string; reportId: string; minutes: number }
  /** An organisation's overage could not be recorded or sent this run: it waits for the next one. */
  | { event: "billing_overage_failed"; organizationId: string; error: string }
  /** The ledger has the payment; telling its live call failed (Stripe's retry tells it again). */
  | { event: "payment_call_unreached"; callId: string; error: string }
  | { event: "payment_receipt_refused"; paymentId: string; reason: string }
  /** The carrier did not make or mint a softphone credential for this person (the console retries). */
  | { event: "softphone_token_failed"; userId: string; error: string }
  /** A logout could not delete the person's softphone credential at the carrier (it expires on its own). */
  | { event: "softphone_revoke_failed"; userId: string; error: string }
  | { event: "payment_refund_refused"; paymentId: string; reason: string }
  | { event: "room_refused"; party: string; room: string; reason: string }
  | { event: "audit_chain_broken"; organizationId: string; seq: number; reason: string }
  /** The retention job could not finish an organisation's run: its due rows wait for the next one. */
  | { event: "retention_failed"; organizationId: string; error: string }
  | { event: "account_exported"; organizationId: string; accountId: string; format: string }
  | { event: "account_export_failed"; organizationId: string; accountId: string; error: string }
  /** A call's actor could not be started, and marking its row failed did not work either. */
  | { event: "call_not_started_unmarked"; callId: string; error: string }
  // Actors' durable machinery: each says what waits, and that it will be retried.
  | { event: "outbox_postponed"; rows: number; error: string }
  | { event: "outbox_row_unreadable"; key: string; error: string }
  | { event: "call_pass_failed"; error: string }
  | { event: "call_event_unreadable"; error: string }
  | { event: "call_reserve_agent_failed"; callId: string; error: string }
  | { event: "queue_turn_failed"; callId: string; error: string }
  /** The pool chose an agent for a caller and could not tell their call to ask now: it asks at its next time. */
  | { event: "queue_turn_due_failed"; pool: string; callId: string; error: string }
  | { event: "queue_desk_unreadable"; pool: string; queueId: string; reason: string }
  /** A caller past a queue's longest wait whom its overflow queue would take round in a loop or past the hop limit: they hear the default overflow message. */
  | { event: "queue_overflow_stopped"; pool: string; queueId: string; callId: string; toQueueId: string; reason: "loop" | "hop_limit" }
  | { event: "queue_ring_accepted" | "queue_ring_rejected"; pool: string; queueId: string; callId: string; userId: string }
  | { event: "queue_ring_missed"; pool: string; queueId: string; callId: string; userId: string; onBreak: boolean }
  | { event: "ai_call_unreadable"; pool: string; callId: string; reason: string }
  | { event: "campaign_notice_unreadable"; count: number }
  | { event: "campaign_notices_not_pulled"; failures: number; error: string }
  | { event: "campaign_segment_not_listed"; campaignId: string; error: string }
  | { event: "campaign_segment_lead_unreadable"; campaignId: string; count: number }
  | { event: "campaign_notice_postponed"; campaignId: string; notices: number; error: string }
  | { event: "campaign_notice_unmarked"; campaignId: string; error: string }
  | { event: "campaign_dials_unconfirmed"; calls: number; error: string }
  | { event: "campaign_call_start_failed"; callId: string; error: string }
  | { event: "campaign_beside_pass_failed"; work: string; error: string }
  /** The campaign holds its new dials while the engine is behind (objects/campaign/dial-hold.ts), and resumes. */
  | { event: "campaign_dials_held"; campaignId: string; reason: string }
  | { event: "campaign_dials_resumed"; campaignId: string; heldMs: number }
  | { event: "campaign_outbox_postponed"; rows: number; error: string }
  | { event: "campaign_preview_end_failed"; userId: string; error: string }
  | { event: "campaign_preview_offer_failed"; userId: string; error: string }
  // A stored campaign row no build can read: dropped or closed, never retried forever.
  | { event: "campaign_call_spec_unreadable"; callId: string; error: string }
  | { event: "campaign_history_unreadable"; accountId: string; error: string }
  | { event: "campaign_outbox_row_unreadable"; key: string; error: string }
  | { event: "campaign_meta_unreadable"; key: string; error: string }
  | { event: "campaign_lead_unreadable"; accountId: string }
  /** An agent pool row no build can read (rewritten as offline, so this is logged once per row). */
  | { event: "pool_member_unreadable"; pool: string; userId: string; reason: string }
  /** A console's socket failed (the pool lists its consoles afresh). */
  | { event: "pool_socket_error"; pool: string; connectionId: string; error: string }
  | { event: "pool_disposition_unheard"; callId: string; error: string }
  | { event: "report_exported"; organizationId: string; report: string; rows: number }
  | { event: "report_export_failed"; organizationId: string; report: string; rows: number; error: string }
  // Outbound webhooks: a pass that could not run (retried by the alarm), a wake-up not heard (the sweep wakes it).
  | { event: "webhook_pass_failed"; organizationId: string; error: string }
  | { event: "webhook_dispatcher_unwoken"; organizationId: string; error: string }
  /** One pacing decision's inputs and output (objects/campaign/pacing/decision-trace.ts), only under PACING_TRACE: a local debugging aid for the rehearsal's comparison. */
  | { event: "pacing_decision"; campaignId: string; entry: Readonly<Record<string, unknown>> };

export function logEvent(entry: LogEvent): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), ...entry }));
}

/**
 * A debugging trace line (PACING_TRACE): written as a warning so that wrangler dev's quiet
 * mode (WRANGLER_LOG=warn, which the benches use to keep its request log out) still passes
 * it; nothing is wrong when it appears.
 */
export function logTraceEvent(entry: LogEvent): void {
  console.warn(JSON.stringify({ at: new Date().toISOString(), ...entry }));
}
