// Property tests: random accounts, histories and clocks, judged by an independent
// brute-force checker. Time is always passed in; nothing here waits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDial,
  pruneHistory,
  WEEKDAYS,
  type ContactAttempt,
  type ContactHistory,
  type Conversation,
  type DialRequest,
  type InconvenientTime,
} from "../../../../../objects/campaign/compliance";
import { violations, type ScheduledDial } from "./brute-force-checker";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DEBT_POOL = ["D-1", "D-2", "D-3"];

// Zones with and without DST, half-hour offsets, a 30-minute DST shift (Lord Howe) and DST
// changes at local midnight (Santiago), plus numbers resolved by their area code only.
const callees = [
  { accountTimeZone: "America/New_York", phone: "+13125550100", zone: "America/New_York" },
  { accountTimeZone: "America/Chicago", phone: "+12125550100", zone: "America/Chicago" },
  { accountTimeZone: "America/Denver", phone: "+12125550100", zone: "America/Denver" },
  { accountTimeZone: "America/Los_Angeles", phone: "+12125550100", zone: "America/Los_Angeles" },
  { accountTimeZone: "America/Anchorage", phone: "+12125550100", zone: "America/Anchorage" },
  { accountTimeZone: "America/St_Johns", phone: "+12125550100", zone: "America/St_Johns" },
  { accountTimeZone: "America/Santiago", phone: "+56221234567", zone: "America/Santiago" },
  { accountTimeZone: "Australia/Lord_Howe", phone: "+61255001234", zone: "Australia/Lord_Howe" },
  { accountTimeZone: "Europe/London", phone: "+442071234567", zone: "Europe/London" },
  { accountTimeZone: null, phone: "+12125550100", zone: "America/New_York" },
  { accountTimeZone: null, phone: "+18085550100", zone: "Pacific/Honolulu" },
  { accountTimeZone: null, phone: "+16025550100", zone: "America/Phoenix" },
  { accountTimeZone: null, phone: "+18505550100", zone: "America/Chicago" },
  { accountTimeZone: null, phone: "+17095550100", zone: "America/St_Johns" },
  { accountTimeZone: null, phone: "+13065550100", zone: "America/Regina" },
] as const;

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
const isoDate = (instant: number) => new Date(instant).toISOString().slice(0, 10);

// Mostly all of 2026, often the days around the US DST changes.
const instantArb = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
  fc.integer({ min: Date.UTC(2026, 2, 5), max: Date.UTC(2026, 2, 11) }),
  fc.integer({ min: Date.UTC(2026, 9, 29), max: Date.UTC(2026, 10, 4) }),
);

const weeklyArb: fc.Arbitrary<InconvenientTime> = fc
  .record({ day: fc.constantFrom(...WEEKDAYS), from: fc.integer({ min: 0, max: 1439 }), to: fc.integer({ min: 1, max: 1440 }) })
  .map(({ day, from, to }) => ({ kind: "weekly", day, from: hhmm(from), to: hhmm(to) }));

interface LeadSpec {
  callee: (typeof callees)[number];
  debtIds: string[];
  weekly: InconvenientTime[];
  dateRanges: { offsetDays: number; lengthDays: number }[];
  window: { from: number; to: number } | null;
  maxAttempts: number | null;
  dncAccount: boolean;
  dncOrg: boolean;
  dncCampaign: boolean;
  consent: boolean | null;
}

const leadArb: fc.Arbitrary<LeadSpec> = fc.record({
  callee: fc.constantFrom(...callees),
  debtIds: fc.subarray(DEBT_POOL),
  weekly: fc.array(weeklyArb, { maxLength: 3 }),
  dateRanges: fc.array(fc.record({ offsetDays: fc.integer({ min: -3, max: 20 }), lengthDays: fc.integer({ min: 0, max: 4 }) }), { maxLength: 2 }),
  window: fc.option(fc.record({ from: fc.integer({ min: 6 * 60, max: 12 * 60 }), to: fc.integer({ min: 13 * 60, max: 23 * 60 }) }), { nil: null }),
  maxAttempts: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  // Standing refusals have their own property below; here every lead may be dialed.
  dncAccount: fc.constant(false),
  dncOrg: fc.constant(false),
  dncCampaign: fc.constant(false),
  consent: fc.constant(true),
});

function toRequest(spec: LeadSpec, around: number): DialRequest {
  return {
    accountId: "acct-p",
    phone: spec.callee.phone,
    accountTimeZone: spec.callee.accountTimeZone,
    debtIds: spec.debtIds,
    campaignId: "camp-1",
    dnc: {
      org: { kind: "set", numbers: new Set(spec.dncOrg ? [spec.callee.phone] : []) },
      campaign: { kind: "lookup", listed: spec.dncCampaign },
      account: spec.dncAccount,
    },
    consent: spec.consent,
    unknownConsentAllowed: false,
    inconvenientTimes: [
      ...spec.weekly,
      ...spec.dateRanges.map(({ offsetDays, lengthDays }): InconvenientTime => ({
        kind: "dates",
        fromDate: isoDate(around + offsetDays * DAY_MS),
        toDate: isoDate(around + (offsetDays + lengthDays) * DAY_MS),
      })),
    ],
    maxAttempts: spec.maxAttempts,
    callingWindow: spec.window ? { from: hhmm(spec.window.from), to: hhmm(spec.window.to) } : null,
  };
}

const historyArb = fc.record({
  attempts: fc.array(
    fc.record({
      agoMs: fc.integer({ min: 0, max: 8 * DAY_MS }),
      debtIds: fc.subarray([...DEBT_POOL, "D-9"], { minLength: 1 }),
      campaignId: fc.constantFrom("camp-1", "camp-2"),
    }),
    { maxLength: 24 },
  ),
  conversations: fc.array(fc.record({ agoMs: fc.integer({ min: 0, max: 8 * DAY_MS }), debtIds: fc.subarray([...DEBT_POOL, "D-9"], { minLength: 1 }) }), {
    maxLength: 2,
  }),
  extraCampaignAttempts: fc.integer({ min: 0, max: 10 }),
});

type HistorySpec = typeof historyArb extends fc.Arbitrary<infer H> ? H : never;

function toHistory(spec: HistorySpec, request: DialRequest, now: number): ContactHistory {
  const attempts: ContactAttempt[] = spec.attempts.map((a) => ({ at: now - a.agoMs, debtIds: a.debtIds, phone: request.phone, campaignId: a.campaignId }));
  const conversations: Conversation[] = spec.conversations.map((c) => ({ at: now - c.agoMs, debtIds: c.debtIds }));
  const listed = attempts.filter((a) => a.campaignId === request.campaignId).length;
  return { attempts, conversations, campaignAttemptCount: listed + spec.extraCampaignAttempts };
}

function judge(request: DialRequest, zone: string, history: ContactHistory, newDials: readonly ScheduledDial[], conversations: readonly Conversation[]) {
  return violations({
    request,
    zone,
    dials: [...history.attempts.map((a) => ({ at: a.at, debtIds: a.debtIds, campaignId: a.campaignId, isNew: false })), ...newDials],
    conversations: [...history.conversations, ...conversations],
    priorCampaignAttempts: history.campaignAttemptCount,
  });
}

describe("properties of checkDial", () => {
  it("(1) an allowed dial is inside the calling window, outside inconvenient times, and within Regulation F given the history", () => {
    fc.assert(
      fc.property(leadArb, historyArb, instantArb, (lead, historySpec, now) => {
        const request = toRequest(lead, now);
        const history = toHistory(historySpec, request, now);
        const decision = checkDial(request, history, now);
        if (!decision.allowed) return;
        const dial: ScheduledDial = { at: now, debtIds: request.debtIds, campaignId: request.campaignId, isNew: true };
        expect(judge(request, lead.callee.zone, history, [dial], [])).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("(2) dialing exactly at nextEligibleAt is allowed, and every earlier instant after now is refused", () => {
    fc.assert(
      fc.property(leadArb, historyArb, instantArb, fc.double({ min: 0, max: 1, noNaN: true }), (lead, historySpec, now, fraction) => {
        const request = toRequest(lead, now);
        const history = toHistory(historySpec, request, now);
        const decision = checkDial(request, history, now);
        if (decision.allowed || decision.nextEligibleAt === null) return;
        const next = decision.nextEligibleAt;
        expect(next).toBeGreaterThan(now);
        expect(checkDial(request, history, next)).toEqual({ allowed: true });
        expect(checkDial(request, history, next - 1).allowed).toBe(false);
        const between = Math.min(next - 1, now + Math.floor((next - now) * fraction));
        expect(checkDial(request, history, between).allowed).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("standing refusals (do-not-call, consent) hold at any time and never name a next time", () => {
    fc.assert(
      fc.property(
        leadArb,
        instantArb,
        fc.constantFrom("dncAccount", "dncOrg", "dncCampaign", "noConsent", "unknownConsent"),
        (lead, now, which) => {
          const spec =
            which === "noConsent" ? { ...lead, consent: false } : which === "unknownConsent" ? { ...lead, consent: null } : { ...lead, [which]: true };
          const decision = checkDial(toRequest(spec, now), { attempts: [], conversations: [], campaignAttemptCount: 0 }, now);
          expect(decision).toMatchObject({ allowed: false, nextEligibleAt: null });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("(3) a greedy dialer that dials each lead whenever allowed never breaks a rule over random weeks", () => {
    const simulation = fc.record({
      leads: fc.array(leadArb, { minLength: 1, maxLength: 3 }),
      start: instantArb,
      weeks: fc.integer({ min: 1, max: 3 }),
      // Retry spacing after each dial: sometimes none at all (redial at once), up to 10 hours.
      spacings: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 * HOUR_MS })), { minLength: 1, maxLength: 40 }),
      // Whether the call became a conversation, and about how many of the account's debts.
      talks: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(simulation, ({ leads, start, weeks, spacings, talks }) => {
        const end = start + weeks * 7 * DAY_MS;
        leads.forEach((lead, leadIndex) => {
          const request = toRequest(lead, start);
          const dials: ScheduledDial[] = [];
          const conversations: Conversation[] = [];
          let attempts: ContactAttempt[] = [];
          let campaignAttemptCount = 0;
          let now = start + leadIndex * 7 * MINUTE_MS;
          for (let step = 0; step < 150 && now < end; step++) {
            const full: ContactHistory = { attempts, conversations, campaignAttemptCount };
            const decision = checkDial(request, pruneHistory(full, now), now);
            // The 8-day history the actor keeps decides exactly as the whole history would.
            expect(checkDial(request, full, now)).toEqual(decision);
            if (!decision.allowed) {
              if (decision.nextEligibleAt === null) break;
              expect(decision.nextEligibleAt).toBeGreaterThan(now);
              now = decision.nextEligibleAt;
              continue;
            }
            dials.push({ at: now, debtIds: request.debtIds, campaignId: request.campaignId, isNew: true });
            attempts = [...attempts, { at: now, debtIds: request.debtIds, phone: request.phone, campaignId: request.campaignId }];
            campaignAttemptCount += 1;
            const talk = talks[step % talks.length]!;
            if (talk > 0 && talk <= request.debtIds.length) {
              conversations.push({ at: now, debtIds: request.debtIds.slice(0, talk) });
            }
            now += spacings[step % spacings.length]!;
          }
          const found = violations({ request, zone: lead.callee.zone, dials, conversations, priorCampaignAttempts: 0 });
          expect(found).toEqual([]);
        });
      }),
      { numRuns: 120 },
    );
  });
});
