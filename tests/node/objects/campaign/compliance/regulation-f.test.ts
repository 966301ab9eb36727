import { describe, expect, it } from "vitest";
import { checkDial, pruneHistory } from "../../../../../objects/campaign/compliance";
import { at, attempt, conversation, EMPTY_HISTORY, history, request } from "./fixtures";

const dial = request();
const pad = (n: number) => String(n).padStart(2, "0");
// 2026-11-23 is a Monday; New York is on EST (−05:00) all that week.
const oneAttemptADay = ["23", "24", "25", "26", "27", "28", "29"].map((day) => attempt(`2026-11-${day}T10:00-05:00`));

describe("Regulation F 7-in-7: at most 7 attempts per debt in 7 consecutive days", () => {
  it("the 7th attempt in a week is allowed", () => {
    const six = history({ attempts: oneAttemptADay.slice(0, 6) });
    expect(checkDial(dial, six, at("2026-11-29T10:00-05:00"))).toEqual({ allowed: true });
  });

  it("the 8th is refused, next eligible exactly when the oldest attempt leaves the window", () => {
    const seven = history({ attempts: oneAttemptADay });
    const decision = checkDial(dial, seven, at("2026-11-29T15:00-05:00"));
    expect(decision).toEqual({
      allowed: false,
      reason: "reg_f_7_in_7",
      // Monday the 23rd leaves the run Mon 23…Sun 29 at midnight; 08:00 is the first callable minute.
      nextEligibleAt: at("2026-11-30T08:00-05:00"),
      explanation: "skipped: 7-in-7 (7 attempts on debt D-1 since 2026-11-23), next eligible 2026-11-30 08:00 EST",
      blockedBy: ["reg_f_7_in_7"],
    });
    expect(checkDial(dial, seven, at("2026-11-30T08:00-05:00"))).toEqual({ allowed: true });
  });

  it("seven attempts on one day block the next six days, then free the 8th day", () => {
    const burst = history({ attempts: [9, 10, 11, 12, 13, 14, 15].map((hour) => attempt(`2026-11-23T${pad(hour)}:00-05:00`)) });
    expect(checkDial(dial, burst, at("2026-11-23T16:00-05:00"))).toMatchObject({ nextEligibleAt: at("2026-11-30T08:00-05:00") });
    expect(checkDial(dial, burst, at("2026-11-29T20:59-05:00"))).toMatchObject({ reason: "reg_f_7_in_7" });
    expect(checkDial(dial, burst, at("2026-11-30T08:00-05:00"))).toEqual({ allowed: true });
  });

  it("the window slides by day: the count falls below 7 when the oldest day's attempts leave", () => {
    const attempts = [
      ...[9, 10, 11].map((hour) => attempt(`2026-11-25T${pad(hour)}:00-05:00`)), // Wed
      ...[9, 10, 11, 12].map((hour) => attempt(`2026-11-26T${pad(hour)}:00-05:00`)), // Thu
    ];
    expect(checkDial(dial, history({ attempts }), at("2026-11-27T10:00-05:00"))).toMatchObject({
      reason: "reg_f_7_in_7",
      nextEligibleAt: at("2026-12-02T08:00-05:00"),
    });
  });

  it("counts calendar days on the consumer's clock, not 168 hours: a week across fall-back still frees the 8th day at 08:00", () => {
    const lateMonday = history({ attempts: [0, 1, 2, 3, 4, 5, 6].map((n) => attempt(`2026-10-26T20:${pad(30 + n)}-04:00`)) });
    expect(checkDial(dial, lateMonday, at("2026-10-27T09:00-04:00"))).toMatchObject({
      reason: "reg_f_7_in_7",
      nextEligibleAt: at("2026-11-02T08:00-05:00"),
      explanation: expect.stringContaining("next eligible 2026-11-02 08:00 EST"),
    });
  });

  it("attempts about other debts do not count; attempts from other campaigns about this debt do", () => {
    const otherDebt = history({ attempts: oneAttemptADay.map((a) => ({ ...a, debtIds: ["D-9"] })) });
    expect(checkDial(dial, otherDebt, at("2026-11-29T15:00-05:00"))).toEqual({ allowed: true });
    const otherCampaign = history({ attempts: oneAttemptADay.map((a) => ({ ...a, campaignId: "camp-2" })), campaignAttemptCount: 0 });
    expect(checkDial(dial, otherCampaign, at("2026-11-29T15:00-05:00"))).toMatchObject({ reason: "reg_f_7_in_7" });
  });

  it("an account's dial concerns all its debts: one debt at its limit blocks the dial", () => {
    const twoDebts = request({ debtIds: ["D-1", "D-2"] });
    const limitOnSecond = history({ attempts: oneAttemptADay.map((a) => ({ ...a, debtIds: ["D-2"] })) });
    expect(checkDial(twoDebts, limitOnSecond, at("2026-11-29T15:00-05:00"))).toMatchObject({
      reason: "reg_f_7_in_7",
      explanation: expect.stringContaining("debt D-2"),
    });
  });

  it("a call without debts (a sales call) is outside Regulation F", () => {
    const sales = request({ debtIds: [] });
    const many = history({ attempts: [9, 10, 11, 12, 13, 14, 15, 16].map((hour) => attempt(`2026-11-23T${pad(hour)}:00-05:00`, [])) });
    expect(checkDial(sales, many, at("2026-11-23T17:00-05:00"))).toEqual({ allowed: true });
  });
});

describe("Regulation F: no call within 7 days after a conversation about the debt", () => {
  const talkedMonday = history({ attempts: [attempt("2026-11-23T14:00-05:00")], conversations: [conversation("2026-11-23T14:01-05:00")] });

  it("a Monday conversation blocks through Sunday; the next Monday (day 8) is free from 08:00", () => {
    for (const iso of ["2026-11-23T18:00-05:00", "2026-11-24T09:00-05:00", "2026-11-29T20:59-05:00"]) {
      expect(checkDial(dial, talkedMonday, at(iso))).toMatchObject({
        reason: "reg_f_after_conversation",
        nextEligibleAt: at("2026-11-30T08:00-05:00"),
      });
    }
    expect(checkDial(dial, talkedMonday, at("2026-11-24T09:00-05:00"))).toMatchObject({
      explanation: "skipped: 7 days after a conversation (conversation about debt D-1 on 2026-11-23), next eligible 2026-11-30 08:00 EST",
    });
    expect(checkDial(dial, talkedMonday, at("2026-11-30T08:00-05:00"))).toEqual({ allowed: true });
  });

  it("a later conversation (the consumer called back on Thursday) restarts the quiet period", () => {
    const talkedAgain = history({ ...talkedMonday, conversations: [...talkedMonday.conversations, conversation("2026-11-26T11:00-05:00")] });
    expect(checkDial(dial, talkedAgain, at("2026-11-30T08:00-05:00"))).toMatchObject({
      reason: "reg_f_after_conversation",
      nextEligibleAt: at("2026-12-03T08:00-05:00"),
    });
    expect(checkDial(dial, talkedAgain, at("2026-12-03T08:00-05:00"))).toEqual({ allowed: true });
  });

  it("a conversation about two debts blocks a call about either of them, and not about a third", () => {
    const aboutBoth = history({ conversations: [conversation("2026-11-23T14:00-05:00", ["D-1", "D-2"])] });
    for (const debtIds of [["D-1"], ["D-2"], ["D-2", "D-3"]]) {
      expect(checkDial(request({ debtIds }), aboutBoth, at("2026-11-25T10:00-05:00"))).toMatchObject({ reason: "reg_f_after_conversation" });
    }
    expect(checkDial(request({ debtIds: ["D-3"] }), aboutBoth, at("2026-11-25T10:00-05:00"))).toEqual({ allowed: true });
  });

  it("the quiet period counts days across the spring-forward change", () => {
    const talkedLate = history({ conversations: [conversation("2026-03-02T20:50-05:00")] });
    expect(checkDial(dial, talkedLate, at("2026-03-08T20:59-04:00"))).toMatchObject({
      reason: "reg_f_after_conversation",
      nextEligibleAt: at("2026-03-09T08:00-04:00"),
      explanation: expect.stringContaining("next eligible 2026-03-09 08:00 EDT"),
    });
  });
});

describe("a lead's history can be cut to the last 8 days", () => {
  it("pruning drops only what no longer matters", () => {
    const now = at("2026-11-30T08:00-05:00");
    const full = history({
      attempts: [attempt("2026-11-20T10:00-05:00"), ...oneAttemptADay],
      conversations: [conversation("2026-11-15T10:00-05:00"), conversation("2026-11-24T10:00-05:00")],
      campaignAttemptCount: 40,
    });
    const pruned = pruneHistory(full, now);
    expect(pruned.attempts).toHaveLength(7);
    expect(pruned.conversations).toHaveLength(1);
    expect(pruned.campaignAttemptCount).toBe(40);
    expect(checkDial(dial, pruned, now)).toEqual(checkDial(dial, full, now));
    expect(checkDial(dial, EMPTY_HISTORY, now)).toEqual({ allowed: true });
  });
});
