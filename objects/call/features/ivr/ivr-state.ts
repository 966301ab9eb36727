// The IVR as a pure fold of the call's events: where the caller is in the menu, what was
// last said to them, which payment step is under way. Keys arrive as `call.gather.ended`
// (each answers the one prompt outstanding: a new prompt goes out only once the last was
// answered); what others decide about a step (the payment link's outcome, the pool's
// agent, our own timeout) is looked up by the step's id, whatever order it arrived in,
// so the same events in any order give the same state. The fold also keeps the trail of
// the caller's steps (choices, refusals, the payment's outcomes, transfers) for the audit log.
//
//   greeting + menu ─1→ pay ─1→ paying (full balance)
//                  │        └2→ amount ─ok→ paying (that amount); 3 bad → agent
//                  ├2→ balance said, menu again
//                  ├3→ agent ─reserved→ with agent (bridged by carrier-commands)
//                  │        └none free→ callback offer ─1→ goodbye (callback booked)
//                  └own key→ queue ─joined→ in queue (features/queue waits; an overflow to the IVR: menu again)
//                                  └closed or full→ said so, menu again
//   (an option the organisation does not offer is not said, and its key is no choice)
//   paying ─paid→ confirmation + new balance, menu again
//          ├link failed→ said so, menu again (3 = agent)
//          └timeout→ how to pay later, goodbye → hang up
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent, type IvrAmountReading, type KnownEvent } from "../../carrier-event";
import type { IvrCallSpec } from "../../call-spec";
import { readAmount } from "./amount";
import { IVR_MENU_KEYS, IVR_MENU_OPTIONS } from "../../../../domain/ivr-settings";
import { menuText } from "../../../../domain/ivr-menu";
import { IVR_PHRASES, type IvrPhrases } from "./phrases";

/** Bad answers to one question before the IVR gives up on it. */
export const MAX_BAD_TRIES = 3;

/** A question the IVR asks (a `gather_using_speak`): its number names its carrier command. */
export interface IvrPrompt {
  number: number;
  text: string;
  maxDigits: number;
}

export type IvrStep =
  | { kind: "waiting" }
  | { kind: "menu"; prompt: IvrPrompt; badTries: number }
  | { kind: "pay_choice"; prompt: IvrPrompt; badTries: number; payment: number }
  | { kind: "amount"; prompt: IvrPrompt; badTries: number; payment: number }
  | { kind: "paying"; payment: number; requestId: string; amountCents: number; holds: number; linkSent: boolean }
  | { kind: "agent"; attempt: number }
  | { kind: "with_agent"; attempt: number }
  | { kind: "callback_offer"; prompt: IvrPrompt; badTries: number }
  /** The caller keyed an option of the organisation's own: the call puts them in that queue's line. */
  | { kind: "queue"; attempt: number; key: string; label: string; queueId: string }
  /** In the queue's line: the queue feature has the call now (the IVR says nothing more unless the wait overflows back to it). */
  | { kind: "in_queue"; queueId: string }
  /** The last words; once heard (its gather ends) the call is hung up. */
  | { kind: "goodbye"; prompt: IvrPrompt }
  | { kind: "done" }
  | { kind: "gone" };

export interface IvrState {
  step: IvrStep;
  /** Null when the caller has no account we know. */
  balanceCents: number | null;
  /** Prompts asked so far (the next one is number prompts + 1). */
  prompts: number;
  /** Payment steps begun (each pauses the recording until it is over). */
  payments: number;
  agentAttempts: number;
  /** Options of the organisation's own keyed so far (each a try at joining its queue). */
  queueAttempts: number;
  /** The caller asked for a callback when no agent was free. */
  callbackRequested: boolean;
  /** Each step the caller took, in order: the audit log's IVR entries (written once each by index.ts's `ivr_audit` tasks); never a key pressed in a payment step. */
  trail: IvrTrailEntry[];
}

/** A step of the IVR worth auditing, keyed by the event that caused it (stable whatever order events arrive in). */
export interface IvrTrailEntry {
  key: string;
  atMs: number;
  action: IvrAuditAction;
  detail: Record<string, string | number | null>;
}

export const IVR_AUDIT_ACTIONS = [
  "ivr.menu_choice",
  "ivr.balance_spoken",
  "ivr.pay_choice",
  "ivr.amount_refused",
  "ivr.payment_link_requested",
  "ivr.payment_link_sent",
  "ivr.payment_link_failed",
  "ivr.payment_confirmed",
  "ivr.payment_timed_out",
  "ivr.transfer_to_agent",
  "ivr.agent_reserved",
  "ivr.callback_offered",
  "ivr.callback_booked",
] as const;
export type IvrAuditAction = (typeof IVR_AUDIT_ACTIONS)[number];

/** The steps in which what the caller keys is never kept (amounts, and anything keyed while paying). */
export const isSensitiveStep = (step: IvrStep): boolean => step.kind === "amount" || step.kind === "paying";

/** The id of a payment step's link request (payments contract: stable per step). */
export const paymentRequestId = (payment: number) => `ivr-pay-${payment}`;

export interface StepOutcomes {
  paid: Map<string, { amountCents: number; balanceAfterCents: number }>;
  failed: Set<string>;
  sent: Set<string>;
  timedOut: Set<string>;
  noAgent: Set<number>;
  agentReserved: boolean;
  /** The call put the caller in a queue chosen in the menu. */
  queueJoined: boolean;
  /** Tries at joining a chosen queue that it refused, by attempt. */
  queueRefused: Map<number, "closed" | "full">;
}

/** What others decided about each payment and agent step, by id, whatever order it arrived in. */
export function outcomesOf(events: readonly CarrierEvent[]): StepOutcomes {
  const outcomes: StepOutcomes = { paid: new Map(), failed: new Set(), sent: new Set(), timedOut: new Set(), noAgent: new Set(), agentReserved: false, queueJoined: false, queueRefused: new Map() };
  for (const event of events) {
    if (!isKnownEvent(event)) continue;
    switch (event.type) {
      case LOCAL_EVENTS.paymentSucceeded:
        if (!outcomes.paid.has(event.requestId)) outcomes.paid.set(event.requestId, { amountCents: event.amountCents, balanceAfterCents: event.balanceAfterCents });
        break;
      case LOCAL_EVENTS.paymentLinkFailed:
        outcomes.failed.add(event.requestId);
        break;
      case LOCAL_EVENTS.paymentLinkSent:
        outcomes.sent.add(event.requestId);
        break;
      case LOCAL_EVENTS.ivrPaymentTimedOut:
        outcomes.timedOut.add(event.requestId);
        break;
      case LOCAL_EVENTS.ivrNoAgent:
        outcomes.noAgent.add(Number(event.payload.attempt));
        break;
      case LOCAL_EVENTS.agentReserved:
        if (event.agent) outcomes.agentReserved = true;
        break;
      case LOCAL_EVENTS.queue:
        if (event.queue.kind === "joined" && event.queue.from === "ivr") outcomes.queueJoined = true;
        if (event.queue.kind === "ivr_refused") outcomes.queueRefused.set(event.queue.attempt, event.queue.reason);
        break;
      default:
        break;
    }
  }
  return outcomes;
}

export function foldIvr(ivr: IvrCallSpec, events: readonly CarrierEvent[]): IvrState {
  const say = IVR_PHRASES[ivr.language];
  const outcomes = outcomesOf(events);
  const state: IvrState = { step: { kind: "waiting" }, balanceCents: ivr.account?.balanceCents ?? null, prompts: 0, payments: 0, agentAttempts: 0, queueAttempts: 0, callbackRequested: false, trail: [] };
  /** The event being folded: what each trail entry is keyed by. */
  let cause: CarrierEvent | null = null;
  const audit = (action: IvrAuditAction, detail: IvrTrailEntry["detail"] = {}) => {
    if (cause) state.trail.push({ key: `${cause.id}/${action}`, atMs: cause.occurredAtMs, action, detail });
  };
  const ask = (text: string, maxDigits = 1): IvrPrompt => ({ number: ++state.prompts, text, maxDigits });
  const offered = ivr.menuOptions ?? IVR_MENU_OPTIONS;
  const own = ivr.queueOptions ?? [];
  const menu = (lead: string, badTries = 0): IvrStep => ({ kind: "menu", prompt: ask(joined(lead, menuText(ivr.language, offered, own))), badTries });
  const goodbye = (lead: string): IvrStep => ({ kind: "goodbye", prompt: ask(joined(lead, say.goodbye)) });
  const agent = (why: "asked" | "bad_tries" | "payments_off"): IvrStep => {
    const step: IvrStep = { kind: "agent", attempt: ++state.agentAttempts };
    audit("ivr.transfer_to_agent", { attempt: step.attempt, why });
    return step;
  };
  const paying = (payment: number, amountCents: number): IvrStep => ({ kind: "paying", payment, requestId: paymentRequestId(payment), amountCents, holds: 0, linkSent: false });

  const answer = (step: IvrStep, digits: string | null, amount: IvrAmountReading | undefined): IvrStep => {
    const key = (digits ?? "").replace(/#$/, "");
    switch (step.kind) {
      case "menu": {
        const balance = state.balanceCents;
        const choice = offered.find((option) => IVR_MENU_KEYS[option] === key);
        const ownChoice = choice ? undefined : own.find((option) => option.key === key);
        if (ownChoice) {
          audit("ivr.menu_choice", { choice: "queue", key: ownChoice.key, label: ownChoice.label, queueId: ownChoice.queue.queueId });
          return { kind: "queue", attempt: ++state.queueAttempts, key: ownChoice.key, label: ownChoice.label, queueId: ownChoice.queue.queueId };
        }
        audit("ivr.menu_choice", { choice: choice ?? "none" });
        if (choice === "pay") {
          if (balance === null) return menu(say.noAccount);
          // The organisation's plan takes no payments on calls: a person can take it instead.
          if (ivr.payments === false && balance > 0) return agent("payments_off");
          if (balance <= 0) return menu(say.nothingOwed);
          return { kind: "pay_choice", prompt: ask(say.payChoice(balance)), badTries: 0, payment: ++state.payments };
        }
        if (choice === "balance") {
          if (balance !== null) audit("ivr.balance_spoken", { balanceCents: balance });
          return menu(balance === null ? say.noAccount : say.balance(balance));
        }
        if (choice === "agent") return agent("asked");
        return step.badTries + 1 >= MAX_BAD_TRIES ? goodbye("") : menu(say.notAChoice, step.badTries + 1);
      }
      case "pay_choice":
        audit("ivr.pay_choice", { choice: key === "1" ? "full_balance" : key === "2" ? "other_amount" : "none" });
        if (key === "1") return paying(step.payment, state.balanceCents ?? 0);
        if (key === "2") return { kind: "amount", prompt: ask(say.amountPrompt, AMOUNT_MAX_DIGITS), badTries: 0, payment: step.payment };
        if (step.badTries + 1 >= MAX_BAD_TRIES) return agent("bad_tries");
        return { ...step, prompt: ask(joined(say.notAChoice, say.payChoice(state.balanceCents ?? 0))), badTries: step.badTries + 1 };
      case "amount": {
        const reading = amount ?? readAmount(digits, state.balanceCents ?? 0);
        if (reading.kind === "amount") return paying(step.payment, reading.amountCents);
        // Why it was refused, never what was keyed.
        audit("ivr.amount_refused", { reason: reading.reason });
        if (step.badTries + 1 >= MAX_BAD_TRIES) return agent("bad_tries");
        return { ...step, prompt: ask(joined(say.amountRejected[reading.reason], say.amountPrompt), AMOUNT_MAX_DIGITS), badTries: step.badTries + 1 };
      }
      case "callback_offer":
        if (key === "1") {
          state.callbackRequested = true;
          audit("ivr.callback_booked");
          return goodbye(say.callbackBooked);
        }
        if (key === "2") return menu("");
        return step.badTries + 1 >= MAX_BAD_TRIES ? goodbye("") : { ...step, prompt: ask(joined(say.notAChoice, say.noAgent)), badTries: step.badTries + 1 };
      case "goodbye":
        return { kind: "done" };
      default:
        // No question is outstanding: keys pressed while paying or waiting for an agent change nothing.
        return step;
    }
  };

  /** What others decided about the step in hand, found by its id. */
  const settle = (step: IvrStep): IvrStep => {
    if (step.kind === "paying") {
      const paid = outcomes.paid.get(step.requestId);
      if (paid) {
        state.balanceCents = paid.balanceAfterCents;
        return menu(say.paid(paid.amountCents, paid.balanceAfterCents));
      }
      if (outcomes.failed.has(step.requestId)) return menu(say.linkFailed);
      if (outcomes.timedOut.has(step.requestId)) return goodbye(say.payLater);
      return outcomes.sent.has(step.requestId) && !step.linkSent ? { ...step, linkSent: true } : step;
    }
    if (step.kind === "queue") {
      if (outcomes.queueJoined) return { kind: "in_queue", queueId: step.queueId };
      const refused = outcomes.queueRefused.get(step.attempt);
      if (refused) return menu(say.queueUnavailable[refused]);
    }
    if (step.kind === "agent") {
      if (outcomes.agentReserved) return { kind: "with_agent", attempt: step.attempt };
      if (outcomes.noAgent.has(step.attempt)) {
        audit("ivr.callback_offered", { attempt: step.attempt });
        return { kind: "callback_offer", prompt: ask(say.noAgent), badTries: 0 };
      }
    }
    return step;
  };

  for (const event of events) {
    if (!isKnownEvent(event)) continue;
    cause = event;
    auditPaymentFact(event, audit);
    // The caller is gone: nothing moves the menu on, though a payment may still arrive.
    if (state.step.kind === "gone") continue;
    const onCustomer = event.leg === "customer";
    switch (event.type) {
      case "call.answered":
        if (onCustomer && state.step.kind === "waiting" && (ivr.startsOn ?? "answer") === "answer") state.step = menu(joined(ivr.prompts.greeting, ivr.prompts.disclosure));
        break;
      case "call.machine.detection.ended":
      case "call.machine.premium.detection.ended":
        // A reminder call: a person (or AMD unsure, taken as one) hears the menu; a machine gets the campaign's voicemail instead.
        if (onCustomer && state.step.kind === "waiting" && ivr.startsOn === "human" && (event.amdResult === "human" || event.amdResult === "not_sure")) {
          state.step = menu(joined(ivr.prompts.greeting, ivr.prompts.disclosure));
        }
        break;
      case "call.gather.ended":
        if (onCustomer) state.step = answer(state.step, event.digits, event.ivrAmount);
        break;
      case "call.speak.ended":
        // The hold message loops: each time it ends, it is said again.
        if (onCustomer && state.step.kind === "paying") state.step = { ...state.step, holds: state.step.holds + 1 };
        break;
      case "call.hangup":
        if (onCustomer) state.step = { kind: "gone" };
        break;
      case LOCAL_EVENTS.watchdogEnded:
        state.step = { kind: "gone" };
        break;
      case LOCAL_EVENTS.queue:
        // A queue's caller overflowed to the IVR: the menu begins once the wait's last words are over.
        if (state.step.kind === "waiting" && ivr.startsOn === "queue_overflow" && event.queue.kind === "ivr_handover") state.step = menu(joined(ivr.prompts.greeting, ivr.prompts.disclosure));
        // A caller the menu sent to a queue, whose wait overflowed back to the IVR: the menu again.
        if (state.step.kind === "in_queue" && event.queue.kind === "ivr_handover") state.step = menu("");
        break;
      default:
        break;
    }
    state.step = settle(state.step);
  }
  return state;
}

/**
 * The payment step's outcomes and the agent the pool gave, audited as they arrive
 * (an IVR payment confirmed after the hold gave up is still audited). IVR requests only:
 * an agent's own link is audited by its route.
 */
function auditPaymentFact(event: KnownEvent, audit: (action: IvrAuditAction, detail?: IvrTrailEntry["detail"]) => void): void {
  const ours = (requestId: string) => requestId.startsWith("ivr-pay-");
  switch (event.type) {
    case LOCAL_EVENTS.paymentLinkRequested:
      if (ours(event.requestId)) audit("ivr.payment_link_requested", { requestId: event.requestId, amountCents: event.amountCents });
      return;
    case LOCAL_EVENTS.paymentLinkSent:
      if (ours(event.requestId)) audit("ivr.payment_link_sent", { requestId: event.requestId, checkoutSessionId: event.checkoutSessionId });
      return;
    case LOCAL_EVENTS.paymentLinkFailed:
      if (ours(event.requestId)) audit("ivr.payment_link_failed", { requestId: event.requestId, reason: event.reason });
      return;
    case LOCAL_EVENTS.paymentSucceeded:
      if (ours(event.requestId)) audit("ivr.payment_confirmed", { requestId: event.requestId, paymentId: event.paymentId, amountCents: event.amountCents, balanceAfterCents: event.balanceAfterCents });
      return;
    case LOCAL_EVENTS.ivrPaymentTimedOut:
      audit("ivr.payment_timed_out", { requestId: event.requestId });
      return;
    case LOCAL_EVENTS.agentReserved:
      if (event.agent) audit("ivr.agent_reserved", { agentUserId: event.agent.userId });
      return;
    default:
      return;
  }
}

/** An amount has at most this many keys ($9,999,999.99), plus room to notice a longer one. */
export const AMOUNT_MAX_DIGITS = 12;

const joined = (...parts: string[]) => parts.filter((part) => part.trim() !== "").join(" ");

/** What the caller hears while holding for a payment: the progress, then the organisation's hold message. */
export function holdText(say: IvrPhrases, holdMessage: string, step: Extract<IvrStep, { kind: "paying" }>): string {
  if (step.holds === 0) return joined(say.linkComing(step.amountCents), holdMessage);
  return step.linkSent ? joined(say.linkSent, holdMessage) : holdMessage;
}
