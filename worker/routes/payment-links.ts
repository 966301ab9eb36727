// POST /api/calls/:id/payment-links: the agent's "send payment link" on a live call
// (the agent on that call, or a supervisor and up). It raises `paymentLinkRequested` on
// the call; the call's payment-links feature makes the one Checkout Session and the SMS,
// the same path as the IVR's payment step. An Idempotency-Key makes a retried request the
// same request (one link).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { accounts, calls, debts } from "../../db/schema";
import { isTerminalStatus } from "../../domain/call-status";
import { paymentLinkRequested } from "../../objects/call/local-events";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { requestPaymentLink } from "../http/contracts/payments";
import { ApiError, notFound } from "../http/errors";
import { idForIdempotencyKey, readIdempotencyKey } from "../http/idempotency-key";
import { idParam } from "../http/params";
import { visibleCall } from "../calls/visible-calls";
import { defineRoute, member } from "../http/route-table";
import { requireFeature } from "../billing/plan-gate";

/** A link is for a balance a person owes, not a wire: $100,000.00 is more than any account here. */
const MAX_LINK_CENTS = 10_000_000;

defineRoute(requestPaymentLink, {
  summary: "Send the customer on a live call a payment link by SMS (agent on the call, or supervisor+)",
  access: member("agent"),
  resource: "accountCall",
  body: z.strictObject({
    amountCents: z.number().int().min(50, "at least 50 cents (Stripe's minimum)").max(MAX_LINK_CENTS),
    debtId: z.uuid().optional(),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const callId = idParam(c, "Call");
    await requireFeature(c.var.db, identity.organizationId, "ivr_payments");
    const [call] = await c.var.db
      .select({ id: calls.id, status: calls.status, direction: calls.direction, toNumber: calls.toNumber, fromNumber: calls.fromNumber, accountId: calls.accountId, agentUserId: calls.agentUserId })
      .from(calls)
      .where(visibleCall(identity, callId));
    if (!call) throw notFound("Call");
    if (isTerminalStatus(call.status)) throw new ApiError(409, "conflict", "The call has ended: send the link from the account instead");
    if (!call.accountId) throw new ApiError(409, "conflict", "The call is not about an account: there is no balance to pay");
    const [account] = await c.var.db
      .select({ balanceDueCents: accounts.balanceDueCents })
      .from(accounts)
      .where(and(eq(accounts.id, call.accountId), eq(accounts.organizationId, identity.organizationId)));
    if (!account) throw new ApiError(409, "conflict", "The call's account no longer exists");
    if (body.amountCents > account.balanceDueCents) {
      throw new ApiError(400, "validation_failed", "The amount is more than the balance due", [
        { path: "amountCents", message: `at most the balance due (${account.balanceDueCents} cents)` },
      ]);
    }
    if (body.debtId) {
      const [debt] = await c.var.db
        .select({ id: debts.id })
        .from(debts)
        .where(and(eq(debts.id, body.debtId), eq(debts.accountId, call.accountId), eq(debts.organizationId, identity.organizationId)));
      if (!debt) throw new ApiError(400, "validation_failed", "No such debt on the call's account", [{ path: "debtId", message: "not a debt of this account" }]);
    }
    const key = readIdempotencyKey(c.req.raw);
    const commandId = key ? await idForIdempotencyKey(`${identity.organizationId}:${callId}`, key) : crypto.randomUUID();
    const requestId = `agent-${commandId}`;
    const sendTo = call.direction === "inbound" ? call.fromNumber : call.toNumber;
    await callActorStub(c.env, identity.organizationId, call.id).receiveCarrierEvent(
      paymentLinkRequested(Date.now(), {
        requestId,
        amountCents: body.amountCents,
        currency: "usd",
        accountId: call.accountId,
        debtId: body.debtId ?? null,
        source: "agent",
        requestedByUserId: identity.userId,
        sendTo,
      }),
    );
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: "payment_link.requested",
        resourceType: "call",
        resourceId: call.id,
        after: { requestId, amountCents: body.amountCents, debtId: body.debtId ?? null, accountId: call.accountId },
      }),
    );
    return c.json({ requestId, callId: call.id, amountCents: body.amountCents, sendTo }, 202);
  },
});
