// The routes by which the agent on a live call acts on it (raise or withdraw a hand, pause or
// resume its recording) find the call the same way: one the caller may see, and a caller who
// is a person (an API key is nobody on a call). The call's actor then decides the rest.
import { calls } from "../../db/schema";
import type { Identity } from "../auth/identity";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import type { AppContext } from "../http/route-table";
import { visibleCall } from "./visible-calls";

export async function agentOnVisibleCall(c: AppContext, notAPerson: string): Promise<{ identity: Identity; callId: string; userId: string }> {
  const identity = c.var.identity;
  const callId = idParam(c, "Call");
  const [row] = await c.var.db.select({ id: calls.id }).from(calls).where(visibleCall(identity, callId));
  if (!row) throw notFound("Call");
  if (!identity.userId) throw new ApiError(409, "conflict", notAPerson);
  return { identity, callId, userId: identity.userId };
}
