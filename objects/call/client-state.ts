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
});

export interface CallAddress {
  organizationId: string;
  callId: string;
  leg: CallLeg;
}

/**
 * `vars`: what the carrier simulator's script may say on this leg (the customer's name,
 * the balance, the agent's name). Only the simulator is given them (CARRIER_MODE
 * "simulator"): a real carrier keeps client_state in its records, and needs no names.
 */
export function encodeClientState(address: CallAddress, vars?: Readonly<Record<string, string>>): string {
  const json = JSON.stringify({ v: 1, org: address.organizationId, call: address.callId, leg: address.leg, ...(vars && Object.keys(vars).length > 0 ? { vars } : {}) });
  // UTF-8 first: names are not all Latin-1, and btoa takes only Latin-1.
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)));
}

export function decodeClientState(clientState: string | null | undefined): CallAddress | null {
  if (!clientState) return null;
  try {
    const parsed = clientStateSchema.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(clientState), (c) => c.charCodeAt(0)))));
    return parsed.success ? { organizationId: parsed.data.org, callId: parsed.data.call, leg: parsed.data.leg } : null;
  } catch {
    return null;
  }
}

/** The call actor's name: room names always start with the organisation id. */
export const callActorName = (organizationId: string, callId: string) => `${organizationId}:${callId}`;
