// Plans as the engine reads them: the plan in force from a subscription's status, what a
// refused feature or seat says and which plan it names, and which of two subscriptions an
// organisation keeps: the same answer whatever order Stripe's events come in.
import { describe, expect, it } from "vitest";
import {
  featureOfPacingMode,
  featureRefusal,
  planById,
  planInForce,
  PLANS,
  seatRefusal,
  subscriptionToKeep,
  planOfPrice,
  planPriceLookupKey,
  type KnownSubscription,
} from "../../../domain/billing-plans";

describe("the plan in force", () => {
  it("is Scale without a subscription, the subscription's plan while it lives (past_due too), and Starter once it ends", () => {
    expect(planInForce(null)).toMatchObject({ plan: { id: "scale" }, source: "unsubscribed" });
    for (const status of ["active", "trialing", "past_due"] as const) expect(planInForce({ plan: "growth", status }).plan.id).toBe("growth");
    for (const status of ["canceled", "unpaid", "incomplete", "incomplete_expired", "paused"] as const) {
      expect(planInForce({ plan: "scale", status })).toMatchObject({ plan: { id: "starter" }, source: "lapsed" });
    }
  });

  it("includes every feature of the plans below it, so 'or above' is true", () => {
    for (let i = 1; i < PLANS.length; i++) for (const feature of PLANS[i - 1]!.features) expect(PLANS[i]!.features).toContain(feature);
  });
});

describe("refusals", () => {
  it("name the feature, the cheapest plan with it and the plan the organisation is on", () => {
    expect(featureRefusal(planById("starter"), "predictive_dialer")).toEqual({
      message: "The predictive dialer needs the Growth plan or above; this organisation is on Starter",
      requiredPlan: "growth",
    });
    expect(featureRefusal(planById("growth"), "ai_agent")?.message).toBe("The AI voice agent needs the Scale plan; this organisation is on Growth");
    expect(featureRefusal(planById("growth"), "ivr_payments")).toBeNull();
  });

  it("count seats against the plan and name the plan with room", () => {
    expect(seatRefusal(planById("starter"), 5)).toBeNull();
    expect(seatRefusal(planById("starter"), 6)).toMatchObject({ requiredPlan: "growth", message: expect.stringContaining("this would make 6: the Growth plan has 25") });
    expect(seatRefusal(planById("scale"), 251)?.requiredPlan).toBeNull();
  });

  it("gate predictive pacing on the predictive dialer and payment reminders on IVR payments", () => {
    expect(featureOfPacingMode("predictive")).toBe("predictive_dialer");
    expect(featureOfPacingMode("payment_reminder")).toBe("ivr_payments");
    expect(featureOfPacingMode("ai_agent")).toBe("ai_agent");
    expect(featureOfPacingMode("progressive")).toBeNull();
    expect(featureOfPacingMode("preview")).toBeNull();
  });
});

describe("which subscription an organisation keeps", () => {
  const older: KnownSubscription = { subscriptionId: "sub_A", createdS: 1_000, status: "active" };
  const newer: KnownSubscription = { subscriptionId: "sub_B", createdS: 2_000, status: "active" };

  /** Folds what Stripe shows (each read when its event arrives) into the kept subscription. */
  function fold(seen: KnownSubscription[]): { kept: KnownSubscription | null; cancelled: string[] } {
    let kept: KnownSubscription | null = null;
    const cancelled: string[] = [];
    for (const s of seen) {
      const decision = subscriptionToKeep(kept, s);
      if (decision.keep === "seen") kept = s;
      if (decision.cancel) cancelled.push(decision.cancel);
    }
    return { kept, cancelled };
  }

  const permutations = <T>(items: T[]): T[][] => (items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])));

  it("keeps the newer of two live subscriptions in any order, and cancels the older", () => {
    for (const order of permutations([older, newer, older, newer])) {
      const { kept, cancelled } = fold(order);
      expect(kept?.subscriptionId).toBe("sub_B");
      expect(new Set(cancelled)).toEqual(new Set(["sub_A"]));
    }
  });

  it("in a tie on Stripe's second, keeps the one from the Checkout opened last, whichever id sorts higher", () => {
    for (const [first, second] of [["sub_A", "sub_B"], ["sub_B", "sub_A"]]) {
      const openedFirst: KnownSubscription = { subscriptionId: first!, createdS: 3_000, status: "active", checkoutOpenedAtMs: 1_000 };
      const openedLast: KnownSubscription = { subscriptionId: second!, createdS: 3_000, status: "active", checkoutOpenedAtMs: 2_000 };
      for (const order of permutations([openedFirst, openedLast, openedFirst])) {
        const { kept, cancelled } = fold(order);
        expect(kept?.subscriptionId).toBe(second);
        expect(new Set(cancelled)).toEqual(new Set([first]));
      }
    }
  });

  it("reads a plan from a price's lookup key, and nothing from another price", () => {
    expect(planOfPrice(planPriceLookupKey("growth"))).toBe("growth");
    expect(planOfPrice("word_is_bond_enterprise")).toBeNull();
    expect(planOfPrice(null)).toBeNull();
  });

  it("is not moved by the older subscription's end, however late it comes", () => {
    const olderEnded = { ...older, status: "canceled" as const };
    for (const order of permutations([older, newer, olderEnded])) expect(fold(order).kept).toEqual(newer);
  });

  it("takes the kept subscription's own latest state, an end included", () => {
    expect(fold([newer, { ...newer, status: "canceled" }]).kept?.status).toBe("canceled");
    expect(fold([{ ...newer, status: "past_due" }, newer]).kept?.status).toBe("active");
  });

  it("breaks a tie in creation time by id, the same way whichever comes first", () => {
    const twin = { ...newer, subscriptionId: "sub_C", createdS: newer.createdS };
    expect(fold([newer, twin]).kept?.subscriptionId).toBe("sub_C");
    expect(fold([twin, newer]).kept?.subscriptionId).toBe("sub_C");
  });
});
