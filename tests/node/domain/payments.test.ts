// The arithmetic of the ledger and the link's life: reversals never exceed what was paid,
// arrive in any order or twice with the same result; a link never lives under Stripe's
// 30 minutes or over its 24 hours.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDispute,
  applyRefundTotal,
  MAX_PAYMENT_LINK_SECONDS,
  MIN_PAYMENT_LINK_SECONDS,
  paymentLinkExpiresAt,
  paymentStatusOf,
  type Reversals,
} from "../../../domain/payments";

const paid = (amountCents: number): Reversals => ({ amountCents, refundedCents: 0, disputedCents: 0 });

describe("refunds and disputes", () => {
  it("a refund total takes back what it adds; the same total again adds nothing", () => {
    const first = applyRefundTotal(paid(10_000), 4_000);
    expect(first).toEqual({ next: { amountCents: 10_000, refundedCents: 4_000, disputedCents: 0 }, balanceDeltaCents: 4_000 });
    expect(applyRefundTotal(first.next, 4_000).balanceDeltaCents).toBe(0);
    expect(paymentStatusOf(first.next)).toBe("partially_refunded");
    const full = applyRefundTotal(first.next, 10_000);
    expect(full.balanceDeltaCents).toBe(6_000);
    expect(paymentStatusOf(full.next)).toBe("refunded");
  });

  it("a late, smaller refund total (an older event) changes nothing", () => {
    const later = applyRefundTotal(paid(10_000), 7_000).next;
    expect(applyRefundTotal(later, 3_000)).toEqual({ next: later, balanceDeltaCents: 0 });
  });

  it("a dispute takes back what is not refunded, once", () => {
    const refunded = applyRefundTotal(paid(10_000), 2_500).next;
    const disputed = applyDispute(refunded, 10_000);
    expect(disputed.balanceDeltaCents).toBe(7_500);
    expect(paymentStatusOf(disputed.next)).toBe("disputed");
    expect(applyDispute(disputed.next, 10_000).balanceDeltaCents).toBe(0);
    expect(applyRefundTotal(disputed.next, 10_000).balanceDeltaCents).toBe(0);
  });

  it("any sequence of refund totals and disputes, in any order and repeated, never takes back more than was paid, and the last state does not depend on repeats", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("refund" as const), cents: fc.integer({ min: 0, max: 20_000 }) }),
      fc.record({ kind: fc.constant("dispute" as const), cents: fc.integer({ min: 0, max: 20_000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 15_000 }), fc.array(step, { maxLength: 12 }), (amount, steps) => {
        const run = (list: typeof steps) => {
          let state = paid(amount);
          let taken = 0;
          for (const s of list) {
            const result = s.kind === "refund" ? applyRefundTotal(state, s.cents) : applyDispute(state, s.cents);
            expect(result.balanceDeltaCents).toBeGreaterThanOrEqual(0);
            taken += result.balanceDeltaCents;
            state = result.next;
          }
          return { state, taken };
        };
        const once = run(steps);
        expect(once.taken).toBe(once.state.refundedCents + once.state.disputedCents);
        expect(once.taken).toBeLessThanOrEqual(amount);
        const twice = run(steps.flatMap((s) => [s, s]));
        expect(twice).toEqual(once);
      }),
    );
  });
});

describe("how long a payment link lives", () => {
  const now = Date.UTC(2026, 11, 5, 18, 0, 0);
  const nowS = now / 1000;

  it("defaults to Stripe's 24 hours less a minute for clocks, and never under 30 minutes", () => {
    expect(paymentLinkExpiresAt(now, 86_400)).toBe(nowS + MAX_PAYMENT_LINK_SECONDS - 60);
    expect(paymentLinkExpiresAt(now, 3_600)).toBe(nowS + 3_600);
    expect(paymentLinkExpiresAt(now, 60)).toBe(nowS + MIN_PAYMENT_LINK_SECONDS);
    expect(paymentLinkExpiresAt(now, 7 * 86_400)).toBe(nowS + MAX_PAYMENT_LINK_SECONDS - 60);
    expect(paymentLinkExpiresAt(now, Number.NaN)).toBe(nowS + MAX_PAYMENT_LINK_SECONDS - 60);
  });
});
