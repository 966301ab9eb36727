// Taking leads off the campaign's queue to dial: the compliance check of each against
// the stored contact history and do-not-call lists, the record of every refusal (a
// skip counted, written to Postgres, the lead moved on), and the bookkeeping of a dial
// placed (attempt, Regulation F history, the call kept to start). Synchronous over
// CampaignStorage: nothing can interleave between choosing a lead and counting its
// dial, so two ticks (or a tick and an agent's Dial) never take the same lead.
import { balanceAsSaid, type CallSpec, type DialerCallSpec, type IvrCallSpec } from "../call/call-spec";
import { skipCausedBy } from "../../domain/kpis";
import { checkDial, REG_F_LOOKBACK_MS, type DialDecision, type DialRequest } from "./compliance";
import { resolveCalleeZone } from "./compliance/callee-zone";
import type { CampaignStorage, StoredLead } from "./campaign-storage";
import { learnDialsPlaced } from "./outcome-stats";
import type { CampaignRecordRow } from "../../db/writers/campaign-records";
import { pacingSnapshot, campaignDay, type PacingInputs } from "./campaign-view";
import { afterRefusal, phoneToDial } from "./lead-rules";
import { decideDials, initialPacingState, type PacingState } from "./pacing";
import { pacingTraceEntry, type PacingTraceEntry } from "./pacing/decision-trace";
import type { CampaignAiAgent, CampaignConfig, ReminderIvr } from "./protocol";
import type { AiCallSpec } from "../call/features/ai-agent/ai-spec";
import { reminderDials, reminderPacingText } from "../../domain/payment-reminders";
import { aiCampaignPacingText, isAgentlessCampaign, isAiAgentCampaign } from "../../domain/ai-agent-campaigns";
import { aiCallSpecFor } from "../call/features/ai-agent/ai-spec";
import { campaignMayDialUnknownConsent } from "../../domain/consent";
import { ivrLanguageFor } from "../../domain/ivr-settings";
import { DEFAULT_RECORDING_DISCLOSURE, disclosureBeforeRecording } from "../../domain/recording-disclosure";

/** Compliance refusals looked at per tick beyond the dials (or offers) wanted: bounds a tick when a whole list is out of hours. */
export const MAX_SKIPS_PER_TICK = 50;

export type Refusal = Extract<DialDecision, { allowed: false }>;

/** How many more leads a tick may look at; shared by every pick of one tick. */
export interface LookBudget {
  looks: number;
}

/**
 * Progressive and predictive pacing's tick: the pacer says how many to dial now, and that
 * many allowed leads are taken, at most `room` (what the starts already under way leave,
 * dial-hold.ts; the rest wait for a later tick). The calls it returns are still to be started.
 * `trace` sees the decision's inputs and output (PACING_TRACE: the rehearsal's comparison).
 */
export function dialTick(
  store: CampaignStorage,
  config: CampaignConfig,
  inputs: PacingInputs,
  now: number,
  room = Number.POSITIVE_INFINITY,
  trace?: (entry: PacingTraceEntry) => void,
): CallSpec[] {
  if (isAgentlessCampaign(config)) return agentlessTick(store, config, inputs, now, room);
  const policy = config.pacingMode === "predictive" ? "predictive" : "progressive";
  const stored = store.meta.get("pacingState");
  const snapshot = pacingSnapshot(inputs);
  const decision = decideDials(snapshot, stored?.policy === policy ? stored : initialPacingState(policy));
  store.meta.set("pacingState", decision.nextState);
  const dials = Math.min(decision.dials, room);
  store.meta.set("pacing", dials < decision.dials ? `${decision.explanation}; ${waitForStarts(decision.dials - dials)}` : decision.explanation);
  const specs = takeLeads(store, config, dials, now);
  trace?.(pacingTraceEntry(snapshot, decision, specs.length));
  if (specs.length < dials && !store.leads.nextReady()) {
    const waiting = store.leads.left();
    store.meta.set("pacing", waiting === 0 ? "The list is done: every lead has been dialled or closed" : `Nothing to dial now: ${waiting} lead${waiting === 1 ? "" : "s"} wait for a retry, a callback or their calling window`);
  }
  return specs;
}

/** Payment-reminder and AI-agent pacing's tick: no agent to wait for, so as many dials as the concurrency limit leaves room for. */
function agentlessTick(store: CampaignStorage, config: CampaignConfig, inputs: PacingInputs, now: number, room: number): CallSpec[] {
  const wanted = reminderDials(config.maxConcurrentCalls, inputs.calls.length);
  const dials = Math.min(wanted, room);
  const pacingText = isAiAgentCampaign(config) ? aiCampaignPacingText : reminderPacingText;
  const text = pacingText(config.maxConcurrentCalls, inputs.calls.length, dials);
  store.meta.set("pacing", dials < wanted ? `${text}; ${waitForStarts(wanted - dials)}` : text);
  const specs = takeLeads(store, config, dials, now);
  if (specs.length < dials && !store.leads.nextReady()) {
    const waiting = store.leads.left();
    store.meta.set("pacing", waiting === 0 ? "The list is done: every lead has been dialled or closed" : `Nothing to dial now: ${waiting} lead${waiting === 1 ? "" : "s"} wait for a retry or their calling window`);
  }
  return specs;
}

const waitForStarts = (waiting: number) => `${waiting} more wait until the calls being started are under way`;

/** Picks up to `dials` leads that compliance allows, recording every refusal. */
export function takeLeads(store: CampaignStorage, config: CampaignConfig, dials: number, now: number): CallSpec[] {
  const specs: CallSpec[] = [];
  const budget: LookBudget = { looks: dials + MAX_SKIPS_PER_TICK };
  while (specs.length < dials) {
    const next = nextDialableLead(store, config, now, budget);
    if (!next) break;
    specs.push(placeDial(store, config, next.lead, next.phone, now, null));
  }
  learnDialsPlaced(store, specs.length);
  return specs;
}

/** The next ready lead compliance allows now; each refusal is recorded and moves its lead. `budget` bounds the leads looked at. */
export function nextDialableLead(store: CampaignStorage, config: CampaignConfig, now: number, budget: LookBudget): { lead: StoredLead; phone: string } | null {
  while (budget.looks-- > 0) {
    const lead = store.leads.nextReady();
    if (!lead) return null;
    const phone = phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones });
    if (!phone) {
      store.leads.move(lead.input.accountId, { state: "done", reason: "no working number" });
      continue;
    }
    const decision = checkLead(store, config, lead, phone, now);
    if (decision.allowed) return { lead, phone };
    recordRefusal(store, config, lead, phone, decision, now);
  }
  return null;
}

/** The compliance check of dialling this lead on this number now. */
export function checkLead(store: CampaignStorage, config: CampaignConfig, lead: StoredLead, phone: string, now: number): DialDecision {
  return checkDial(dialRequest(store, config, lead, phone), store.history.of(lead.input.accountId, now - REG_F_LOOKBACK_MS, lead.attempts), now);
}

/**
 * Counts the skip, queues its Postgres row and moves the lead to when it may be tried again
 * (or closes it). `dialingAgent`: the agent whose own Dial this was (null: the dialer chose
 * the lead); the row names them when the refusal is theirs (domain/kpis.ts skipCausedBy).
 */
export function recordRefusal(store: CampaignStorage, config: CampaignConfig, lead: StoredLead, phone: string, decision: Refusal, now: number, dialingAgent: string | null = null): void {
  store.days.countSkip(campaignDay(config, now), decision.reason);
  const nextEligibleAt = decision.nextEligibleAt;
  store.outbox.enqueue(`skip:${lead.input.accountId}:${decision.reason}:${nextEligibleAt ?? "never"}`, {
    table: "skip",
    row: {
      id: `${config.id}:${lead.input.accountId}:${decision.reason}:${nextEligibleAt ?? "never"}`,
      organizationId: config.organizationId,
      campaignId: config.id,
      accountId: lead.input.accountId,
      phone,
      reason: decision.reason,
      explanation: decision.explanation,
      nextEligibleAt: nextEligibleAt === null ? null : new Date(nextEligibleAt),
      occurredAt: new Date(now),
      agentUserId: skipCausedBy(decision.reason, dialingAgent),
    },
  } satisfies CampaignRecordRow);
  store.leads.move(lead.input.accountId, afterRefusal(decision));
}

/** Counts a dial (attempt, Regulation F history) and keeps the call to confirm and start. */
export function placeDial(store: CampaignStorage, config: CampaignConfig, lead: StoredLead, phone: string, now: number, previewAgent: DialerCallSpec["previewAgent"]): CallSpec {
  const callId = crypto.randomUUID();
  store.leads.markDialing(lead.input.accountId, now);
  store.history.add("attempt", callId, lead.input.accountId, now, lead.input.debtIds, phone, config.id);
  store.days.add(campaignDay(config, now), { dials: 1 });
  const spec: CallSpec = {
    id: callId,
    organizationId: config.organizationId,
    kind: "dialer",
    direction: "outbound",
    to: phone,
    from: config.fromNumber,
    agentUserId: previewAgent?.userId ?? null,
    agentAddress: previewAgent?.address ?? null,
    accountId: lead.input.accountId,
    createdAtMs: now,
    ringTimeoutSeconds: config.ringTimeoutSeconds,
    record: true,
    // An AI call's too: the AI begins once it has ended (as on an inbound AI call).
    recordingDisclosure: disclosureBeforeRecording({ record: true, customerNumber: phone, accountState: lead.input.state ?? null }, config.recordingDisclosure ?? DEFAULT_RECORDING_DISCLOSURE),
    transcribe: true,
    inbound: null,
    dialer: {
      campaignId: config.id,
      eligibleAgentUserIds: config.agentUserIds,
      voicemailScript: config.voicemailScript,
      safeHarborMessage: config.safeHarborMessage,
      debtIds: lead.input.debtIds,
      previewAgent,
    },
    parties: { customerName: lead.input.name, balance: balanceAsSaid(lead.input.balanceDueCents) },
    wrapUp: config.wrapUp,
    ...(config.reminderIvr ? { ivr: reminderCallIvr(config.reminderIvr, lead, phone) } : {}),
    ...(config.aiAgent ? { ai: campaignCallAi(config.aiAgent, lead, phone) } : {}),
  };
  store.calls.add({ callId, accountId: lead.input.accountId, phone, phase: "ringing", sinceMs: now, dialedAtMs: now, agentUserId: previewAgent?.userId ?? null }, spec);
  return spec;
}

/**
 * A reminder call's IVR: the organisation's words in the account's preferred language
 * where the organisation has prompts in it (else its default), this account's balance,
 * the link texted to the number dialled; it starts once a person is on the line.
 */
export function reminderCallIvr(reminder: ReminderIvr, lead: StoredLead, phone: string): IvrCallSpec {
  const { promptsByLanguage, ...ivr } = reminder;
  const language = ivrLanguageFor({ prompts: promptsByLanguage ?? {}, defaultLanguage: reminder.language }, lead.input.preferredLanguage);
  return {
    ...ivr,
    language,
    prompts: promptsByLanguage?.[language] ?? reminder.prompts,
    account: { id: lead.input.accountId, debtId: lead.input.debtIds[0] ?? null, balanceCents: lead.input.balanceDueCents },
    sendTo: phone,
    startsOn: "human",
  };
}

/** An AI-agent campaign's call: the organisation's AI with this account, callbacks in the account's time zone, started once a person answers. */
export function campaignCallAi(ai: CampaignAiAgent, lead: StoredLead, phone: string): AiCallSpec {
  const account = { id: lead.input.accountId, name: lead.input.name, debtId: lead.input.debtIds[0] ?? null, balanceCents: lead.input.balanceDueCents };
  // Compliance dialled it on this zone (a dial whose zone is unknown is refused before it gets here).
  const zone = resolveCalleeZone({ accountTimeZone: lead.input.timeZone, phone });
  return aiCallSpecFor(ai.settings, ai.organizationName, { account, phone, calleeZone: zone.known ? zone.zone : "UTC" }, "human");
}

function dialRequest(store: CampaignStorage, config: CampaignConfig, lead: StoredLead, phone: string): DialRequest {
  return {
    accountId: lead.input.accountId,
    phone,
    accountTimeZone: lead.input.timeZone,
    debtIds: lead.input.debtIds,
    campaignId: config.id,
    dnc: {
      org: { kind: "lookup", listed: store.dnc.isListed("org", phone) },
      campaign: { kind: "lookup", listed: store.dnc.isListed("campaign", phone) },
      account: lead.input.doNotCall,
    },
    consent: lead.input.consent,
    unknownConsentAllowed: campaignMayDialUnknownConsent(config),
    inconvenientTimes: lead.input.inconvenientTimes,
    maxAttempts: config.retryMaxAttempts,
    callingWindow: config.callingWindow,
  };
}
