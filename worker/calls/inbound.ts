// Inbound calls: which organisation a called number belongs to, and the call id an
// inbound call gets. The id is derived from the carrier's call session, so every
// webhook of that call (and every duplicate) reaches the same actor, before and
// after we hand the carrier a client_state.
import { and, arrayContains, desc, eq } from "drizzle-orm";
import type { CallSpec, IvrCallSpec } from "../../objects/call/call-spec";
import { aiCallSpecFor, type AiCallSpec } from "../../objects/call/features/ai-agent/ai-spec";
import { readAiAgentSettings, type AiAgentSettings } from "../../domain/ai-agent-settings";
import { DEFAULT_RING_TIMEOUT_SECONDS } from "../../domain/legal";
import type { Queryable } from "../../db/client";
import { accounts, billingSubscriptions, debts, inboundQueues, organizationAiAgentSettings, organizationIvrSettings, organizations, phoneNumbers } from "../../db/schema";
import { planAllows, planInForce, type Plan } from "../../domain/billing-plans";
import { MAX_QUEUE_HOPS, queueArrival, type QueueFallback, type QueueSettings } from "../../domain/inbound-queues";
import { DEFAULT_OVERFLOW_MESSAGE, queueCallerSettingsOf, type QueueCallSpec } from "../../objects/call/features/queue/queue-spec";
import type { CallerReason } from "../../domain/caller-reason";
import type { InboundAction } from "../../domain/inbound-routing";
import { ivrLanguageFor, readIvrSettings, type IvrSettings } from "../../domain/ivr-settings";
import { readPhoneNumber } from "../../domain/phone-number";
import { ordinaryCallWrapUp } from "../../domain/wrap-up";
import { sha256Hex } from "../../domain/sha256";
import { agentAddressFor } from "../../domain/agent-address";
import { disclosureBeforeRecording } from "../../domain/recording-disclosure";

export interface NumberRoute {
  organizationId: string;
  e164: string;
  inboundAction: InboundAction;
  inboundAgentUserId: string | null;
  inboundMessage: string;
  /** The organisation's wrap-up time, for the agent the call rings. */
  wrapUpSeconds: number;
  /** What the organisation's IVR says (its defaults when it set none). */
  ivrSettings: IvrSettings;
  /** inboundAction "queue": the queue the caller goes to, and their priority there. */
  inboundQueueId: string | null;
  inboundQueuePriority: number;
  /** The organisation's zone, which a queue's hours are in unless it names its own. */
  timeZone: string;
  /** What a caller from an all-party-consent state hears before recording starts. */
  recordingDisclosure: string;
  /** inboundAction "message": a voicemail (the message is its greeting; the caller's message is recorded). */
  voicemail?: boolean;
  /** inboundAction "queue", once the caller is in line (followQueueRoute with `admit`). */
  queueWait?: QueueCallSpec | null;
  organizationName: string;
  /** The organisation's AI voice agent (its defaults when it set none). */
  aiSettings: AiAgentSettings;
  /** The plan in force (domain/billing-plans.ts): what the call may start (the AI agent, IVR payments). */
  plan: Plan;
  /** The members of the queue the number names (inboundQueueId), if it names one: an AI number's callers go to them when they want a person. */
  inboundQueueMemberIds?: string[] | null;
}

/** What the pool needs to put a caller in a queue's line. */
export type AdmittedQueue = Pick<QueueSettings, "members" | "skillRelaxSeconds" | "maxWaiting" | "maxWaitSeconds" | "serviceLevelSeconds" | "requiredSkills" | "routeByLanguage" | "overflowAction" | "agentRing">;
/** Puts the caller in the queue's line: where they stand, or null when the line is full. */
export type AdmitToQueue = (queueId: string, queue: AdmittedQueue) => Promise<{ position: number; expectedWaitSeconds: number | null; reasons?: CallerReason[] } | null>;

/** The caller's account, found by the number they call from (the IVR collects its balance). */
export interface IvrCaller {
  accountId: string;
  balanceCents: number;
  preferredLanguage: string;
  /** The open debt with the largest balance, which a payment is applied to first. */
  debtId: string | null;
  /** The account's name (the AI's prompt may say it). */
  name: string;
  /** Where the consumer lives (two-letter US code), when the account says. */
  state?: string | null;
}

export async function findNumberRoute(db: Queryable, e164: string): Promise<NumberRoute | null> {
  const [row] = await db
    .select({
      organizationId: phoneNumbers.organizationId,
      e164: phoneNumbers.e164,
      inboundAction: phoneNumbers.inboundAction,
      inboundAgentUserId: phoneNumbers.inboundAgentUserId,
      inboundMessage: phoneNumbers.inboundMessage,
      inboundQueueId: phoneNumbers.inboundQueueId,
      inboundQueuePriority: phoneNumbers.inboundQueuePriority,
      timeZone: organizations.timeZone,
      wrapUpSeconds: organizations.wrapUpSeconds,
      recordingDisclosure: organizations.recordingDisclosure,
      ivrSettings: organizationIvrSettings.settings,
      organizationName: organizations.name,
      aiSettings: organizationAiAgentSettings.settings,
      subscriptionPlan: billingSubscriptions.plan,
      subscriptionStatus: billingSubscriptions.status,
      queueMembers: inboundQueues.members,
    })
    .from(phoneNumbers)
    .innerJoin(organizations, eq(organizations.id, phoneNumbers.organizationId))
    .leftJoin(organizationIvrSettings, eq(organizationIvrSettings.organizationId, phoneNumbers.organizationId))
    .leftJoin(organizationAiAgentSettings, eq(organizationAiAgentSettings.organizationId, phoneNumbers.organizationId))
    .leftJoin(billingSubscriptions, eq(billingSubscriptions.organizationId, phoneNumbers.organizationId))
    .leftJoin(inboundQueues, and(eq(inboundQueues.id, phoneNumbers.inboundQueueId), eq(inboundQueues.organizationId, phoneNumbers.organizationId)))
    .where(eq(phoneNumbers.e164, e164));
  if (!row) return null;
  const { subscriptionPlan, subscriptionStatus, queueMembers, ...route } = row;
  const { plan } = planInForce(subscriptionPlan && subscriptionStatus ? { plan: subscriptionPlan, status: subscriptionStatus } : null);
  // A number routed to the AI agent on a plan without it plays the number's message instead.
  const inboundAction = route.inboundAction === "ai_agent" && !planAllows(plan, "ai_agent") ? "message" : route.inboundAction;
  return {
    ...route,
    inboundAction,
    plan,
    ivrSettings: readIvrSettings(route.ivrSettings),
    aiSettings: readAiAgentSettings(route.aiSettings),
    inboundQueueMemberIds: queueMembers ? queueMembers.map((member) => member.userId) : null,
  };
}

/**
 * A number routed to a queue, followed through closed and overflowing queues to where the
 * caller goes now: in line (`admit` put them there: `queueWait`), or the same route with a
 * message, a voicemail or the IVR in place of the queue. Without `admit` nothing can hold a
 * caller and an open queue gives its overflow action. A chain longer than MAX_QUEUE_HOPS (or
 * a queue deleted meanwhile) ends in the number's own message.
 */
export async function followQueueRoute(db: Queryable, route: NumberRoute, nowMs: number, admit?: AdmitToQueue): Promise<NumberRoute> {
  let queueId = route.inboundAction === "queue" ? route.inboundQueueId : null;
  for (let hop = 0; queueId !== null && hop < MAX_QUEUE_HOPS; hop++) {
    const [queue] = await db
      .select({
        hours: inboundQueues.hours,
        closedAction: inboundQueues.closedAction,
        overflowAction: inboundQueues.overflowAction,
        members: inboundQueues.members,
        skillRelaxSeconds: inboundQueues.skillRelaxSeconds,
        maxWaiting: inboundQueues.maxWaiting,
        maxWaitSeconds: inboundQueues.maxWaitSeconds,
        serviceLevelSeconds: inboundQueues.serviceLevelSeconds,
        requiredSkills: inboundQueues.requiredSkills,
        routeByLanguage: inboundQueues.routeByLanguage,
        holdMessage: inboundQueues.holdMessage,
        callback: inboundQueues.callback,
        agentRing: inboundQueues.agentRing,
      })
      .from(inboundQueues)
      .where(and(eq(inboundQueues.id, queueId), eq(inboundQueues.organizationId, route.organizationId)));
    if (!queue) break;
    const arrival = queueArrival(queue, route.timeZone, nowMs, admit !== undefined);
    let action: QueueFallback;
    if (arrival.kind === "wait") {
      const admitted = await admit!(queueId, queue);
      if (admitted) {
        const { reasons, ...joined } = admitted;
        return { ...route, inboundAction: "queue", inboundQueueId: queueId, queueWait: { queueId, ...queueCallerSettingsOf(queue, queue.overflowAction), joined, ...(reasons?.length ? { reasons } : {}) } };
      }
      action = queue.overflowAction;
    } else {
      action = arrival.action;
    }
    if (action.kind === "message") return { ...route, inboundAction: "message", inboundMessage: action.message };
    if (action.kind === "voicemail") return { ...route, inboundAction: "message", inboundMessage: action.greeting, voicemail: true };
    if (action.kind === "ivr") return { ...route, inboundAction: "ivr" };
    // A callback needs a place in a line: a full line keeps one (the pool), so this is a caller nothing can hold.
    if (action.kind === "callback") return { ...route, inboundAction: "message", inboundMessage: DEFAULT_OVERFLOW_MESSAGE };
    queueId = action.queueId;
  }
  return route.inboundAction === "queue" ? { ...route, inboundAction: "message" } : route;
}

/** The account whose numbers include the caller's (the largest balance when several do). */
export async function findIvrCaller(db: Queryable, organizationId: string, from: string): Promise<IvrCaller | null> {
  const [account] = await db
    .select({ accountId: accounts.id, name: accounts.name, balanceCents: accounts.balanceDueCents, preferredLanguage: accounts.preferredLanguage, state: accounts.state })
    .from(accounts)
    .where(and(eq(accounts.organizationId, organizationId), arrayContains(accounts.phones, [from])))
    .orderBy(desc(accounts.balanceDueCents))
    .limit(1);
  if (!account) return null;
  const [debt] = await db
    .select({ id: debts.id })
    .from(debts)
    .where(and(eq(debts.accountId, account.accountId), eq(debts.organizationId, organizationId), eq(debts.status, "open")))
    .orderBy(desc(debts.balanceCents))
    .limit(1);
  return { ...account, debtId: debt?.id ?? null };
}

/** What the IVR says to this caller and whose balance it collects. */
export function ivrCallSpec(settings: IvrSettings, from: string, caller: IvrCaller | null, plan?: Plan): IvrCallSpec {
  const language = ivrLanguageFor(settings, caller?.preferredLanguage);
  const sendTo = readPhoneNumber(from);
  return {
    language,
    prompts: settings.prompts[language]!,
    paymentHoldMs: settings.paymentHoldSeconds * 1000,
    account: caller && { id: caller.accountId, debtId: caller.debtId, balanceCents: caller.balanceCents },
    sendTo: sendTo.ok ? sendTo.e164 : null,
    menuOptions: settings.menuOptions,
    ...(plan && !planAllows(plan, "ivr_payments") ? { payments: false } : {}),
  };
}

/** What the AI voice agent knows of this caller: the organisation's settings as they are when the call starts; callbacks inside the calling window of the organisation's time zone. */
export function aiCallSpec(from: string, caller: IvrCaller | null, settings: AiAgentSettings, organizationName: string, timeZone: string): AiCallSpec {
  const account = caller && { id: caller.accountId, name: caller.name, debtId: caller.debtId, balanceCents: caller.balanceCents };
  return aiCallSpecFor(settings, organizationName, { account, phone: from, calleeZone: timeZone });
}

/**
 * Who an AI number's caller may be handed to when the AI asks for a person: the members of
 * the queue the number names, else the agent it names; null when it names neither (any of
 * the organisation's agents, as before numbers could say).
 */
export function aiNumberHumans(route: Pick<NumberRoute, "inboundQueueMemberIds" | "inboundAgentUserId">): string[] | null {
  if (route.inboundQueueMemberIds) return route.inboundQueueMemberIds;
  return route.inboundAgentUserId ? [route.inboundAgentUserId] : null;
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
  caller: IvrCaller | null = null,
  ivrQueues: Pick<IvrCallSpec, "queueOptions" | "callerReasons"> = {},
): CallSpec {
  const ringAgent = route.inboundAction === "ring_agent" && route.inboundAgentUserId !== null;
  const ivr = route.inboundAction === "ivr";
  const ai = route.inboundAction === "ai_agent";
  const queue = route.inboundAction === "queue" ? (route.queueWait ?? null) : null;
  return {
    id: call.id,
    organizationId: route.organizationId,
    kind: "inbound",
    direction: "inbound",
    to: route.e164,
    from: call.from,
    agentUserId: ringAgent ? route.inboundAgentUserId : null,
    agentAddress: ringAgent ? agentAddressFor(env, route.inboundAgentUserId!) : null,
    accountId: ivr || ai || queue ? (caller?.accountId ?? null) : null,
    createdAtMs: call.occurredAtMs,
    ringTimeoutSeconds: DEFAULT_RING_TIMEOUT_SECONDS,
    record: true,
    // Every recorded inbound call from an all-party-consent state hears it first (a ring-agent
    // call, the IVR, a queue, a message); its end is its own event, and the IVR's prompts,
    // the queue's announcements and the message wait for it (features/carrier-commands/
    // recording-disclosure.ts). On an AI call too: the AI begins (its own automated-agent
    // and debt-collection disclosures) once it has ended (features/ai-agent/carrier-link.ts).
    recordingDisclosure: disclosureBeforeRecording({ record: true, customerNumber: call.from, accountState: caller?.state ?? null }, route.recordingDisclosure),
    transcribe: true,
    inbound: {
      action: ivr ? "ivr" : ai ? "ai_agent" : ringAgent ? "ring_agent" : queue ? "queue" : "message",
      message: route.inboundMessage,
      customerCallControlId: call.callControlId,
      ...(route.voicemail ? { voicemail: true } : {}),
    },
    // The organisation's own menu options, each sending the caller to a queue (read by ivrQueueChoices as the call came in).
    ...(ivr ? { ivr: { ...ivrCallSpec(route.ivrSettings, call.from, caller, route.plan), ...ivrQueues } } : {}),
    // A queue's caller may overflow to the IVR menu (their queue's, or one they are moved to): it is ready, begun by that overflow.
    ...(queue ? { ivr: { ...ivrCallSpec(route.ivrSettings, call.from, caller, route.plan), startsOn: "queue_overflow" as const } } : {}),
    ...(ai ? { ai: { ...aiCallSpec(call.from, caller, route.aiSettings, route.organizationName, route.timeZone), humanUserIds: aiNumberHumans(route) } } : {}),
    ...(queue ? { queue } : {}),
    wrapUp: ordinaryCallWrapUp(route.wrapUpSeconds),
  };
}
