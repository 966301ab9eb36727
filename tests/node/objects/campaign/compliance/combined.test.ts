import { describe, expect, it } from "vitest";
import { checkDial, REFUSAL_REASONS } from "../../../../../objects/campaign/compliance";
import { at, attempt, conversation, history, request } from "./fixtures";

const pad = (n: number) => String(n).padStart(2, "0");
const sevenOnMonday = history({ attempts: [9, 10, 11, 12, 13, 14, 15].map((hour) => attempt(`2026-11-23T${pad(hour)}:00-05:00`)) });

describe("several rules at once", () => {
  it("reads the documented priority: standing refusals, Regulation F, the consumer's times, the clock", () => {
    expect(REFUSAL_REASONS).toEqual([
      "invalid_request",
      "dnc_account",
      "dnc_org",
      "dnc_campaign",
      "no_consent",
      "consent_unknown",
      "max_attempts",
      "unknown_time_zone",
      "reg_f_after_conversation",
      "reg_f_7_in_7",
      "inconvenient_time",
      "outside_calling_window",
    ]);
  });

  it("gives the brief's explanation for a 7-in-7 skip under a 09:00 campaign window", () => {
    const dial = request({ callingWindow: { from: "09:00", to: "20:00" } });
    expect(checkDial(dial, sevenOnMonday, at("2026-11-24T10:00-05:00"))).toMatchObject({
      explanation: "skipped: 7-in-7 (7 attempts on debt D-1 since 2026-11-23), next eligible 2026-11-30 09:00 EST",
    });
  });

  it("7-in-7, an inconvenient Monday morning and the campaign window give the earliest instant all allow", () => {
    const dial = request({
      callingWindow: { from: "09:00", to: "20:00" },
      inconvenientTimes: [{ kind: "weekly", day: "mon", from: "08:30", to: "10:15" }],
    });
    const decision = checkDial(dial, sevenOnMonday, at("2026-11-26T21:30-05:00"));
    expect(decision).toMatchObject({
      allowed: false,
      reason: "reg_f_7_in_7",
      nextEligibleAt: at("2026-11-30T10:15-05:00"),
      blockedBy: ["reg_f_7_in_7", "outside_calling_window"],
    });
  });

  it("each jump can land in another rule's block: conversation → holiday dates → lunch → evening → next morning", () => {
    const dial = request({
      inconvenientTimes: [
        { kind: "dates", fromDate: "2026-11-30", toDate: "2026-12-01" },
        { kind: "weekly", day: "wed", from: "00:00", to: "14:00" },
        { kind: "weekly", day: "wed", from: "14:00", to: "21:00" },
        { kind: "weekly", day: "thu", from: "07:00", to: "09:30" },
      ],
    });
    const talked = history({ conversations: [conversation("2026-11-23T14:00-05:00")] });
    expect(checkDial(dial, talked, at("2026-11-24T12:00-05:00"))).toMatchObject({
      reason: "reg_f_after_conversation",
      nextEligibleAt: at("2026-12-03T09:30-05:00"),
      explanation: expect.stringContaining("next eligible 2026-12-03 09:30 EST"),
    });
    expect(checkDial(dial, talked, at("2026-12-03T09:30-05:00"))).toEqual({ allowed: true });
    expect(checkDial(dial, talked, at("2026-12-03T09:29:59.999-05:00"))).toMatchObject({ reason: "inconvenient_time" });
  });

  it("a conversation and 7-in-7 together wait for the later of the two", () => {
    const both = history({ ...sevenOnMonday, conversations: [conversation("2026-11-25T10:00-05:00")] });
    expect(checkDial(request(), both, at("2026-11-26T10:00-05:00"))).toMatchObject({
      reason: "reg_f_after_conversation",
      nextEligibleAt: at("2026-12-02T08:00-05:00"),
      blockedBy: ["reg_f_after_conversation", "reg_f_7_in_7"],
    });
  });
});
