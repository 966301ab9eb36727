// Which calls an identity may see: those of its organisation, and for an agent only the
// calls they spoke on (another agent's call is not theirs to know of, so it is a 404 to
// them, never a 403 that would say it exists). Every route that reads or acts on one call
// asks through here.
import { and, eq, type SQL } from "drizzle-orm";
import { calls } from "../../db/schema";
import type { Identity } from "../auth/identity";

/** An id no call has: an agent without a user id (an API key acting as agent) sees no call. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

/** An agent's own calls only; no narrowing for supervisors and up. */
export function ownCallsOnly(identity: Identity): SQL | undefined {
  return identity.role === "agent" ? eq(calls.agentUserId, identity.userId ?? NO_USER) : undefined;
}

/** The call `callId`, if this identity may see it. */
export function visibleCall(identity: Identity, callId: string): SQL | undefined {
  return and(eq(calls.id, callId), eq(calls.organizationId, identity.organizationId), ownCallsOnly(identity));
}
