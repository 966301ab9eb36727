// A campaign's storage on a real SQLite (sql.js) for unit tests of the modules the
// CampaignActor runs over it, with a campaign, its leads, agents and call outcomes.
import { afterEach, beforeEach, vi } from "vitest";
import type { PoolMember } from "../../../../objects/agent-pool/protocol";
import type { CampaignRecordRow } from "../../../../db/writers/campaign-records";
import type { CampaignPorts } from "../../../../objects/campaign/campaign-runner";
import { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { campaignRecordRowSchema } from "../../../../objects/campaign/storage/campaign-outbox";
import type { LeadInput } from "../../../../domain/campaign-lead";
import type { DialBatchQuestion, DialListing } from "../../../../domain/dial-listing";
import type { CampaignCallOutcome, CampaignConfig } from "../../../../objects/campaign/protocol";
import { openTestSqlStorage } from "../../support/sqlite-storage";
import { campaignWrapUpPolicy, DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, DEFAULT_WRAP_UP_SECONDS } from "../../../../domain/wrap-up";

/** Monday 23 November 2026, 15:00 UTC: 10:00 in New York, inside the calling window. */
export const NOW = Date.UTC(2026, 10, 23, 15);
export const TODAY = "2026-11-23";

export const config: CampaignConfig = {
  id: "camp-1",
  organizationId: "org-1",
  fromNumber: "+15550001000",
  timeZone: "UTC",
  name: "November arrears",
  pacingMode: "progressive",
  maxLinesPerAgent: 1,
  abandonCapPercent: 3,
  ringTimeoutSeconds: 22,
  callingWindow: { from: "08:00", to: "21:00" },
  voicemailScript: "Please call us back.",
  safeHarborMessage: "Sorry we missed you.",
  retryMaxAttempts: 3,
  retrySpacingMinutes: 60,
  dialUnknownConsent: false,
  maxConcurrentCalls: 10,
  accountSelection: {},
  segmentId: null,
  agentUserIds: ["agent-a", "agent-b"],
  wrapUp: campaignWrapUpPolicy(DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, DEFAULT_WRAP_UP_SECONDS),
  reminderIvr: null,
};

/** For the tests of the calling describe block, Date.now() is NOW (timers stay real). */
export function clockAtNow(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Postgres's answer to a dial confirmation when no number is listed and every account consents. */
export function nothingListedFor(question: DialBatchQuestion): DialListing {
  return { orgListed: [], campaignListed: [], paymentsOnCalls: true, accounts: question.accountIds.map((accountId) => ({ accountId, doNotCall: false, consent: true })) };
}

export async function openCampaignStore(): Promise<CampaignStorage> {
  const store = new CampaignStorage(await openTestSqlStorage());
  store.meta.set("config", config);
  store.meta.set("status", "running");
  return store;
}

export function lead(accountId: string, extra: Partial<LeadInput> = {}): LeadInput {
  return {
    accountId,
    name: `Account ${accountId}`,
    phones: [`+1555010${accountId.padStart(4, "0").slice(-4)}`],
    timeZone: "America/New_York",
    balanceDueCents: 10_000,
    lastContactedAtMs: null,
    doNotCall: false,
    consent: true,
    inconvenientTimes: [],
    debtIds: [`debt-${accountId}`],
    ...extra,
  };
}

export function member(userId: string, status: PoolMember["status"], statusSince = NOW - 60_000, extra: Partial<PoolMember> = {}): PoolMember {
  return { userId, name: `Agent ${userId}`, role: "agent", status, statusSince, connections: 1, callId: null, wrapUpEndsAt: null, dispositionOwed: false, wrapUpExtensionSeconds: 0, preview: null, ...extra };
}

export function outcome(callId: string, accountId: string, phone: string, result: CampaignCallOutcome["result"], extra: Partial<CampaignCallOutcome> = {}): CampaignCallOutcome {
  return {
    callId,
    accountId,
    phone,
    result,
    dialedAtMs: NOW,
    answeredAtMs: null,
    humanAtMs: null,
    agentUserId: null,
    connectedAtMs: null,
    endedAtMs: NOW + 30_000,
    abandoned: false,
    voicemailLeft: false,
    ...extra,
  };
}

/** The rows waiting in the campaign's outbox, oldest first, as a flush would write them. */
export function queuedRows(store: CampaignStorage): { key: string; row: CampaignRecordRow }[] {
  return store.outbox.pending().map((entry) => ({ key: entry.key, row: campaignRecordRowSchema.parse(JSON.parse(entry.json)) }));
}

/** Ports for a runner that only talks to its room: each broadcast lands in `sent`; a pool, writer or call reached is a test bug. */
export function roomOnlyPorts(sent: string[]): CampaignPorts {
  return {
    pool: () => {
      throw new Error("not used");
    },
    writer: () => {
      throw new Error("not used");
    },
    start: async () => undefined,
    load: async () => undefined,
    alarm: { setAlarm: async () => undefined, deleteAlarm: async () => undefined },
    agentAddress: (userId) => `sip:${userId}@agents.test`,
    broadcast: (message) => void sent.push(message),
    roomOpen: () => true,
    keepAlive: () => undefined,
  };
}
