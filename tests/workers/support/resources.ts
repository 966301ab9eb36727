// One fixture per tenant resource kind: creates a fresh row of that kind in an
// organisation and returns its id. The route-table tests look a route's `resource`
// up here, so a new kind without a fixture fails loudly instead of going untested.
import { env } from "cloudflare:test";
import { DEFAULT_IVR_SETTINGS } from "../../../domain/ivr-settings";
import { DEFAULT_AI_AGENT_SETTINGS } from "../../../domain/ai-agent-settings";
import type { ResourceKind } from "../../../worker/http/route-table";
import { billingSubscriptions, calls, callSentimentSummaries } from "../../../db/schema";
import { stripeClient } from "../../../objects/shared/stripe-client";
import { agentPoolStub, callActorStub } from "../../../objects/shared/actor-stubs";
import { queueRoutingOf } from "../../../objects/queue/queue-desk";
import { DEFAULT_RING_MISSES_BEFORE_BREAK } from "../../../domain/inbound-queues";
import { aiLine, startAiCall } from "./ai-call";
import { advanceNumberClock, CallPump, carrierLegsOf, onManualClock } from "./carrier";
import { freshNumberIn } from "./calls";
import { withDatabase } from "./database";
import { call, callHonouringRetryAfter, type Caller } from "./client";
import { inviteAndJoin, PASSWORD, unique, type Member } from "./orgs";
import { lastOfferedAccountId, previewCampaignFixture } from "./preview-fixture";
import { paidPaymentOf } from "./stripe";

/** The recorded call's callee answers 4 call-world seconds in and talks for 60 (sim/carrier/persona-scripts.ts): at a simulator speed from 4 to 60, this much has them answer and stay on the line… */
const CALLEE_ANSWERS_MS = 1_000;
/** …and this much has them hang up (the simulator divides call times by its speed). */
const CALLEE_HANGS_UP_MS = 600_000;

export const resourceFixtures: Record<ResourceKind, (owner: Caller) => Promise<string>> = {
  member: async (owner) => {
    const joined = await inviteAndJoin(owner, "agent");
    const list = await call<{ members: { id: string; userId: string }[] }>(owner, "GET", "/api/members");
    return list.body.members.find((m) => m.userId === joined.userId)!.id;
  },
  invite: async (owner) => {
    const created = await call(owner, "POST", "/api/invites", { email: `fixture-${unique()}@example.test`, role: "agent" });
    return created.body.invite.id;
  },
  apiKey: async (owner) => {
    const created = await call(owner, "POST", "/api/api-keys", { name: `fixture ${unique()}`, role: "viewer", scopes: ["accounts:read"] });
    return created.body.apiKey.id;
  },
  call: async (owner) => {
    // A number that never answers: the call stays quietly ringing while tests use it.
    const created = await callHonouringRetryAfter(owner, "POST", "/api/calls", { to: "+15550300001", kind: "direct" });
    if (created.status !== 201) throw new Error(`call fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  },
  supervisedCall: async (owner) => {
    // A bridge call (the owner is its agent) to a number that never answers, which the owner
    // supervises as a monitor: joining again is "already in that mode", leaving works.
    const created = await callHonouringRetryAfter(owner, "POST", "/api/calls", { to: "+15550300001", kind: "bridge" });
    if (created.status !== 201) throw new Error(`supervised call fixture: ${created.status} ${JSON.stringify(created.body)}`);
    const joined = await call(owner, "POST", `/api/calls/${created.body.id}/supervision`, { mode: "monitor" });
    if (joined.status !== 201) throw new Error(`supervised call fixture join: ${joined.status} ${JSON.stringify(joined.body)}`);
    return created.body.id;
  },
  aiCall: async (owner) => (await startAiCall(owner, "ai-caller-pays")).id,
  voiceCall: async (owner) => {
    // A bridge call (the owner is its agent) to the Spanish-speaking persona on its number's own
    // manual clock, voice-to-voice turned on for it, once it knows the caller speaks Spanish.
    const to = freshNumberIn("+1555011");
    await onManualClock([to]);
    const created = await callHonouringRetryAfter(owner, "POST", "/api/calls", { to, kind: "bridge" });
    if (created.status !== 201) throw new Error(`voice call fixture: ${created.status} ${JSON.stringify(created.body)}`);
    const id: string = created.body.id;
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await carrierLegsOf(id)).some((leg) => leg.to === to));
    await advanceNumberClock(to, CALLEE_ANSWERS_MS);
    const status = async () => (await call(owner, "GET", `/api/calls/${id}`)).body.call.status as string;
    await pump.until(async () => (await status()) === "bridged");
    const turnedOn = await call(owner, "PATCH", `/api/calls/${id}/translation`, { enabled: true, from: "auto", to: "en", voiceToVoice: true });
    if (turnedOn.status !== 202) throw new Error(`voice call fixture: ${turnedOn.status} ${JSON.stringify(turnedOn.body)}`);
    const available = async () => (await callActorStub(env, (await call(owner, "GET", "/api/auth/me")).body.organization.id, id).snapshot())?.call.intelligence?.voice?.available === true;
    for (let step = 0; step < 8 && !(await available()); step++) {
      await advanceNumberClock(to, 150);
      await pump.until(available, 5_000).catch(() => undefined);
    }
    return id;
  },
  recordedCall: async (owner) => {
    // A finished call with its recording stored: what the recording route serves. The callee
    // (a calm human, +1555010…) runs on its number's own manual clock, so it answers, and
    // hangs up only after our recording has started, however slowly the Worker gets there.
    const to = freshNumberIn("+1555010");
    await onManualClock([to]);
    const created = await callHonouringRetryAfter(owner, "POST", "/api/calls", { to, kind: "direct" });
    if (created.status !== 201) throw new Error(`recorded call fixture: ${created.status} ${JSON.stringify(created.body)}`);
    const id: string = created.body.id;
    const pump = CallPump.forCall(id);
    const calleeLeg = async () => (await carrierLegsOf(id)).find((leg) => leg.to === to);
    await pump.until(async () => (await calleeLeg()) !== undefined);
    await advanceNumberClock(to, CALLEE_ANSWERS_MS);
    await pump.until(async () => (((await calleeLeg()) as { recordings?: unknown[] } | undefined)?.recordings?.length ?? 0) > 0);
    await advanceNumberClock(to, CALLEE_HANGS_UP_MS);
    await pump.until(async () => (await call(owner, "GET", `/api/calls/${id}`)).body.call.recordings.length > 0);
    return id;
  },
  phoneNumber: async (owner) => {
    const created = await call(owner, "POST", "/api/phone-numbers", { e164: randomNumber(), label: `Line ${unique()}` });
    return created.body.phoneNumber.id;
  },
  account: async (owner) => {
    const created = await call(owner, "POST", "/api/accounts", {
      name: `Fixture ${unique()}`,
      phones: ["+15555550100"],
      balanceDueCents: 1000,
      consent: true,
    });
    return created.body.account.id;
  },
  accountCall: async (owner) => {
    // The account owes $10.00; the number never answers, so the call stays live.
    const account = await resourceFixtures.account(owner);
    const created = await callHonouringRetryAfter(owner, "POST", "/api/calls", { to: "+15550300001", kind: "direct", accountId: account });
    if (created.status !== 201) throw new Error(`account call fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  },
  debt: async (owner) => {
    const account = await resourceFixtures.account(owner);
    const created = await call(owner, "POST", `/api/accounts/${account}/debts`, { externalRef: `D-${unique()}`, balanceCents: 5000 });
    if (created.status !== 201) throw new Error(`debt fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.debt.id;
  },
  accountImport: async (owner) => {
    const created = await call(owner, "POST", "/api/account-imports", { dryRun: true, header: "account_ref,name,phone", fileName: "fixture.csv", totalBytes: 100 });
    if (created.status !== 201) throw new Error(`account import fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.import.id;
  },
  dncEntry: async (owner) => {
    const created = await call(owner, "POST", "/api/dnc", { phone: randomNumber(), reason: "fixture" });
    if (created.status !== 201) throw new Error(`dnc fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.entry.id;
  },
  report: async (owner) => {
    const created = await call(owner, "POST", "/api/reports", { name: `Fixture ${unique()}`, definition: { dataset: "calls", groupBy: ["outcome"] } });
    if (created.status !== 201) throw new Error(`report fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.report.id;
  },
  queue: async (owner) => {
    const created = await call(owner, "POST", "/api/queues", { name: `Fixture ${unique()}` });
    if (created.status !== 201) throw new Error(`queue fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.queue.id;
  },
  segment: async (owner) => {
    const created = await call(owner, "POST", "/api/segments", { name: `Fixture ${unique()}`, filters: { balanceMinCents: 1 } });
    if (created.status !== 201) throw new Error(`segment fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.segment.id;
  },
  campaign: async (owner) => {
    // Preview pacing with only the owner as agent and no account selected: once started it
    // never dials by itself, and never offers the owner a lead (a preview fixture may need them).
    const me = await call(owner, "GET", "/api/auth/me");
    const created = await call(owner, "POST", "/api/campaigns", {
      name: `Fixture ${unique()}`,
      pacingMode: "preview",
      agentUserIds: [me.body.user.id],
      accountSelection: { languages: ["zz"] },
    });
    if (created.status !== 201) throw new Error(`campaign fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.campaign.id;
  },
  // The campaign fixture paces preview, which a rehearsal cannot play: a progressive draft.
  rehearsableCampaign: async (owner) => {
    const me = await call(owner, "GET", "/api/auth/me");
    const created = await call(owner, "POST", "/api/campaigns", { name: `Rehearsed ${unique()}`, pacingMode: "progressive", agentUserIds: [me.body.user.id] });
    if (created.status !== 201) throw new Error(`rehearsable campaign fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.campaign.id;
  },
  runningCampaign: async (owner) => startedCampaign(owner, "running"),
  pausedCampaign: async (owner) => startedCampaign(owner, "paused"),
  previewCampaign: previewCampaignFixture,
  team: async (owner) => {
    const created = await call(owner, "POST", "/api/teams", { name: `Fixture ${unique()}`, supervisorUserIds: [], memberUserIds: [] });
    if (created.status !== 201) throw new Error(`team fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.team.id;
  },
  // An ended call the owner spoke on, written straight to Postgres, and a fresh form of the
  // owner's organisation to score it with (the body the evaluation route's tests send names it).
  evaluableCall: async (owner) => {
    const me = await call(owner, "GET", "/api/auth/me");
    const callId = await seedEndedAgentCall(me.body.organization.id, me.body.user.id);
    evaluationFormId = await resourceFixtures.qaForm(owner);
    return callId;
  },
  qaForm: async (owner) => {
    const created = await call(owner, "POST", "/api/qa/forms", FIXTURE_QA_FORM());
    if (created.status !== 201) throw new Error(`QA form fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.form.id;
  },
  // An endpoint on the mailbox's receiver that the fixtures share (it answers 200).
  webhookEndpoint: async (owner) => {
    const created = await call(owner, "POST", "/api/webhook-endpoints", { url: fixtureReceiver(), events: ["account.*"] });
    if (created.status !== 201) throw new Error(`webhook endpoint fixture: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.endpoint.id;
  },
  payment: async (owner) => {
    const me = await call(owner, "GET", "/api/auth/me");
    return paidPaymentOf(me.body.organization.id);
  },
  legalHold: async (owner) => {
    const account = await resourceFixtures.account(owner);
    const placed = await call(owner, "POST", `/api/accounts/${account}/legal-holds`, { reason: "Fixture litigation" });
    if (placed.status !== 201) throw new Error(`legal hold fixture: ${placed.status} ${JSON.stringify(placed.body)}`);
    return placed.body.hold.id;
  },
  webhookDelivery: async (owner) => {
    const endpointId = await resourceFixtures.webhookEndpoint(owner);
    await resourceFixtures.account(owner);
    const listed = await call(owner, "GET", `/api/webhook-endpoints/${endpointId}/deliveries`);
    const delivery = listed.body.deliveries[0];
    if (!delivery) throw new Error(`webhook delivery fixture: no delivery ${JSON.stringify(listed.body)}`);
    return delivery.id;
  },
};

let evaluationFormId = "";
/**
 * A complete set of answers to FIXTURE_QA_FORM, with the form the latest evaluableCall fixture
 * made (before any was made, a well-formed id of none: a test that needs no resource still
 * sends a body of the right shape).
 */
const fixtureEvaluation = () => ({ formId: evaluationFormId || crypto.randomUUID(), answers: { disclosure: { value: true }, courtesy: { value: 3 } } });

/** A two-question evaluation form: one yes/no, one scale of 0–5. */
export const FIXTURE_QA_FORM = () => ({
  name: `Review ${unique()}`,
  sections: [
    { title: "Compliance", weight: 2, questions: [{ id: "disclosure", text: "Gave the disclosure", kind: "yes_no" }] },
    { title: "Manner", questions: [{ id: "courtesy", text: "Courtesy", kind: "scale", scaleMax: 5 }] },
  ],
});

/** An ended call of `agentUserId`'s, bridged 10 s after it began, `talkSeconds` of talk, written straight to Postgres (to `toNumber`, for `campaignId`, ending in `outcome`: a manual call answered unless they say). */
export async function seedEndedAgentCall(
  organizationId: string,
  agentUserId: string,
  options: {
    talkSeconds?: number;
    at?: Date;
    disposition?: string;
    /** The customer's mean sentiment, as live intelligence summarises a call. */ sentiment?: number;
    toNumber?: string;
    campaignId?: string;
    outcome?: "connected" | "voicemail_left";
  } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const createdAt = options.at ?? new Date(Date.now() - 3_600_000);
  const bridgedAt = new Date(createdAt.getTime() + 10_000);
  await withDatabase((db) =>
    db.insert(calls).values({
      id,
      organizationId,
      direction: "outbound",
      kind: "bridge",
      origin: options.campaignId ? "dialer" : "manual",
      outcome: options.outcome ?? "connected",
      toNumber: options.toNumber ?? "+15550100001",
      campaignId: options.campaignId ?? null,
      fromNumber: "+15550001000",
      agentUserId,
      status: "completed",
      createdAt,
      answeredAt: bridgedAt,
      bridgedAt,
      endedAt: new Date(bridgedAt.getTime() + (options.talkSeconds ?? 60) * 1000),
      liveAnswered: true,
      disposition: options.disposition ?? null,
      version: 1,
    }),
  );
  const sentiment = options.sentiment;
  if (sentiment !== undefined) {
    await withDatabase((db) =>
      db.insert(callSentimentSummaries).values({ callId: id, organizationId, averageScore: sentiment, minScore: sentiment, maxScore: sentiment, scoredSegments: 4, objections: 0, alerts: 0, createdAt }),
    );
  }
  return id;
}

async function startedCampaign(owner: Caller, status: "running" | "paused"): Promise<string> {
  const id = await resourceFixtures.campaign(owner);
  const started = await call(owner, "POST", `/api/campaigns/${id}/start`);
  if (started.status !== 200) throw new Error(`campaign fixture start: ${started.status} ${JSON.stringify(started.body)}`);
  if (status === "paused") {
    const paused = await call(owner, "POST", `/api/campaigns/${id}/pause`);
    if (paused.status !== 200) throw new Error(`campaign fixture pause: ${paused.status} ${JSON.stringify(paused.body)}`);
  }
  return id;
}

/** A body each route accepts, so that a refusal is about who calls, not what is sent. */
export const validBodies: Record<string, () => unknown> = {
  "POST /api/auth/signup": () => ({
    organizationName: `Org ${unique()}`,
    name: "X",
    email: `s-${unique()}@example.test`,
    password: "long enough password",
  }),
  "POST /api/auth/login": () => ({ email: `nobody-${unique()}@example.test`, password: "whatever" }),
  "POST /api/auth/accept-invite": () => ({ token: `not-a-real-token-${unique()}`, name: "X", password: "long enough password" }),
  "PATCH /api/organization": () => ({ name: `Renamed ${unique()}` }),
  "PATCH /api/members/:id": () => ({ role: "agent" }),
  "POST /api/invites": () => ({ email: `i-${unique()}@example.test`, role: "viewer" }),
  "POST /api/api-keys": () => ({ name: `k ${unique()}`, role: "viewer", scopes: ["accounts:read"] }),
  "POST /api/accounts": () => ({ name: `A ${unique()}`, phones: ["+15555550101"] }),
  "PATCH /api/accounts/:id": () => ({ balanceDueCents: 4200 }),
  "POST /api/calls": () => ({ to: "+15550300001", kind: "direct" }),
  "PATCH /api/calls/:id": () => ({ notes: `note ${unique()}` }),
  "POST /api/calls/:id/supervision": () => ({ mode: "monitor" }),
  "POST /api/calls/:id/payment-links": () => ({ amountCents: 500 }),
  "POST /api/calls/:id/help-requests": () => ({ reason: "Customer asks for a manager" }),
  // A resume with nothing paused is "already so" (200) even on the fixture's ringing call.
  "POST /api/calls/:id/recording-control": () => ({ action: "resume", reason: "Card details done" }),
  "POST /api/payments/:id/refunds": () => ({ amountCents: 100 }),
  "POST /api/calls/:id/ai-agent": () => ({ action: "take_over" }),
  "POST /api/phone-numbers": () => ({ e164: randomNumber(), label: `Line ${unique()}` }),
  "PATCH /api/phone-numbers/:id": () => ({ label: `Renamed ${unique()}` }),
  "PATCH /api/ivr-settings": () => ({ ...DEFAULT_IVR_SETTINGS, paymentHoldSeconds: 240 }),
  "POST /api/ai-agent-settings/test-calls": () => ({ persona: "ai-caller-pays" }),
  "PATCH /api/ai-agent-settings": () => ({ ...DEFAULT_AI_AGENT_SETTINGS, minimumPaymentPercent: 80 }),
  "PATCH /api/intelligence-settings": () => ({ translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: ["talk to my lawyer"] }),
  "PATCH /api/retention-policy": () => ({ recordingsDays: 90, transcriptsDays: 180, callRecordsDays: 365, paymentMetadataDays: null }),
  "POST /api/accounts/:id/legal-holds": () => ({ reason: "Subpoena in case 24-118" }),
  "POST /api/calls/:id/legal-holds": () => ({ reason: "Complaint under review" }),
  "POST /api/legal-holds/:id/lift": () => ({ reason: "Case closed" }),
  "POST /api/accounts/:id/erase": () => ({ reason: "Request DSR-118 by email" }),
  "POST /api/billing/checkout": () => ({ plan: "growth" }),
  "PATCH /api/campaigns/:id/translation": () => ({ translation: { enabled: true, from: "es", to: "en" } }),
  "PATCH /api/calls/:id/translation": () => ({ enabled: true, from: "auto", to: "fr" }),
  "POST /api/calls/:id/voice-lines": () => ({ text: "Can you pay on Monday?" }),
  "POST /api/accounts/:id/debts": () => ({ externalRef: `D-${unique()}`, balanceCents: 12_345 }),
  "PATCH /api/debts/:id": () => ({ status: "disputed" }),
  "POST /api/dnc": () => ({ phone: randomNumber(), reason: "asked us to stop" }),
  "POST /api/account-imports": () => ({ dryRun: true, header: "account_ref,name,phone", fileName: `roles-${unique()}.csv`, totalBytes: 64 }),
  "POST /api/account-imports/:id/chunks": () => ({ index: 0, firstRow: 2, csv: `CHK-1,Chunk Fixture,+15550100001\n` }),
  "POST /api/accounts/import": () => ({ csv: `account_ref,name,phone\nIMP-${unique()},Role Matrix,+15550100001\n`, dryRun: true }),
  "POST /api/campaigns": () => ({ name: `Campaign ${unique()}`, pacingMode: "preview" }),
  "POST /api/queues": () => ({ name: `Queue ${unique()}` }),
  "PATCH /api/queues/:id": () => ({ priority: 5 }),
  "PATCH /api/queues/:id/members": () => ({ members: [] }),
  "POST /api/queues/:id/move-in": () => ({ callId: crypto.randomUUID() }),
  "POST /api/segments": () => ({ name: `Segment ${unique()}`, filters: { balanceMinCents: 100 } }),
  "PATCH /api/segments/:id": () => ({ name: `Renamed ${unique()}` }),
  "POST /api/segments/count": () => ({ filters: { balanceMinCents: 100 } }),
  "POST /api/reports": () => ({ name: `Report ${unique()}`, definition: { dataset: "calls", groupBy: ["outcome"], measures: [{ fn: "count" }] } }),
  "PATCH /api/reports/:id": () => ({ name: `Renamed ${unique()}` }),
  "POST /api/reports/preview": () => ({ definition: { dataset: "calls", groupBy: ["day"], sort: [{ by: "count", direction: "desc" }] } }),
  "POST /api/reports/export": () => ({ definition: { dataset: "complianceSkips" } }),
  // One the model simulator answers with a definition the builder takes.
  "POST /api/reports/ask": () => ({ question: "Promises to pay this week by agent" }),
  "PATCH /api/campaigns/:id": () => ({ name: `Renamed ${unique()}` }),
  "POST /api/webhook-endpoints": () => ({ url: fixtureReceiver(), events: ["call.completed"] }),
  "PATCH /api/webhook-endpoints/:id": () => ({ description: `Renamed ${unique()}` }),
  "POST /api/webhook-endpoints/:id/replay": () => ({ since: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z" }),
  "POST /api/teams": () => ({ name: `Team ${unique()}`, supervisorUserIds: [], memberUserIds: [] }),
  "PATCH /api/teams/:id": () => ({ name: `Renamed ${unique()}` }),
  "PATCH /api/qa/scorecard-settings": () => ({ criteria: [{ kind: "qa_evaluations", weight: 60 }, { kind: "disposition_rate", weight: 40, targetPercent: 90 }] }),
  "POST /api/qa/forms": FIXTURE_QA_FORM,
  "POST /api/qa/forms/:id/versions": FIXTURE_QA_FORM,
  "POST /api/calls/:id/evaluations": fixtureEvaluation,
  // Before any preview fixture offered an account, a well-formed id of none.
  "POST /api/campaigns/:id/preview/dial": () => ({ accountId: lastOfferedAccountId() || crypto.randomUUID() }),
  "POST /api/campaigns/:id/preview/skip": () => ({ accountId: lastOfferedAccountId() || crypto.randomUUID() }),
  // The test simulator's own speed, one agent, one workload minute: three seconds of a rehearsal.
  "POST /api/campaigns/:id/rehearsals": () => ({ workload: "sales-25", agents: 1, speed: 20, minutes: 1 }),
};

/** Where fixture webhook endpoints point: a receiver on the test mailbox (tests/setup/webhook-mailbox.ts). */
function fixtureReceiver(): string {
  return `${env.TEST_MAILBOX_URL}/receiver/fixtures`;
}

/** A number nobody else in the test run holds (phone numbers are unique across organisations). */
export function randomNumber(): string {
  return `+1999${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}

/**
 * For the response-contract test: a request each public route answers with success, where
 * `validBodies` alone would not (a login needs a real password, an invitation a real token).
 */
export const successExamples: Record<string, (owner: Member) => Promise<{ path?: string; body?: unknown }>> = {
  "POST /api/auth/login": async (owner) => ({ body: { email: owner.email, password: PASSWORD } }),
  // A test call needs one of the organisation's AI numbers to ring.
  "POST /api/ai-agent-settings/test-calls": async (owner) => ({ body: { persona: "ai-caller-pays", phoneNumberId: (await aiLine(owner)).id } }),
  "GET /api/invites/lookup/:token": async (owner) => ({ path: `/api/invites/lookup/${await inviteToken(owner)}` }),
  "POST /api/auth/accept-invite": async (owner) => ({ body: { token: await inviteToken(owner), name: "Invited Person", password: PASSWORD } }),
  // The portal is for an organisation's Stripe customer: give it a live Scale subscription (every feature, as before).
  "POST /api/billing/portal": async (owner) => {
    const organizationId = (await call(owner, "GET", "/api/auth/me")).body.organization.id as string;
    const customer = await stripeClient(env).customers.create({ name: `Billing ${unique()}` });
    const subscription = { plan: "scale" as const, status: "active" as const, stripeCustomerId: customer.id, stripeSubscriptionId: `sub_example_${unique()}`, subscriptionCreatedAt: new Date() };
    await withDatabase((db) => db.insert(billingSubscriptions).values({ organizationId, ...subscription }).onConflictDoUpdate({ target: billingSubscriptions.organizationId, set: subscription }));
    return {};
  },
  // A caller waiting in one queue (put in line as the Worker does), moved to another.
  "POST /api/queues/:id/move-in": async (owner) => {
    const [from, to] = await Promise.all([1, 2].map(async () => (await call(owner, "POST", "/api/queues", { name: `Move ${unique()}` })).body.queue));
    const callId = crypto.randomUUID();
    const organizationId: string = (await call(owner, "GET", "/api/organization")).body.organization.id;
    await agentPoolStub(env, organizationId).queueArrive(from.id, queueRoutingOf(from, DEFAULT_RING_MISSES_BEFORE_BREAK), { callId, priority: 0, needs: {}, from: "+15550100001", enteredAtMs: Date.now() });
    return { path: `/api/queues/${to.id}/move-in`, body: { callId } };
  },
};

async function inviteToken(owner: Caller): Promise<string> {
  const created = await call(owner, "POST", "/api/invites", { email: `example-${unique()}@example.test`, role: "viewer" });
  if (created.status !== 201) throw new Error(`invite example: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.token;
}
