// What a call is asked to be when it starts: who, how, and with what options. Stored
// once in the actor; everything else about the call is derived from its events.
import { z } from "zod";
import { CALL_KINDS, type CallKind, CALL_DIRECTIONS, type CallDirection } from "../../domain/call-status";
import type { CallLeg } from "./carrier-event";
import { ordinaryCallWrapUp, wrapUpPolicy, type WrapUpPolicy } from "../../domain/wrap-up";
import { INBOUND_ACTIONS, type InboundAction } from "../../domain/inbound-routing";
import { IVR_LANGUAGES, IVR_MENU_OPTIONS, ivrPromptSet, type IvrLanguage, type IvrMenuOption, type IvrPromptSet } from "../../domain/ivr-settings";
import { aiCallSpecSchema, type AiCallSpec } from "./features/ai-agent/ai-spec";
import { queueCallbackCallSpecSchema, queueCallSpecSchema, type QueueCallbackCallSpec, type QueueCallSpec } from "./features/queue/queue-spec";
import { overflowQueue, type OverflowQueue } from "../queue/queue-desk";
import { callerReason, type CallerReason } from "../../domain/caller-reason";
import { skillLevels, type SkillLevels } from "../../domain/inbound-queues";


/**
 * A dialer call: the customer first (AMD on); a person gets the longest-idle of the
 * campaign's agents within the connect window, or the safe-harbor message; a machine
 * gets the voicemail script after the beep.
 *
 * A preview call (`previewAgent` set) is the agent's own choice: their leg rings first,
 * then the customer with AMD off (the agent is listening), bridged on answer. It can
 * never be abandoned, so it has no connect window and no safe-harbor message.
 */
export interface DialerCallSpec {
  campaignId: string;
  eligibleAgentUserIds: string[];
  voicemailScript: string;
  safeHarborMessage: string;
  debtIds: string[];
  /** Preview pacing: the agent who clicked Dial (absent on calls stored before preview existed). */
  previewAgent?: { userId: string; address: string } | null;
}

/** The agent a preview dialer call was placed by, if it is one. */
export const previewAgentOf = (spec: CallSpec) => (spec.kind === "dialer" ? spec.dialer?.previewAgent ?? null : null);

export interface CallSpec {
  id: string;
  organizationId: string;
  kind: CallKind;
  direction: CallDirection;
  /** The customer's number (outbound) or our number they called (inbound). */
  to: string;
  /** Our caller id (outbound) or the customer's number (inbound). */
  from: string;
  agentUserId: string | null;
  /** Where the agent's leg rings (their softphone). */
  agentAddress: string | null;
  accountId: string | null;
  createdAtMs: number;
  /** Never below 15 s: the law wants unanswered calls to ring at least that long. */
  ringTimeoutSeconds: number;
  record: boolean;
  transcribe: boolean;
  /** Inbound only: what to do with the caller. */
  inbound: { action: InboundAction; message: string; customerCallControlId: string; voicemail?: boolean } | null;
  /** Calls answered by the IVR (inbound action "ivr", or a payment-reminder dialer call): what it says and whose balance it collects. */
  ivr?: IvrCallSpec | null;
  /** Dialer calls only (absent on calls stored before the dialer existed). */
  dialer?: DialerCallSpec | null;
  /** Calls the AI voice agent answers (inbound action "ai_agent"): its prompt, policy and the caller's account. */
  ai?: AiCallSpec | null;
  /** Calls waiting in a queue (inbound action "queue"): which, and what is said while they wait. */
  queue?: QueueCallSpec | null;
  /** A queue's callback (a bridge call: the agent first, then the caller who pressed 1): it tells the queue call how it ended. */
  queueCallback?: QueueCallbackCallSpec | null;
  /**
   * Who is on the call, as far as it is known when it is placed: what the carrier
   * simulator's script may say (objects/call/client-state.ts); never sent to a real carrier.
   */
  parties?: CallParties | null;
  /** How the agent wraps up after this call (absent on calls stored before it: an ordinary call's, see wrapUpOf). */
  wrapUp?: WrapUpPolicy | null;
  /**
   * Spoken to the customer before recording starts (an all-party-consent state,
   * domain/recording-disclosure.ts); recording waits until it has played. Absent: none.
   * Set on direct and bridge calls only: a dialer's or an inbound message's own speech
   * would be mistaken for it (the record knows only that some speech finished).
   */
  recordingDisclosure?: string | null;
}

/** What an IVR call knows when it starts (the organisation's settings, the caller's account). */
export interface IvrCallSpec {
  language: IvrLanguage;
  /** The organisation's texts in that language. */
  prompts: IvrPromptSet;
  /** How long the caller holds for a payment before being told how to pay later. */
  paymentHoldMs: number;
  /** The caller's account, found by their number; null: nobody we know (no balance, no payment). */
  account: { id: string; debtId: string | null; balanceCents: number } | null;
  /** Where a payment link is texted: the caller's number (E.164); null when it is not one. */
  sendTo: string | null;
  /**
   * When the menu begins: "answer" (an inbound caller, absent on older calls), "human"
   * (a payment-reminder call: once AMD says a person answered; a machine gets the voicemail)
   * or "queue_overflow" (a queue's caller: once their wait overflows to the IVR and what the
   * wait said is over, the queue's `ivr_handover` event).
   */
  startsOn?: "answer" | "human" | "queue_overflow";
  /**
   * false: the organisation's plan has no IVR payments (domain/billing-plans.ts), so "pay"
   * goes to an agent instead of a link. Absent (calls started before plans): allowed.
   */
  payments?: boolean;
  /** The menu options the organisation offers (domain/ivr-settings.ts); absent (calls started before menu options): all three. */
  menuOptions?: IvrMenuOption[];
  /** The organisation's own options, each sending the caller to a queue (read when the call started); absent: none. */
  queueOptions?: IvrQueueChoice[];
  /** Why the caller may be calling (domain/caller-reason.ts), read when the call started: carried into a queue they choose. */
  callerReasons?: CallerReason[];
}

/**
 * A menu option sending the caller to a queue: its key and label, and what the pool needs to
 * put them in its line (the queue's routing with its overflow chain, its caller settings and
 * hours: `OverflowQueue`), the skills they need there and their priority.
 */
export interface IvrQueueChoice {
  key: string;
  label: string;
  queue: OverflowQueue;
  needs: SkillLevels;
  priority: number;
}

const ivrQueueChoice = z.object({ key: z.string(), label: z.string(), queue: overflowQueue, needs: skillLevels, priority: z.number() }) satisfies z.ZodType<IvrQueueChoice>;

const ivrCallSpec = z.object({
  language: z.enum(IVR_LANGUAGES),
  prompts: ivrPromptSet,
  paymentHoldMs: z.number().int().positive(),
  account: z.object({ id: z.string(), debtId: z.string().nullable(), balanceCents: z.number().int() }).nullable(),
  sendTo: z.string().nullable(),
  startsOn: z.enum(["answer", "human", "queue_overflow"]).optional(),
  payments: z.boolean().optional(),
  menuOptions: z.array(z.enum(IVR_MENU_OPTIONS)).optional(),
  queueOptions: z.array(ivrQueueChoice).optional(),
  callerReasons: z.array(callerReason).optional(),
}) satisfies z.ZodType<IvrCallSpec>;

/**
 * The IVR's part of a call that the IVR answers (an inbound IVR number, or a payment-reminder
 * campaign's call) or may answer (a queue's caller, should their wait overflow to it), else null.
 */
export const ivrOf = (spec: CallSpec): IvrCallSpec | null => {
  if (spec.inbound?.action === "ivr" || spec.kind === "dialer") return spec.ivr ?? null;
  return spec.inbound?.action === "queue" && spec.ivr?.startsOn === "queue_overflow" ? spec.ivr : null;
};

const DOLLARS = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** A balance in cents as a script would say it: "$842.16". */
export const balanceAsSaid = (cents: number): string => DOLLARS.format(cents / 100);

export interface CallParties {
  customerName?: string | null;
  /** The balance as it would be said ("$842.16"). */
  balance?: string | null;
  agentName?: string | null;
}

/** The wrap-up the agent gets after this call. */
export const wrapUpOf = (spec: CallSpec): WrapUpPolicy => spec.wrapUp ?? ordinaryCallWrapUp();

/** The stored spec, read back through this (specs from older builds lack `dialer` or `previewAgent`). */
export const callSpecSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  kind: z.enum(CALL_KINDS),
  direction: z.enum(CALL_DIRECTIONS),
  to: z.string(),
  from: z.string(),
  agentUserId: z.string().nullable(),
  agentAddress: z.string().nullable(),
  accountId: z.string().nullable(),
  createdAtMs: z.number(),
  ringTimeoutSeconds: z.number(),
  record: z.boolean(),
  transcribe: z.boolean(),
  inbound: z.object({ action: z.enum(INBOUND_ACTIONS), message: z.string(), customerCallControlId: z.string(), voicemail: z.boolean().optional() }).nullable(),
  ivr: ivrCallSpec.nullish(),
  ai: aiCallSpecSchema.nullish(),
  queue: queueCallSpecSchema.nullish(),
  queueCallback: queueCallbackCallSpecSchema.nullish(),
  dialer: z
    .object({
      campaignId: z.string(),
      eligibleAgentUserIds: z.array(z.string()),
      voicemailScript: z.string(),
      safeHarborMessage: z.string(),
      debtIds: z.array(z.string()),
      previewAgent: z.object({ userId: z.string(), address: z.string() }).nullish(),
    })
    .nullish(),
  parties: z.object({ customerName: z.string().nullish(), balance: z.string().nullish(), agentName: z.string().nullish() }).nullish(),
  wrapUp: wrapUpPolicy.nullish(),
  recordingDisclosure: z.string().nullish(),
}) satisfies z.ZodType<CallSpec>;

/** The leg that talks to the customer is the one the call's status follows. */
export const CUSTOMER: CallLeg = "customer";
