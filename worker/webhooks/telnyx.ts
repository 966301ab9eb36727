// POST /webhooks/telnyx: the carrier's events. Verified as the telnyx SDK verifies them
// (Ed25519 over `timestamp|body`, 300 s either way; telnyx-signature.ts, with the key
// imported once); anything unverified is a 401 and nothing is stored. A verified event goes to its call's actor, found from the
// client_state we gave the carrier or, for an inbound call, from the called number.
import { decodeClientState, type CallAddress } from "../../objects/call/client-state";
import { telnyxWebhookSchema, toCarrierEvent, type TelnyxWebhook } from "../../objects/call/carrier-event";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { findIvrCaller, findNumberRoute, followQueueRoute, inboundCallId, inboundSpec } from "../calls/inbound";
import { ivrQueueChoices, queueAdmission } from "../calls/queue-admission";
import { openDatabase } from "../../db/client";
import { systemAccess } from "../../db/access";
import { ApiError, errorResponse } from "../http/errors";
import { logEvent } from "../../domain/log";
import { engineBacklog } from "../calls/engine-backlog";
import { signatureHeaders, verifyTelnyxSignature } from "./telnyx-signature";

const MAX_WEBHOOK_BYTES = 256 * 1024;

function webhookPublicKey(env: Env): string {
  const publicKey = env.TELNYX_PUBLIC_KEY;
  if (!publicKey) throw new ApiError(503, "service_unavailable", "TELNYX_PUBLIC_KEY is not set: carrier webhooks cannot be verified");
  return publicKey;
}

export async function handleTelnyxWebhook(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  // From arrival to the ack: the wait the carrier sees, which says whether the engine is behind.
  const stored = engineBacklog.webhookStarted();
  try {
    return await storeTelnyxEvent(request, env, ctx);
  } finally {
    stored();
  }
}

async function storeTelnyxEvent(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const raw = await request.text();
  if (raw.length > MAX_WEBHOOK_BYTES) return errorResponse(new ApiError(413, "payload_too_large", "Webhook body too large"));
  try {
    await verifyTelnyxSignature(webhookPublicKey(env), raw, signatureHeaders(request.headers), Date.now());
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    logEvent({ event: "webhook_rejected", reason: error instanceof Error ? error.message : String(error) });
    return errorResponse(new ApiError(401, "unauthorized", "Webhook signature or timestamp is not valid"));
  }
  let parsed: ReturnType<typeof telnyxWebhookSchema.safeParse>;
  try {
    parsed = telnyxWebhookSchema.safeParse(JSON.parse(raw));
  } catch {
    return errorResponse(new ApiError(400, "invalid_json", "The webhook body is not JSON"));
  }
  if (!parsed.success) {
    return errorResponse(new ApiError(400, "validation_failed", `Not a Call Control event: ${parsed.error.issues[0]?.message ?? ""}`));
  }
  const webhook = parsed.data;
  const address = decodeClientState(webhook.data.payload.client_state) ?? (await inboundAddress(env, ctx, webhook));
  if (!address) {
    // Acknowledge so the carrier stops retrying an event that is not ours to handle.
    logEvent({ event: "webhook_unrouted", eventType: webhook.data.event_type, eventId: webhook.data.id });
    return Response.json({ received: true, routed: false });
  }
  const result = await callActorStub(env, address.organizationId, address.callId).receiveCarrierEvent(toCarrierEvent(webhook, address.leg, address.speech ?? null, address.agentGeneration));
  return Response.json({ received: true, routed: result.known, duplicate: result.duplicate });
}

/** An incoming call has no client_state until we answer: route it by the number it called. */
async function inboundAddress(env: Env, ctx: ExecutionContext, webhook: TelnyxWebhook): Promise<CallAddress | null> {
  const { payload } = webhook.data;
  // An incoming call we cannot answer without its leg's id is left alone, like one to a number nobody owns.
  if (payload.direction !== "incoming" || !payload.to || !payload.call_session_id || !payload.call_control_id) return null;
  // A carrier webhook names a call, not an organisation: the lookup must see them all.
  const handle = openDatabase(env, systemAccess("carrier webhooks find their call in any organisation"));
  try {
    const numberRoute = await findNumberRoute(handle.db, payload.to);
    if (!numberRoute) return null;
    const callId = await inboundCallId(payload.call_session_id);
    const from = payload.from ?? "unknown";
    const occurredAtMs = Date.parse(webhook.data.occurred_at);
    // An open queue with room puts the caller in line (the pool holds it); a closed or full
    // one sends the caller on (a message, voicemail, the IVR, another queue).
    const admit = queueAdmission(env, handle.db, numberRoute, { callId, from, enteredAtMs: occurredAtMs });
    const route = await followQueueRoute(handle.db, numberRoute, occurredAtMs, admit);
    // The IVR collects the balance of the account the caller's number belongs to; every
    // call reads its state (the recording disclosure decides from it before the area code).
    const caller = await findIvrCaller(handle.db, route.organizationId, from);
    // The IVR's options that send a caller to a queue carry what joining it needs (the call has no database).
    const ivrQueues = await ivrQueueChoices(handle.db, route, caller, from, occurredAtMs);
    const spec = inboundSpec(
      env,
      route,
      { id: callId, from, callControlId: payload.call_control_id, occurredAtMs },
      caller,
      ivrQueues,
    );
    await callActorStub(env, route.organizationId, callId).start(spec);
    return { organizationId: route.organizationId, callId, leg: "customer" };
  } finally {
    ctx.waitUntil(handle.close().catch(() => undefined));
  }
}
