// Carrier events as a typed union: webhooks reduce to events with typed fields (the IVR's
// digits included), our own wib.* names cannot come from the carrier, and inbox rows an
// older build stored (every field on every event, our events' fields in `payload`) read
// back as the same typed events.
import { describe, expect, it } from "vitest";
import { carrierEventSchema, LOCAL_EVENTS, telnyxWebhookSchema, toCarrierEvent } from "../../../../objects/call/carrier-event";
import { foldCall } from "../../../../objects/call/machine";
import { spec, T0 } from "./events";

const webhook = (eventType: string, payload: Record<string, unknown>) => ({
  data: { record_type: "event", event_type: eventType, id: `ev-${eventType}`, occurred_at: new Date(T0).toISOString(), payload: { call_control_id: "v3:c", ...payload } },
});

describe("carrier events", () => {
  it("lifts the digits a caller keyed in, keeping the carrier's payload for the record", () => {
    const event = toCarrierEvent(telnyxWebhookSchema.parse(webhook("call.gather.ended", { digits: "1234#", status: "valid" })), "customer");
    expect(event).toMatchObject({ type: "call.gather.ended", digits: "1234#", payload: { digits: "1234#", status: "valid" } });
  });

  it("takes a saved recording whose payload has no call_control_id (the SDK's types allow it), keeping the leg's id", () => {
    const answered = toCarrierEvent(telnyxWebhookSchema.parse(webhook("call.answered", {})), "customer");
    const bare = webhook("call.recording.saved", { recording_urls: { wav: "https://recordings.example/r.wav" } });
    delete (bare.data.payload as { call_control_id?: string }).call_control_id;
    const parsed = telnyxWebhookSchema.safeParse(bare);
    expect(parsed.success).toBe(true);
    const saved = toCarrierEvent(parsed.data!, "customer");
    const record = foldCall(spec(), [answered, saved]);
    expect(record.recordings.map((r) => r.url)).toEqual(["https://recordings.example/r.wav"]);
    expect(record.legs.customer.callControlId).toBe("v3:c");
  });

  it("refuses our own event names from the carrier", () => {
    expect(telnyxWebhookSchema.safeParse(webhook(LOCAL_EVENTS.agentReserved, { userId: "intruder" })).success).toBe(false);
  });

  it("reads inbox rows an older build stored into the same typed events", () => {
    const flat = { occurredAtMs: T0, callControlId: "", callSessionId: null, hangupCause: null, hangupSource: null, amdResult: null, transcript: null, recording: null };
    const reserved = carrierEventSchema.parse({ ...flat, id: "wib.agent.reserved:agent", type: LOCAL_EVENTS.agentReserved, leg: "agent", payload: { userId: "a1", address: "sip:agent-a1@x" } });
    expect(reserved).toMatchObject({ agent: { userId: "a1", address: "sip:agent-a1@x", name: null } });
    const refused = carrierEventSchema.parse({ ...flat, id: "wib.command.failed:customer", type: LOCAL_EVENTS.commandFailed, leg: "customer", payload: { command: "dial-customer", detail: "invalid number" } });
    expect(refused).toMatchObject({ command: "dial-customer", detail: "invalid number" });
    const unknown = carrierEventSchema.parse({ ...flat, id: "ev-dtmf", type: "call.dtmf.received", leg: "customer", payload: { digit: "5" } });
    expect(unknown.type).toBe("call.dtmf.received");
    expect(foldCall(spec(), [refused, unknown]).timeline.map((t) => t.text)).toContain("Carrier refused: invalid number");
  });

  it("refuses a stored row of a known type that lacks its fields", () => {
    expect(carrierEventSchema.safeParse({ id: "h", type: "call.hangup", occurredAtMs: T0, leg: "customer", callControlId: "", callSessionId: null, payload: {} }).success).toBe(false);
  });
});
