// Turns "this happened on that leg" into a Telnyx event: the common payload from the
// leg's current state (client_state as it is *now*, so an action's new client_state
// shows on every later webhook), an id from the seeded generator, the simulator's
// clock for occurred_at; noted on the leg and handed to the dispatcher.
import type { Leg } from "./calls.ts";
import type { SimContext } from "./context.ts";
import type { CommonPayload, EventData, EventFields, EventType, WireState } from "./wire.ts";

function wireState(leg: Leg): WireState {
  if (leg.phase === "ended") return "hangup";
  if (leg.phase === "answered") return "answered";
  return leg.direction === "incoming" ? "parked" : "bridging";
}

export function commonPayload(leg: Leg): CommonPayload {
  return {
    call_control_id: leg.callControlId,
    call_leg_id: leg.callLegId,
    call_session_id: leg.callSessionId,
    connection_id: leg.connectionId,
    client_state: leg.clientState,
    from: leg.from,
    to: leg.to,
    direction: leg.direction,
    state: wireState(leg),
    start_time: new Date(leg.startedAtMs).toISOString(),
  };
}

export function emit<T extends EventType>(ctx: SimContext, leg: Leg, type: T, fields: EventFields[T]): EventData<T> {
  const nowMs = ctx.scheduler.now();
  const data: EventData<T> = {
    record_type: "event",
    event_type: type,
    id: ctx.prng.uuid(),
    occurred_at: new Date(nowMs).toISOString(),
    payload: { ...commonPayload(leg), ...fields },
  };
  leg.events.push({ id: data.id, type, atMs: nowMs });
  ctx.webhooks.publish(data, { callControlId: leg.callControlId, url: leg.webhookUrl ?? ctx.settings.defaultWebhookUrl });
  return data;
}
