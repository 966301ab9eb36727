// GET /api/payments' query and the refund's amount, without I/O: a cursor survives the
// round trip and a foreign one is refused by name, dates run to the next midnight, and
// a refund is the rest when no amount is given, never more than is left.
import { describe, expect, it } from "vitest";
import { dayAfter } from "../../../worker/analytics/period";
import { decodePaymentCursor, encodePaymentCursor, paymentListQuery, refundableCents, refundAmount } from "../../../worker/payments/payment-list-query";

describe("the payments cursor", () => {
  it("names the last row exactly and is URL-safe", () => {
    const cursor = { paidAtIso: "2026-12-05T14:30:00.123Z", id: "7d3f5a52-4f0e-4c8e-9a51-2f1b6c0d9e11" };
    const text = encodePaymentCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePaymentCursor(text)).toEqual(cursor);
  });

  it("refuses what this list did not give, naming the cursor", () => {
    for (const bad of ["not-ours", encodePaymentCursor({ paidAtIso: "yesterday", id: "x" }), btoa("[1,2]")]) {
      const parsed = paymentListQuery.safeParse({ cursor: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(["cursor"]);
    }
  });
});

describe("the query", () => {
  it("takes dates of the calendar, refuses a range that runs backwards (naming to) and an unknown status", () => {
    expect(paymentListQuery.parse({ from: "2026-12-01", to: "2026-12-01" })).toMatchObject({ limit: 50 });
    expect(paymentListQuery.safeParse({ from: "2026-12-03", to: "2026-12-01" }).error!.issues[0]!.path).toEqual(["to"]);
    expect(paymentListQuery.safeParse({ status: "paid" }).error!.issues[0]!.path).toEqual(["status"]);
    expect(paymentListQuery.safeParse({ limit: "201" }).error!.issues[0]!.path).toEqual(["limit"]);
    expect(dayAfter("2026-12-31")).toBe("2027-01-01");
    expect(dayAfter("2028-02-28")).toBe("2028-02-29");
  });
});

describe("a refund's amount", () => {
  it("is the rest when none is given, at most what is left, and nothing once all is taken back", () => {
    const left = refundableCents({ amountCents: 15_000, refundedCents: 5_000, disputedCents: 0 });
    expect(left).toBe(10_000);
    expect(refundAmount(undefined, left)).toEqual({ ok: true, amountCents: 10_000 });
    expect(refundAmount(2_500, left)).toEqual({ ok: true, amountCents: 2_500 });
    expect(refundAmount(10_001, left)).toEqual({ ok: false, message: "at most what is left to refund (10000 cents)" });
    expect(refundAmount(undefined, refundableCents({ amountCents: 1_000, refundedCents: 400, disputedCents: 600 }))).toMatchObject({ ok: false });
  });
});
