// The IVR step and payment status supervisors see in a payment-reminder campaign's live
// room: the call reports each change to its campaign (menu, paying, the link requested,
// texted, paid with the new balance), in an order that only grows, never with a key the
// caller pressed; the campaign keeps the newest report whatever order they arrive in, and
// the room's snapshot and its live calls table show it.
import { describe, expect, it } from "vitest";
import { ivrCallView, ivrProgressOf } from "../../../../../../objects/call/features/ivr/ivr-progress";
import { toCallView } from "../../../../../../objects/call/call-view";
import { foldCall } from "../../../../../../objects/call/machine";
import { foldSupervision } from "../../../../../../objects/call/features/supervision/session-machine";
import { ivrProgressText } from "../../../../../../domain/ivr-progress";
import { campaignSnapshot } from "../../../../../../objects/campaign/campaign-snapshot";
import type { IvrProgress } from "../../../../../../domain/ivr-progress";
import { liveCallIvrCell, showsIvrColumn } from "../../../../../../ui/src/lib/campaign-room-view";
import { openCampaignStore, NOW } from "../../../campaign/campaign-fixtures";
import { answeredIvrCall, IvrCall, ivrSpec } from "./ivr-call";

const CAMPAIGN_ID = "camp-1";
const reminderCall = () =>
  answeredIvrCall(
    ivrSpec({}, { kind: "dialer", dialer: { campaignId: CAMPAIGN_ID, eligibleAgentUserIds: [], voicemailScript: "Call us back.", safeHarborMessage: "This is Acme.", debtIds: [] } }),
  );
const reported = (call: IvrCall): IvrProgress[] => call.ports.campaignCalls.flatMap((c) => ("ivr" in c ? [c.ivr] : []));

describe("a reminder call's IVR progress, as its campaign hears it", () => {
  it("reports the menu, the payment step, the link requested, texted and paid with the new balance, each newer than the last, and never the keys", async () => {
    const call = await reminderCall();
    await call.press("1");
    await call.press("2");
    await call.press("15000#");
    await call.linkSent("ivr-pay-1");
    await call.paid("ivr-pay-1", 15_000, 69_216);

    const reports = reported(call);
    expect(reports.map((r) => [r.step, r.payment?.status ?? null])).toEqual([
      ["menu", null],
      // Choosing the amount (1, then 2), then keying it: no payment yet.
      ["paying", null],
      ["paying", null],
      ["paying", "link_requested"],
      ["paying", "link_sent"],
      ["menu", "paid"],
    ]);
    expect(reports.at(-1)!.payment).toEqual({ status: "paid", amountCents: 15_000, balanceAfterCents: 69_216 });
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.order).toBeGreaterThan(reports[i - 1]!.order);
    // The amount is known only as the cents it was read as; no report carries the keys themselves.
    expect(JSON.stringify(reports)).not.toMatch(/15000#|"digits"/);
  });

  it("a link that failed, and a payment that lands after the hold gave up, are reported too", async () => {
    const failed = await reminderCall();
    await failed.press("1");
    await failed.press("1");
    await failed.linkFailed("ivr-pay-1");
    expect(reported(failed).at(-1)).toMatchObject({ step: "menu", payment: { status: "link_failed", amountCents: 84_216 } });

    const late = await reminderCall();
    await late.press("1");
    await late.press("1");
    late.clock.nowMs += 301_000;
    await late.settle();
    const timedOut = ivrProgressOf(late.spec.ivr!, late.events);
    expect(timedOut).toMatchObject({ step: "goodbye", payment: { status: "timed_out" } });
    late.clock.nowMs += 60_000;
    await late.paid("ivr-pay-1", 84_216, 0);
    const paidLate = ivrProgressOf(late.spec.ivr!, late.events);
    expect(paidLate.payment).toEqual({ status: "paid", amountCents: 84_216, balanceAfterCents: 0 });
    expect(paidLate.order).toBeGreaterThan(timedOut.order);
  });

  it("an inbound IVR call has no campaign to tell", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    expect(reported(call)).toEqual([]);
  });
});

describe("the call's own view (the agent's live call card)", () => {
  const viewOf = (call: IvrCall) => toCallView(call.spec, foldCall(call.spec, call.events), foldSupervision(call.events), "agent", { ivr: ivrCallView(call.spec, call.events) });

  it("carries the inbound caller's IVR step and payment status as they change, never the keys", async () => {
    const call = await answeredIvrCall();
    expect(viewOf(call).ivr).toEqual({ step: "menu", payment: null });
    await call.press("1");
    await call.press("2");
    await call.press("15000#");
    await call.linkSent("ivr-pay-1");
    expect(viewOf(call).ivr).toEqual({ step: "paying", payment: { status: "link_sent", amountCents: 15_000, balanceAfterCents: null } });
    await call.paid("ivr-pay-1", 15_000, 69_216);
    const view = viewOf(call);
    expect(ivrProgressText(view.ivr!)).toEqual({ step: "In the menu", payment: "Paid $150.00 (balance $692.16)" });
    // The amount is there only as the cents it was read as; nothing in the view carries the keys.
    expect(JSON.stringify(view)).not.toMatch(/15000#|"digits"/);
  });

  it("is absent from a call that never went through the IVR", () => {
    const call = new IvrCall(ivrSpec({}, { kind: "bridge", direction: "outbound", inbound: null }));
    expect(ivrCallView(call.spec, [])).toBeNull();
    expect(viewOf(call).ivr).toBeUndefined();
  });
});

describe("the campaign room's live calls", () => {
  it("keep each call's newest IVR report (a late older one changes nothing) and show its step and payment", async () => {
    const store = await openCampaignStore();
    const call = await reminderCall();
    await call.press("1");
    await call.press("1");
    await call.linkSent("ivr-pay-1");
    await call.paid("ivr-pay-1", 84_216, 0);
    const reports = reported(call);
    store.calls.add({ callId: call.spec.id, accountId: "acct-1", phone: "+15550140001", phase: "connected", sinceMs: NOW, dialedAtMs: NOW, agentUserId: null }, call.spec);
    expect(campaignSnapshot(store, NOW)!.calls[0]!.ivr).toBeNull();
    expect(showsIvrColumn(campaignSnapshot(store, NOW)!.calls)).toBe(false);

    const linkSent = reports.find((r) => r.payment?.status === "link_sent")!;
    expect(store.calls.setIvr(call.spec.id, linkSent)).toBe(true);
    expect(liveCallIvrCell(campaignSnapshot(store, NOW)!.calls[0]!)).toEqual({ step: "Paying", payment: "Link for $842.16 texted, waiting for payment", paid: false });

    const paid = reports.at(-1)!;
    expect(store.calls.setIvr(call.spec.id, paid)).toBe(true);
    // Delivered late, or twice: the room keeps the payment.
    expect(store.calls.setIvr(call.spec.id, linkSent)).toBe(false);
    expect(store.calls.setIvr(call.spec.id, paid)).toBe(false);
    const calls = campaignSnapshot(store, NOW)!.calls;
    expect(showsIvrColumn(calls)).toBe(true);
    expect(liveCallIvrCell(calls[0]!)).toEqual({ step: "In the menu", payment: "Paid $842.16 (balance $0.00)", paid: true });
    // A call the room does not hold (ended, or another campaign's) is not added by a report.
    expect(store.calls.setIvr("no-such-call", paid)).toBe(false);
  });
});
