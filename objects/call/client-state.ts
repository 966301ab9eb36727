// The client_state we hand the carrier on every dial and answer: it comes back on every
// webhook of that leg and tells the Worker which call actor (and which leg) an event
// belongs to. Base64 of a small JSON, as Telnyx requires base64.
import { z } from "zod";
import { CALL_LEGS, type CallLeg } from "./carrier-event";

const clientStateSchema = z.strictObject({
  v: z.literal(1),
  org: z.string().uuid(),
  call: z.string().uuid(),
  leg: z.enum(CALL_LEGS),
  vars: z.record(z.string(), z.string()).optional(),
  speech: z.enum(["recording_disclosure"]).optional(),
  gen: z.number().int().min(2).optional(),
});

/**
 * Speech told apart by the client_state its speak sets: Telnyx's call.speak.ended names no
 * command, but carries the client_state the last command on the leg set. So the recording
 * disclosure's speak tags it, and every other speak on the leg sets it untagged.
 */
export type TaggedSpeech = "recording_disclosure";

export interface CallAddress {
  organizationId: string;
  callId: string;
  leg: CallLeg;
  /** Set on the webhooks that follow a tagged speak (until the leg's next command sets client_state). */
  speech?: TaggedSpeech;
  /** The agent leg's generation when it is not the first (an AI call taken over again). */
  agentGeneration?: number;
}

/**
 * `vars`: what the carrier simulator's script may say on this leg (the customer's name,
 * the balance, the agent's name). Only the simulator is given them (CARRIER_MODE
 * "simulator"): a real carrier keeps client_state in its records, and needs no names.
 */
export function encodeClientState(address: CallAddress, vars?: Readonly<Record<string, string>>): string {
  const json = JSON.stringify({
    v: 1,
    org: address.organizationId,
    call: address.callId,
    leg: address.leg,
    ...(vars && Object.keys(vars).length > 0 ? { vars } : {}),
    ...(address.speech ? { speech: address.speech } : {}),
    ...(address.agentGeneration && address.agentGeneration >= 2 ? { gen: address.agentGeneration } : {}),
  });
  // UTF-8 first: names are not all Latin-1, and btoa takes only Latin-1.
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)));
}

export function decodeClientState(clientState: string | null | undefined): CallAddress | null {
  if (!clientState) return null;
  try {
    const parsed = clientStateSchema.safeParse(JSON.parse(utf8Decoder.decode(base64Bytes(clientState))));
    if (!parsed.success) return null;
    const { org, call, leg, speech, gen } = parsed.data;
    return { organizationId: org, callId: call, leg, ...(speech ? { speech } : {}), ...(gen ? { agentGeneration: gen } : {}) };
  } catch {
    return null;
  }
}

const utf8Decoder = new TextDecoder();

/** atob's Latin-1 string as bytes, in a plain loop: Uint8Array.from with a mapping callback per character was 2 % of the isolate's time under 200 calls. */
function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The call actor's name: room names always start with the organisation id. */
export const callActorName = (organizationId: string, callId: string) => `${organizationId}:${callId}`;
