// The payments page's and the call card's money input and filters: dollars typed by a
// person become exact cents, never zero and never above the cap (what is left to refund,
// the balance due); filters survive the URL and unknown values fall away.
import { describe, expect, it } from "vitest";
import { centsFromDollars, paymentQuery, readPaymentFilters } from "../../../ui/src/lib/payments-view";

describe("an amount typed in dollars", () => {
  it("becomes exact cents, with or without a dollar sign, commas or cents", () => {
    expect(centsFromDollars("100", 48_050)).toEqual({ ok: true, cents: 10_000 });
    expect(centsFromDollars("$1.5", 48_050)).toEqual({ ok: true, cents: 150 });
    expect(centsFromDollars(" 480.50 ", 48_050)).toEqual({ ok: true, cents: 48_050 });
    expect(centsFromDollars("$1,025.07", 200_000)).toEqual({ ok: true, cents: 102_507 });
    // 0.29 * 100 is 28.999… in floating point: the cents are read as digits.
    expect(centsFromDollars("0.29", 100)).toEqual({ ok: true, cents: 29 });
  });

  it("is refused when zero, not a number, finer than a cent or above the cap", () => {
    expect(centsFromDollars("0.00", 100)).toMatchObject({ ok: false });
    expect(centsFromDollars("ten", 100)).toMatchObject({ ok: false });
    expect(centsFromDollars("1.005", 1_000)).toMatchObject({ ok: false });
    expect(centsFromDollars("-5", 1_000)).toMatchObject({ ok: false });
    expect(centsFromDollars("480.51", 48_050)).toEqual({ ok: false, message: "At most $480.50" });
  });
});

describe("the payments filters", () => {
  it("read from the URL keep known values only, and the query carries only those set", () => {
    const filters = readPaymentFilters(new URLSearchParams("status=refunded&source=phone&from=2026-12-01&to=soon"));
    expect(filters).toEqual({ status: "refunded", source: "", from: "2026-12-01", to: "" });
    expect(paymentQuery(filters)).toEqual({ status: "refunded", from: "2026-12-01" });
  });
});
