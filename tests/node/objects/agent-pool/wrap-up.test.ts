// Wrap-up rules as pure functions (objects/agent-pool/wrap-up.ts): the call's policy sets
// the time, a save ends it, one extension, and an owed disposition keeps the agent out of
// the dialer's reach when the time runs out.
import { describe, expect, it } from "vitest";
import { campaignWrapUpPolicy, DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, ordinaryCallWrapUp, type WrapUpPolicy } from "../../../../domain/wrap-up";
import { choosePresence, pickLongestIdle, startCall, type PresenceRecord } from "../../../../objects/agent-pool/presence";
import {
  endCall,
  extendWrapUp,
  extensionAvailableSeconds,
  finishWrapUpIfDue,
  isOverdue,
  owesDisposition,
  saveDisposition,
  wrapUpTimerMs,
} from "../../../../objects/agent-pool/wrap-up";

const available = (since: number): PresenceRecord => ({ status: "available", statusSince: since, callId: null, wrapUpEndsAt: null, offer: null, wrapUp: null });
/** A campaign's policy: 30 s from the organisation unless given, ended by a save, a disposition owed. */
const campaign = (overrides: Partial<WrapUpPolicy> = {}): WrapUpPolicy => ({ ...campaignWrapUpPolicy(DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, 30), ...overrides });
/** The agent's call c1 ended at 60 s under `policy`. */
const wrappingUp = (policy: WrapUpPolicy) => endCall(startCall(available(0), "c1", 1_000), "c1", 60_000, policy);

describe("a campaign's wrap-up policy", () => {
  it("takes the campaign's own time, or the organisation's when it sets none", () => {
    const settings = { ...DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, wrapUpExtensionSeconds: 20 };
    expect(campaignWrapUpPolicy(settings, 45)).toEqual({ seconds: 45, endOnSave: true, extensionSeconds: 20, dispositionRequired: true });
    expect(campaignWrapUpPolicy({ ...settings, wrapUpSeconds: 60 }, 45).seconds).toBe(60);
    expect(campaignWrapUpPolicy({ ...settings, wrapUpSeconds: 0 }, 45).seconds).toBe(0);
  });
});

describe("wrap-up time", () => {
  it("lasts the call's policy: 60 s keeps the agent wrapping up past 30 s", () => {
    const wrapping = wrappingUp(campaign({ seconds: 60, dispositionRequired: false }));
    expect(wrapping).toMatchObject({ status: "wrap_up", statusSince: 60_000, callId: "c1", wrapUpEndsAt: 120_000 });
    expect(finishWrapUpIfDue(wrapping, 60_000 + 30_001)).toBe(wrapping);
    expect(wrapUpTimerMs(wrapping)).toBe(120_000);
    expect(finishWrapUpIfDue(wrapping, 120_000)).toEqual(available(120_000));
  });

  it("0 s and nothing owed makes the agent available the moment the call ends", () => {
    expect(wrappingUp(ordinaryCallWrapUp(0))).toEqual(available(60_000));
  });

  it("0 s with a disposition owed is overdue at once: the agent waits for the save, not for a timer", () => {
    const wrapping = wrappingUp(campaign({ seconds: 0 }));
    expect(wrapping.status).toBe("wrap_up");
    expect(isOverdue(wrapping, 60_000)).toBe(true);
    expect(wrapUpTimerMs(wrapping)).toBeNull();
  });
});

describe("saving the disposition", () => {
  it("ends wrap-up at once when the policy says a save does", () => {
    const wrapping = wrappingUp(campaign());
    expect(saveDisposition(wrapping, "c1", 65_000)).toEqual(available(65_000));
  });

  it("ends an ordinary call's wrap-up at once too", () => {
    expect(saveDisposition(wrappingUp(ordinaryCallWrapUp()), "c1", 61_000)).toEqual(available(61_000));
  });

  it("with endOnSave off, lets the time run but no longer owes anything", () => {
    const wrapping = wrappingUp(campaign({ endOnSave: false }));
    const saved = saveDisposition(wrapping, "c1", 65_000);
    expect(saved).toMatchObject({ status: "wrap_up", wrapUpEndsAt: 90_000 });
    expect(owesDisposition(saved)).toBe(false);
    expect(finishWrapUpIfDue(saved, 90_000)).toEqual(available(90_000));
  });

  it("saved during the call: the wrap-up that follows runs its time and owes nothing", () => {
    const onCall = saveDisposition(startCall(available(0), "c1", 1_000), "c1", 30_000);
    expect(onCall.status).toBe("on_call");
    const wrapping = endCall(onCall, "c1", 60_000, campaign());
    expect(owesDisposition(wrapping)).toBe(false);
    expect(finishWrapUpIfDue(wrapping, 90_000)).toEqual(available(90_000));
  });

  it("of another call changes nothing", () => {
    const wrapping = wrappingUp(campaign());
    expect(saveDisposition(wrapping, "c2", 65_000)).toBe(wrapping);
    expect(saveDisposition(available(5), "c1", 65_000)).toEqual(available(5));
  });
});

describe("an owed disposition when the time runs out", () => {
  const overdue = () => {
    const wrapping = wrappingUp(campaign());
    return { wrapping, after: finishWrapUpIfDue(wrapping, 95_000) };
  };

  it("keeps the agent in wrap-up, overdue, with no timer left", () => {
    const { wrapping, after } = overdue();
    expect(after).toBe(wrapping);
    expect(isOverdue(after, 95_000)).toBe(true);
    expect(wrapUpTimerMs(after)).toBeNull();
  });

  it("never offers them the next call: the longest idle is someone else, or nobody", () => {
    const { after } = overdue();
    expect(pickLongestIdle([{ userId: "ann", presence: after }])).toBeNull();
    expect(pickLongestIdle([{ userId: "ann", presence: after }, { userId: "bob", presence: available(94_000) }])).toBe("bob");
  });

  it("refuses available or break until the save, but lets them log off", () => {
    const { after } = overdue();
    expect(choosePresence(after, "agent", "available", 96_000)).toMatchObject({ ok: false, code: "disposition_required" });
    expect(choosePresence(after, "agent", "break", 96_000)).toMatchObject({ ok: false, code: "disposition_required" });
    expect(choosePresence(after, "agent", "offline", 96_000)).toMatchObject({ ok: true, changed: true, record: { status: "offline" } });
  });

  it("the save makes them available, even when the policy keeps the time after a save", () => {
    const wrapping = wrappingUp(campaign({ endOnSave: false }));
    expect(saveDisposition(finishWrapUpIfDue(wrapping, 95_000), "c1", 100_000)).toEqual(available(100_000));
  });
});

describe("I need more time", () => {
  it("adds the extension once; a second ask is refused with a clear error", () => {
    const wrapping = wrappingUp(campaign({ extensionSeconds: 45 }));
    expect(extensionAvailableSeconds(wrapping)).toBe(45);
    const first = extendWrapUp(wrapping, 70_000);
    expect(first).toMatchObject({ ok: true, record: { status: "wrap_up", wrapUpEndsAt: 135_000 } });
    if (!first.ok) throw new Error("extension refused");
    expect(extensionAvailableSeconds(first.record)).toBe(0);
    expect(extendWrapUp(first.record, 80_000)).toEqual({ ok: false, code: "extension_used", message: "You already took your extra wrap-up time for this call" });
  });

  it("asked when already overdue, counts from now", () => {
    const wrapping = wrappingUp(campaign({ extensionSeconds: 20 }));
    expect(extendWrapUp(wrapping, 100_000)).toMatchObject({ ok: true, record: { wrapUpEndsAt: 120_000 } });
  });

  it("is refused when the policy allows none, or the agent is not wrapping up", () => {
    expect(extendWrapUp(wrappingUp(campaign()), 70_000)).toMatchObject({ ok: false, code: "extension_not_allowed" });
    expect(extendWrapUp(available(0), 70_000)).toMatchObject({ ok: false, code: "not_wrapping_up" });
  });
});
