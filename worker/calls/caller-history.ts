// Why an inbound caller may be calling: the facts domain/caller-reason.ts words, read from
// Postgres when they join a queue (an open callback they asked for, the latest campaign call
// to their number and whether it left a voicemail, a payment link texted to them, their
// latest promise to pay). Only facts recent enough to matter are read.
import { and, desc, eq, gte, isNull, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accountCallbacks, callEvents, calls, campaigns } from "../../db/schema";
import { callerReasons, OPEN_CALLBACK_DAYS, PAYMENT_LINK_DAYS, RETURNING_CALL_DAYS, type CallerHistory, type CallerReason } from "../../domain/caller-reason";
import { promiseToPayDetails } from "../../domain/dispositions";
import { LOCAL_EVENTS } from "../../objects/call/carrier-event";

const DAY_MS = 86_400_000;
const since = (nowMs: number, days: number) => new Date(nowMs - days * DAY_MS);

export async function findCallerHistory(db: Queryable, organizationId: string, caller: { from: string; accountId: string | null }, nowMs: number): Promise<CallerHistory> {
  const [callback] = await db
    .select({ requestedAt: accountCallbacks.requestedAt })
    .from(accountCallbacks)
    .where(
      and(
        eq(accountCallbacks.organizationId, organizationId),
        caller.accountId ? or(eq(accountCallbacks.accountId, caller.accountId), eq(accountCallbacks.phone, caller.from)) : eq(accountCallbacks.phone, caller.from),
        isNull(accountCallbacks.doneAt),
        gte(accountCallbacks.requestedAt, since(nowMs, OPEN_CALLBACK_DAYS)),
      ),
    )
    .orderBy(desc(accountCallbacks.requestedAt))
    .limit(1);
  const [outbound] = await db
    .select({ createdAt: calls.createdAt, outcome: calls.outcome, campaignName: campaigns.name })
    .from(calls)
    .leftJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .where(and(eq(calls.organizationId, organizationId), eq(calls.direction, "outbound"), eq(calls.toNumber, caller.from), gte(calls.createdAt, since(nowMs, RETURNING_CALL_DAYS))))
    .orderBy(desc(calls.createdAt))
    .limit(1);
  const history: CallerHistory = {
    openCallback: callback ? { requestedAtMs: callback.requestedAt.getTime() } : null,
    lastOutbound: outbound ? { atMs: outbound.createdAt.getTime(), campaignName: outbound.campaignName, voicemailLeft: outbound.outcome === "voicemail_left" } : null,
  };
  if (!caller.accountId) return history;
  return { ...history, paymentLinkSent: await latestPaymentLink(db, organizationId, caller.accountId, nowMs), promise: await latestPromise(db, organizationId, caller.accountId) };
}

/** The latest payment link texted on one of the account's calls, with the amount it was requested for. */
async function latestPaymentLink(db: Queryable, organizationId: string, accountId: string, nowMs: number): Promise<CallerHistory["paymentLinkSent"]> {
  // The amount is on the request event of the same request id, on the same call.
  const amountRequested = sql<string | null>`(select requested.payload->>'amountCents' from call_events requested
    where requested.call_id = ${callEvents.callId} and requested.event_type = ${LOCAL_EVENTS.paymentLinkRequested}
      and requested.payload->>'requestId' = ${callEvents.payload}->>'requestId' limit 1)`;
  const [link] = await db
    .select({ at: callEvents.occurredAt, amountCents: amountRequested })
    .from(callEvents)
    .innerJoin(calls, eq(calls.id, callEvents.callId))
    .where(and(eq(callEvents.organizationId, organizationId), eq(calls.accountId, accountId), eq(callEvents.eventType, LOCAL_EVENTS.paymentLinkSent), gte(callEvents.occurredAt, since(nowMs, PAYMENT_LINK_DAYS))))
    .orderBy(desc(callEvents.occurredAt))
    .limit(1);
  return link ? { atMs: link.at.getTime(), amountCents: link.amountCents === null ? null : Number(link.amountCents) } : null;
}

/** The account's latest promise to pay (its date and amount as the agent recorded them). */
async function latestPromise(db: Queryable, organizationId: string, accountId: string): Promise<CallerHistory["promise"]> {
  const [row] = await db
    .select({ details: calls.dispositionDetails })
    .from(calls)
    .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, accountId), eq(calls.disposition, "promise_to_pay")))
    .orderBy(desc(calls.dispositionAt))
    .limit(1);
  const details = promiseToPayDetails.safeParse(row?.details);
  return details.success ? { date: details.data.promiseDate, amountCents: details.data.promiseAmountCents } : null;
}

/** The reasons a queue caller may be calling, worded in the organisation's zone. */
export async function callerReasonsFor(db: Queryable, organizationId: string, caller: { from: string; accountId: string | null }, nowMs: number, timeZone: string): Promise<CallerReason[]> {
  return callerReasons(await findCallerHistory(db, organizationId, caller, nowMs), nowMs, timeZone);
}
