import { describe, expect, it } from "vitest";
import { DISPOSITIONS } from "../../../domain/dispositions";
import {
  buildCallUpdate,
  digitForDisposition,
  dispositionForDigit,
  draftFrom,
  earliestPromiseDate,
  localDateTimeText,
  parseAmountCents,
  parseLocalDateTime,
  validateDetails,
  type DispositionDraft,
} from "../../../ui/src/lib/disposition-details";

// Local clock, like the browser's: 4 May 2026, 14:30.
const NOW = new Date(2026, 4, 4, 14, 30);
const blank = draftFrom({ notes: "", disposition: null, dispositionDetails: null });
const draft = (extra: Partial<DispositionDraft>): DispositionDraft => ({ ...blank, ...extra });

describe("digit shortcuts", () => {
  it("1–8 pick the dispositions in the protocol's order, and back", () => {
    expect(DISPOSITIONS.map((_, i) => dispositionForDigit(String(i + 1)))).toEqual([...DISPOSITIONS]);
    expect(dispositionForDigit("1")).toBe("promise_to_pay");
    expect(dispositionForDigit("3")).toBe("callback");
    expect(dispositionForDigit("9")).toBeNull();
    expect(dispositionForDigit("0")).toBeNull();
    expect(dispositionForDigit("a")).toBeNull();
    expect(DISPOSITIONS.map(digitForDisposition)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  });
});

describe("amounts", () => {
  it("read dollars as typed into cents", () => {
    expect(parseAmountCents("150")).toBe(15_000);
    expect(parseAmountCents("150.5")).toBe(15_050);
    expect(parseAmountCents(" $1,234.56 ")).toBe(123_456);
    expect(parseAmountCents("0")).toBe(0);
    expect(parseAmountCents("1.234")).toBeNull();
    expect(parseAmountCents("-5")).toBeNull();
    expect(parseAmountCents("ten")).toBeNull();
    expect(parseAmountCents("1,23")).toBeNull();
  });
});

describe("a promise to pay", () => {
  it("needs a date after today and an amount over zero", () => {
    expect(validateDetails(draft({ disposition: "promise_to_pay" }), NOW)).toEqual({
      ok: false,
      errors: { promiseDate: "Enter the date they promised to pay.", promiseAmount: "Enter the amount they promised." },
    });
    const today = validateDetails(draft({ disposition: "promise_to_pay", promiseDate: "2026-05-04", promiseAmount: "0" }), NOW);
    expect(today).toEqual({ ok: false, errors: { promiseDate: "The promise date must be in the future.", promiseAmount: "The amount must be more than 0." } });
    expect(validateDetails(draft({ disposition: "promise_to_pay", promiseDate: "2026-02-30", promiseAmount: "5" }), NOW)).toMatchObject({
      ok: false,
      errors: { promiseDate: "Enter a real date." },
    });
    expect(earliestPromiseDate(NOW)).toBe("2026-05-05");
  });

  it("is sent as a local date and cents", () => {
    const update = buildCallUpdate(draft({ disposition: "promise_to_pay", promiseDate: "2026-05-05", promiseAmount: "150.25", notes: "Plan agreed" }), blank, NOW);
    expect(update).toEqual({
      ok: true,
      body: { notes: "Plan agreed", disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-05-05", promiseAmountCents: 15_025 } },
    });
  });
});

describe("a callback", () => {
  it("needs a time in the future", () => {
    expect(validateDetails(draft({ disposition: "callback" }), NOW)).toEqual({ ok: false, errors: { callbackAt: "Enter when to call back." } });
    expect(validateDetails(draft({ disposition: "callback", callbackAt: "2026-05-04T14:30" }), NOW)).toEqual({
      ok: false,
      errors: { callbackAt: "The callback time must be in the future." },
    });
    expect(validateDetails(draft({ disposition: "callback", callbackAt: "tomorrow" }), NOW)).toMatchObject({ ok: false, errors: { callbackAt: "Enter a real date and time." } });
  });

  it("is sent as an ISO instant of the local time picked", () => {
    const update = buildCallUpdate(draft({ disposition: "callback", callbackAt: "2026-05-05T09:15" }), blank, NOW);
    expect(update).toEqual({ ok: true, body: { notes: "", disposition: "callback", dispositionDetails: { callbackAt: new Date(2026, 4, 5, 9, 15).toISOString() } } });
  });

  it("round-trips through the form's local time text", () => {
    const at = new Date(2026, 4, 5, 9, 15);
    expect(localDateTimeText(at)).toBe("2026-05-05T09:15");
    expect(parseLocalDateTime("2026-05-05T09:15")?.getTime()).toBe(at.getTime());
    expect(draftFrom({ notes: "", disposition: "callback", dispositionDetails: { callbackAt: at.toISOString() } }).callbackAt).toBe("2026-05-05T09:15");
  });
});

describe("the form on a call's page", () => {
  it("starts from every stored detail of the call as GET /api/calls/:id gives it", () => {
    const stored = { id: "c1", notes: "Will pay", disposition: "promise_to_pay" as const, dispositionDetails: { promiseDate: "2026-06-01", promiseAmountCents: 12_345 }, annotationVersion: 3 };
    expect(draftFrom(stored)).toEqual({ disposition: "promise_to_pay", promiseDate: "2026-06-01", promiseAmount: "123.45", callbackAt: "", notes: "Will pay" });
  });

  it("re-saving only the notes leaves the stored date and amount out of the body", () => {
    const saved = draftFrom({ notes: "Will pay", disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-06-01", promiseAmountCents: 12_345 } });
    expect(buildCallUpdate({ ...saved, notes: "Will pay on the 1st" }, saved, NOW)).toEqual({ ok: true, body: { notes: "Will pay on the 1st" } });
  });
});

describe("the PATCH body", () => {
  it("carries a disposition without details as is", () => {
    expect(buildCallUpdate(draft({ disposition: "wrong_number", notes: "Not him" }), blank, NOW)).toEqual({
      ok: true,
      body: { notes: "Not him", disposition: "wrong_number" },
    });
  });

  it("sends only the notes when the disposition and its details did not change", () => {
    // A promise saved last week: editing the notes must not demand a new date.
    const saved = draftFrom({ notes: "old", disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-04-28", promiseAmountCents: 5000 } });
    expect(saved.promiseAmount).toBe("50.00");
    expect(buildCallUpdate({ ...saved, notes: "old, and they called back" }, saved, NOW)).toEqual({ ok: true, body: { notes: "old, and they called back" } });
    // A promise stored without details (before they were required): the same holds.
    const unknown = draftFrom({ notes: "", disposition: "promise_to_pay", dispositionDetails: null });
    expect(buildCallUpdate({ ...unknown, notes: "x" }, unknown, NOW)).toEqual({ ok: true, body: { notes: "x" } });
  });

  it("checks and sends changed details even when the disposition stayed", () => {
    const saved = draftFrom({ notes: "", disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-05-10", promiseAmountCents: 5000 } });
    expect(buildCallUpdate({ ...saved, promiseAmount: "0" }, saved, NOW)).toMatchObject({ ok: false, errors: { promiseAmount: "The amount must be more than 0." } });
    expect(buildCallUpdate({ ...saved, promiseAmount: "75" }, saved, NOW)).toEqual({
      ok: true,
      body: { notes: "", disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-05-10", promiseAmountCents: 7500 } },
    });
  });

  it("clears a disposition with null", () => {
    const saved = draftFrom({ notes: "", disposition: "refused", dispositionDetails: null });
    expect(buildCallUpdate({ ...saved, disposition: null }, saved, NOW)).toEqual({ ok: true, body: { notes: "", disposition: null } });
  });
});
