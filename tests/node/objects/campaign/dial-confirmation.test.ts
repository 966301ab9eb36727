import { describe, expect, it } from "vitest";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { DialListing } from "../../../../domain/dial-listing";
import { batchQuestion, confirmBatch } from "../../../../objects/campaign/dial-confirmation";

const spec = (id: string, to: string, accountId: string): CallSpec => ({
  id,
  organizationId: "org",
  kind: "dialer",
  direction: "outbound",
  to,
  from: "+15550001000",
  agentUserId: null,
  agentAddress: null,
  accountId,
  createdAtMs: 0,
  ringTimeoutSeconds: 22,
  record: true,
  transcribe: true,
  inbound: null,
  dialer: null,
});

const clear = (accountId: string) => ({ accountId, doNotCall: false, consent: true });
const nothingListed: DialListing = { orgListed: [], campaignListed: [], accounts: [], paymentsOnCalls: true };

describe("confirming a batch of dials against the current lists", () => {
  it("asks about each number and account once, however many calls share them", () => {
    const batch = [spec("c1", "+15550000001", "a1"), spec("c2", "+15550000001", "a1"), spec("c3", "+15550000002", "a2")];
    expect(batchQuestion({ organizationId: "org", id: "camp" }, batch)).toEqual({ organizationId: "org", campaignId: "camp", phones: ["+15550000001", "+15550000002"], accountIds: ["a1", "a2"] });
  });

  it("lets every call through when nothing is listed and every account consents", () => {
    const batch = [spec("c1", "+15550000001", "a1"), spec("c2", "+15550000002", "a2")];
    const confirmed = confirmBatch(batch, { ...nothingListed, accounts: [clear("a1"), clear("a2")] }, false);
    expect(confirmed.allowed.map((s) => s.id)).toEqual(["c1", "c2"]);
    expect(confirmed.refused).toEqual([]);
  });

  it("refuses a number on the organisation's or the campaign's list, for good, and lets the rest through", () => {
    const batch = [spec("c1", "+15550000001", "a1"), spec("c2", "+15550000002", "a2"), spec("c3", "+15550000003", "a3")];
    const confirmed = confirmBatch(batch, { ...nothingListed, orgListed: ["+15550000001"], campaignListed: ["+15550000003"], accounts: [clear("a1"), clear("a2"), clear("a3")] }, false);
    expect(confirmed.allowed.map((s) => s.id)).toEqual(["c2"]);
    expect(confirmed.refused.map((r) => [r.spec.id, r.refusal.reason, r.refusal.nextEligibleAt])).toEqual([
      ["c1", "dnc_org", null],
      ["c3", "dnc_campaign", null],
    ]);
    expect(confirmed.refused[0]!.refusal.explanation).toMatch(/organisation do-not-call list/);
  });

  it("refuses an account without consent or marked do-not-call, naming the first rule in compliance order", () => {
    const batch = [spec("c1", "+15550000001", "a1"), spec("c2", "+15550000002", "a2")];
    const confirmed = confirmBatch(batch, {
      ...nothingListed,
      orgListed: ["+15550000002"],
      campaignListed: [],
      accounts: [
        { accountId: "a1", doNotCall: false, consent: false },
        { accountId: "a2", doNotCall: true, consent: false },
      ],
    }, false);
    expect(confirmed.allowed).toEqual([]);
    expect(confirmed.refused.map((r) => [r.spec.id, r.refusal.reason, r.refusal.blockedBy])).toEqual([
      ["c1", "no_consent", ["no_consent"]],
      ["c2", "dnc_account", ["dnc_account", "dnc_org", "no_consent"]],
    ]);
  });

  it("refuses an account whose consent is now unknown unless the campaign may dial unknown consent", () => {
    const batch = [spec("c1", "+15550000001", "a1")];
    const listing: DialListing = { ...nothingListed, accounts: [{ accountId: "a1", doNotCall: false, consent: null }] };
    expect(confirmBatch(batch, listing, false).refused.map((r) => [r.spec.id, r.refusal.reason])).toEqual([["c1", "consent_unknown"]]);
    expect(confirmBatch(batch, listing, true).allowed.map((s) => s.id)).toEqual(["c1"]);
  });

  it("takes the IVR's payment step out of a reminder call when the plan in force no longer has payments on calls, and leaves it in otherwise", () => {
    const ivr = { language: "en" as const, prompts: {} as never, paymentHoldMs: 60_000, account: { id: "a1", debtId: null, balanceCents: 5_000 }, sendTo: "+15550000001", startsOn: "human" as const };
    const reminder: CallSpec = { ...spec("c1", "+15550000001", "a1"), ivr };
    const agentCall = spec("c2", "+15550000002", "a2");
    const listing = { ...nothingListed, accounts: [clear("a1"), clear("a2")] };
    // Downgraded mid-campaign: the same stored spec, confirmed again, loses the payment step.
    const downgraded = confirmBatch([reminder, agentCall], { ...listing, paymentsOnCalls: false }, false);
    expect(downgraded.allowed.map((s) => s.ivr?.payments)).toEqual([false, undefined]);
    expect(downgraded.allowed[1]).toEqual(agentCall);
    expect(reminder.ivr!.payments).toBeUndefined();
    const allowed = confirmBatch([reminder], listing, false);
    expect(allowed.allowed[0]!.ivr).toEqual(ivr);
  });
});
