// Inbound calls: which organisation a called number belongs to, and the call id an
// inbound call gets. The id is derived from the carrier's call session, so every
// webhook of that call (and every duplicate) reaches the same actor, before and
// after we hand the carrier a client_state.
import { eq } from "drizzle-orm";
import type { CallSpec } from "../../objects/call/call-spec";
import { DEFAULT_RING_TIMEOUT_SECONDS } from "../../domain/legal";
import type { Queryable } from "../../db/client";
import { organizations, phoneNumbers } from "../../db/schema";
import { ordinaryCallWrapUp } from "../../domain/wrap-up";
import { sha256Hex } from "../../domain/sha256";
import { agentAddressFor } from "../../domain/agent-address";

export interface NumberRoute {
  organizationId: string;
  e164: string;
  inboundAction: "ring_agent" | "message";
  inboundAgentUserId: string | null;
  inboundMessage: string;
  /** The organisation's wrap-up time, for the agent the call rings. */
  wrapUpSeconds: number;
}

export async function findNumberRoute(db: Queryable, e164: string): Promise<NumberRoute | null> {
  const [row] = await db
    .select({
      organizationId: phoneNumbers.organizationId,
      e164: phoneNumbers.e164,
      inboundAction: phoneNumbers.inboundAction,
      inboundAgentUserId: phoneNumbers.inboundAgentUserId,
      inboundMessage: phoneNumbers.inboundMessage,
      wrapUpSeconds: organizations.wrapUpSeconds,
    })
    .from(phoneNumbers)
    .innerJoin(organizations, eq(organizations.id, phoneNumbers.organizationId))
    .where(eq(phoneNumbers.e164, e164));
  return row ?? null;
}

/** A UUID (version 8, name-based) from the carrier's session id. */
export async function inboundCallId(callSessionId: string): Promise<string> {
  const hex = (await sha256Hex(`inbound:${callSessionId}`)).slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function inboundSpec(
  env: Pick<Env, "AGENT_SIP_DOMAIN">,
  route: NumberRoute,
  call: { id: string; from: string; callControlId: string; occurredAtMs: number },
): CallSpec {
  const ringAgent = route.inboundAction === "ring_agent" && route.inboundAgentUserId !== null;
  return {
    id: call.id,
    organizationId: route.organizationId,
    kind: "inbound",
    direction: "inbound",
    to: route.e164,
    from: call.from,
    agentUserId: ringAgent ? route.inboundAgentUserId : null,
    agentAddress: ringAgent ? agentAddressFor(env, route.inboundAgentUserId!) : null,
    accountId: null,
    createdAtMs: call.occurredAtMs,
    ringTimeoutSeconds: DEFAULT_RING_TIMEOUT_SECONDS,
    record: true,
    transcribe: true,
    inbound: { action: ringAgent ? "ring_agent" : "message", message: route.inboundMessage, customerCallControlId: call.callControlId },
    wrapUp: ordinaryCallWrapUp(route.wrapUpSeconds),
  };
}
