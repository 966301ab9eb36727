// Builders for carrier events in tests: what the simulator (or Telnyx) would send.
import { carrierEventSchema, type AmdResult, type CallLeg, type CarrierEvent, type RecordingFile, type TranscriptPiece } from "../../../../objects/call/carrier-event";
import type { CallSpec } from "../../../../objects/call/call-spec";

export const T0 = Date.UTC(2026, 10, 23, 15, 0, 0);

export function spec(overrides: Partial<CallSpec> = {}): CallSpec {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    organizationId: "22222222-2222-4222-8222-222222222222",
    kind: "direct",
    direction: "outbound",
    to: "+15550100001",
    from: "+15550001000",
    agentUserId: null,
    agentAddress: null,
    accountId: null,
    createdAtMs: T0,
    ringTimeoutSeconds: 22,
    record: true,
    transcribe: true,
    inbound: null,
    ...overrides,
  };
}

let counter = 0;

/** The fields an event may carry, flat, as older builds stored every event. */
export interface EventFields {
  id?: string;
  callControlId?: string;
  hangupCause?: string;
  hangupSource?: string | null;
  amdResult?: AmdResult;
  transcript?: TranscriptPiece | null;
  recording?: RecordingFile | null;
  digits?: string | null;
  payload?: Record<string, unknown>;
  /** An AI call's agent leg after the first (2, 3 …). */
  agentGeneration?: number;
}

/** An event of any type, read through the same schema as the call's stored inbox. */
export function event(type: string, atSecond: number, leg: CallLeg = "customer", extra: EventFields = {}): CarrierEvent {
  return carrierEventSchema.parse({
    id: `ev-${type}-${leg}-${atSecond}-${++counter}`,
    type,
    occurredAtMs: T0 + atSecond * 1000,
    leg,
    callControlId: `v3:${leg}`,
    callSessionId: "session-1",
    payload: {},
    ...extra,
  });
}

export const hangup = (atSecond: number, cause: string, leg: CallLeg = "customer", source = "callee") =>
  event("call.hangup", atSecond, leg, { hangupCause: cause, hangupSource: source });
export const amd = (atSecond: number, result: AmdResult) => event("call.machine.premium.detection.ended", atSecond, "customer", { amdResult: result });
export const said = (atSecond: number, text: string, track: "inbound" | "outbound" = "inbound") =>
  event("call.transcription", atSecond, "customer", { transcript: { text, track, confidence: 0.9 } });
