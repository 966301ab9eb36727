// The AI's tools, run on the engine's own paths once the policy let them through
// (policy.ts, in the turn machine): the balance as the call knows it (the account's, less
// any payment this call saw land), a payment link through the payments contract's
// event, a callback on the account like the IVR books one, a disposition for the call.
// Each returns what the model is told, and the events and rows that make it so.
import { balanceAsSaid, type CallSpec } from "../../call-spec";
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import { paymentLinkRequested } from "../../local-events";
import type { Disposition } from "../../../../domain/dispositions";
import type { QueuedRow } from "../feature";
import type { AiRunToolTask } from "./ai-tasks";
import { aiEvent } from "./journal";

export interface ToolRun {
  /** What the model reads (JSON). */
  result: string;
  events: CarrierEvent[];
  rows: QueuedRow[];
}

/** The balance now: the account's at the call's start, or what the last payment on this call left. */
export function currentBalanceCents(spec: CallSpec, events: readonly CarrierEvent[]): number | null {
  const account = spec.ai?.account;
  if (!account) return null;
  let balance = account.balanceCents;
  for (const event of events) if (isKnownEvent(event) && event.type === LOCAL_EVENTS.paymentSucceeded) balance = event.balanceAfterCents;
  return balance;
}

export function runTool(task: AiRunToolTask, spec: CallSpec, events: readonly CarrierEvent[], nowMs: number): ToolRun {
  const ai = spec.ai;
  const none = (result: unknown): ToolRun => ({ result: JSON.stringify(result), events: [], rows: [] });
  if (!ai?.account) return none({ error: "no account is known for this caller" });
  const args = task.call.args;
  switch (task.call.name) {
    case "lookup_balance": {
      const cents = currentBalanceCents(spec, events) ?? 0;
      return none({ balanceCents: cents, balance: balanceAsSaid(cents) });
    }
    case "send_payment_link": {
      const amountCents = Number(args.amountCents);
      if (!ai.sendTo) return none({ error: "the caller's number cannot receive a text" });
      // The task's name is stable: a retried run raises the same request, which the inbox ignores.
      const request = paymentLinkRequested(nowMs, {
        requestId: task.name,
        amountCents,
        currency: "usd",
        accountId: ai.account.id,
        debtId: ai.account.debtId,
        source: "agent",
        requestedByUserId: null,
        sendTo: ai.sendTo,
      });
      return { result: JSON.stringify({ ok: true, amount: balanceAsSaid(amountCents), textedTo: `•••${ai.sendTo.slice(-4)}` }), events: [request], rows: [] };
    }
    case "schedule_callback": {
      const at = new Date(String(args.at));
      const row = { id: spec.id, organizationId: spec.organizationId, accountId: ai.account.id, callId: spec.id, phone: spec.from, requestedAt: new Date(nowMs), doneAt: null, callbackAt: at };
      return { result: JSON.stringify({ ok: true, at: at.toISOString() }), events: [], rows: [{ key: `callback:${spec.id}`, row: { table: "callback", row } }] };
    }
    case "set_disposition": {
      const disposition = String(args.disposition) as Disposition;
      const note = typeof args.note === "string" ? args.note : null;
      const row = { id: spec.id, organizationId: spec.organizationId, disposition, note, setAt: new Date(nowMs) };
      return {
        result: JSON.stringify({ ok: true }),
        events: [aiEvent(`disposition:${task.name}`, nowMs, { kind: "disposition", disposition, note })],
        rows: [{ key: `ai_disposition:${spec.id}`, row: { table: "ai_disposition", row } }],
      };
    }
    default:
      return none({ error: `${task.call.name} is not run by a tool` });
  }
}
