import { describe, expect, it } from "vitest";
import { complianceReport, type AttemptRecord, type ConversationRecord, type SkipRecord } from "../../../../../objects/campaign/compliance";
import { at } from "./fixtures";

const dialed = (iso: string, accountId: string, campaignId: string): AttemptRecord => ({
  at: at(iso),
  accountId,
  campaignId,
  debtIds: ["D-1"],
  phone: "+12125550123",
});
const talked = (iso: string, accountId: string, campaignId: string): ConversationRecord => ({ at: at(iso), accountId, campaignId, debtIds: ["D-1"] });
const skipped = (iso: string, campaignId: string, reason: SkipRecord["reason"]): SkipRecord => ({
  at: at(iso),
  accountId: "acct-9",
  campaignId,
  reason,
  nextEligibleAt: null,
});

describe("per-campaign compliance report", () => {
  const input = {
    attempts: [
      dialed("2026-11-23T10:00-05:00", "acct-1", "camp-a"),
      dialed("2026-11-23T11:00-05:00", "acct-1", "camp-a"),
      dialed("2026-11-23T12:00-05:00", "acct-2", "camp-a"),
      dialed("2026-11-23T12:00-05:00", "acct-3", "camp-b"),
    ],
    conversations: [talked("2026-11-23T11:01-05:00", "acct-1", "camp-a")],
    skips: [
      skipped("2026-11-23T07:00-05:00", "camp-a", "outside_calling_window"),
      skipped("2026-11-23T13:00-05:00", "camp-a", "reg_f_7_in_7"),
      skipped("2026-11-23T13:05-05:00", "camp-a", "reg_f_7_in_7"),
      skipped("2026-11-23T13:00-05:00", "camp-c", "dnc_org"),
    ],
    answers: [
      { campaignId: "camp-a", liveAnswered: 100, abandoned: 3 },
      { campaignId: "camp-b", liveAnswered: 30, abandoned: 1 },
    ],
  };

  it("counts attempts, accounts, conversations and skips by reason, per campaign", () => {
    const [a, b, c] = complianceReport(input);
    expect(a).toMatchObject({ campaignId: "camp-a", attempts: 3, accountsDialed: 2, conversations: 1 });
    expect(a!.skips.total).toBe(3);
    expect(a!.skips.byReason).toMatchObject({ outside_calling_window: 1, reg_f_7_in_7: 2, dnc_org: 0 });
    expect(b).toMatchObject({ campaignId: "camp-b", attempts: 1, conversations: 0, skips: { total: 0 } });
    expect(c).toMatchObject({ campaignId: "camp-c", attempts: 0, skips: { total: 1, byReason: { dnc_org: 1 } } });
  });

  it("gives the abandon rate against the 3 % cap", () => {
    const [a, b, c] = complianceReport(input);
    expect(a!.abandon).toEqual({ liveAnswered: 100, abandoned: 3, rate: 0.03, cap: 0.03, withinCap: true });
    expect(b!.abandon).toMatchObject({ rate: 1 / 30, withinCap: false });
    expect(c!.abandon).toMatchObject({ liveAnswered: 0, rate: null, withinCap: true });
  });

  it("keeps only the period asked for", () => {
    const [a] = complianceReport({ ...input, from: at("2026-11-23T11:00-05:00"), to: at("2026-11-23T13:01-05:00") });
    expect(a).toMatchObject({ attempts: 2, conversations: 1, skips: { total: 1 } });
  });
});
