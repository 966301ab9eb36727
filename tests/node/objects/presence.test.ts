import { describe, expect, it } from "vitest";
import {
  afterLastConnectionClosed,
  choosePresence,
  initialPresence,
  endPreview,
  pickLongestIdle,
  startCall,
  startPreview,
  type PresenceRecord,
} from "../../../objects/agent-pool/presence";
import { endCall, finishWrapUpIfDue } from "../../../objects/agent-pool/wrap-up";
import { ordinaryCallWrapUp } from "../../../domain/wrap-up";

const at = (status: PresenceRecord["status"], statusSince: number, extra: Partial<PresenceRecord> = {}): PresenceRecord => ({
  status,
  statusSince,
  callId: null,
  wrapUpEndsAt: null,
  offer: null,
  wrapUp: null,
  ...extra,
});

describe("agent presence", () => {
  it("starts offline and moves to the chosen status with a new start time", () => {
    const change = choosePresence(initialPresence(1000), "agent", "available", 5000);
    expect(change).toEqual({ ok: true, changed: true, record: at("available", 5000) });
  });

  it("choosing the current status again keeps the original start time", () => {
    expect(choosePresence(at("break", 10), "agent", "break", 99)).toEqual({ ok: true, changed: false, record: at("break", 10) });
  });

  it("an agent on a call cannot click away from it", () => {
    expect(choosePresence(at("on_call", 10, { callId: "c1" }), "agent", "offline", 99)).toMatchObject({ ok: false, code: "busy_on_call" });
  });

  it("viewers cannot take calls", () => {
    expect(choosePresence(initialPresence(0), "viewer", "available", 1)).toMatchObject({ ok: false, code: "not_allowed" });
  });

  it("a call puts the agent on_call, its end starts a timed wrap-up, and the timer returns them to available", () => {
    const onCall = startCall(at("available", 0), "c1", 100);
    expect(onCall).toEqual(at("on_call", 100, { callId: "c1" }));
    const wrapping = endCall(onCall, "c1", 60_000, ordinaryCallWrapUp(30));
    expect(wrapping).toEqual(at("wrap_up", 60_000, { callId: "c1", wrapUpEndsAt: 90_000, wrapUp: { policy: ordinaryCallWrapUp(30), dispositionSaved: false, extended: false } }));
    expect(finishWrapUpIfDue(wrapping, 89_999)).toBe(wrapping);
    expect(finishWrapUpIfDue(wrapping, 95_000)).toEqual(at("available", 90_000));
  });

  it("the end of another call, or a repeated end, changes nothing", () => {
    const onCall = startCall(at("available", 0), "c1", 100);
    expect(endCall(onCall, "c2", 200, ordinaryCallWrapUp(30))).toBe(onCall);
    const wrapping = endCall(onCall, "c1", 300, ordinaryCallWrapUp(30));
    expect(endCall(wrapping, "c1", 400, ordinaryCallWrapUp(30))).toBe(wrapping);
  });

  it("an agent may end wrap-up early by choosing a status", () => {
    const wrapping = at("wrap_up", 10, { callId: "c1", wrapUpEndsAt: 40_010 });
    expect(choosePresence(wrapping, "agent", "available", 500)).toEqual({ ok: true, changed: true, record: at("available", 500) });
  });

  it("closing the last console takes an agent offline, but never ends a call", () => {
    expect(afterLastConnectionClosed(at("available", 1), 50)).toEqual(at("offline", 50));
    expect(afterLastConnectionClosed(at("wrap_up", 1, { callId: "c", wrapUpEndsAt: 9 }), 50)).toEqual(at("offline", 50));
    const onCall = at("on_call", 1, { callId: "c" });
    expect(afterLastConnectionClosed(onCall, 50)).toBe(onCall);
  });

  it("the next live call goes to the available agent idle longest", () => {
    const members = [
      { userId: "b", presence: at("available", 300) },
      { userId: "a", presence: at("available", 100) },
      { userId: "c", presence: at("wrap_up", 0) },
      { userId: "d", presence: at("on_call", 0, { callId: "x" }) },
    ];
    expect(pickLongestIdle(members)).toBe("a");
    expect(pickLongestIdle([{ userId: "z", presence: at("available", 5) }, { userId: "y", presence: at("available", 5) }])).toBe("y");
    expect(pickLongestIdle([{ userId: "c", presence: at("break", 0) }])).toBeNull();
  });

  it("a preview offer goes only to an available agent, and ends back in available (or break when ignored)", () => {
    const offer = { campaignId: "c1", campaignName: "C", accountId: "a1", accountName: "A", phone: "+15550100001", balanceDueCents: 100, offeredAt: 10, expiresAt: 310 };
    expect(startPreview(at("on_call", 0, { callId: "x" }), offer, 10)).toBeNull();
    expect(startPreview(at("break", 0), offer, 10)).toBeNull();
    const previewing = startPreview(at("available", 0), offer, 10)!;
    expect(previewing).toMatchObject({ status: "previewing", statusSince: 10, offer });
    // Nobody else's lead, and no other campaign's, ends it.
    expect(endPreview(previewing, "c1", "a2", "available", 20)).toBe(previewing);
    expect(endPreview(previewing, "c2", "a1", "available", 20)).toBe(previewing);
    expect(endPreview(previewing, "c1", "a1", "break", 20)).toMatchObject({ status: "break", offer: null });
    // Choosing available keeps the lead on screen; break, offline or a call end it.
    expect(choosePresence(previewing, "agent", "available", 20)).toMatchObject({ ok: true, changed: false });
    expect(choosePresence(previewing, "agent", "break", 20)).toMatchObject({ ok: true, record: { status: "break", offer: null } });
    expect(startCall(previewing, "call-1", 20)).toMatchObject({ status: "on_call", callId: "call-1", offer: null });
    expect(afterLastConnectionClosed(previewing, 20)).toMatchObject({ status: "offline", offer: null });
    expect(pickLongestIdle([{ userId: "p", presence: previewing }])).toBeNull();
  });
});
