// The engine is behind while a carrier event waits, or recently waited, a quarter second to
// be stored: placements are refused until then, with a Retry-After that says when to look again.
import { describe, expect, it } from "vitest";
import { BEHIND_AFTER_MS, EngineBacklogGauge, refusePlacementWhenBehind, SLOW_STORE_MEMORY_MS } from "../../../worker/calls/engine-backlog";
import { ApiError } from "../../../worker/http/errors";

function gaugeAt(startMs = 1_000) {
  const clock = { nowMs: startMs };
  return { clock, gauge: new EngineBacklogGauge(() => clock.nowMs) };
}

describe("the engine backlog gauge", () => {
  it("is not behind while webhooks are stored promptly, however many are in flight", () => {
    const { clock, gauge } = gaugeAt();
    const done = Array.from({ length: 50 }, () => gauge.webhookStarted());
    clock.nowMs += BEHIND_AFTER_MS - 1;
    expect(gauge.waiting).toBe(50);
    expect(gauge.read()).toEqual({ behind: false });
    for (const stored of done) stored();
    expect(gauge.waiting).toBe(0);
    expect(gauge.read()).toEqual({ behind: false });
  });

  it("is behind once a webhook has waited a quarter second, and says how long", () => {
    const { clock, gauge } = gaugeAt();
    gauge.webhookStarted();
    clock.nowMs += 700;
    expect(gauge.read()).toMatchObject({ behind: true, waitedMs: 700, retryAfterSeconds: 2, reason: "a carrier event has waited 700 ms to be stored" });
  });

  it("stays behind for a while after a slow store was answered, then recovers by itself", () => {
    const { clock, gauge } = gaugeAt();
    const stored = gauge.webhookStarted();
    clock.nowMs += 600;
    stored();
    clock.nowMs += 1_200;
    expect(gauge.read()).toMatchObject({ behind: true, waitedMs: 600, retryAfterSeconds: 1 });
    clock.nowMs += SLOW_STORE_MEMORY_MS - 1_200;
    expect(gauge.read()).toEqual({ behind: false });
  });

  it("answers a placement while behind with 503, Retry-After and the reason, and lets it through otherwise", () => {
    const { clock, gauge } = gaugeAt();
    expect(() => refusePlacementWhenBehind(gauge)).not.toThrow();
    gauge.webhookStarted();
    clock.nowMs += 900;
    let refusal: unknown;
    try {
      refusePlacementWhenBehind(gauge);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    const error = refusal as ApiError;
    expect(error.status).toBe(503);
    expect(error.headers).toEqual({ "retry-after": "2" });
    expect(error.toBody()).toEqual({
      error: { code: "service_unavailable", message: "The engine is behind (a carrier event has waited 900 ms to be stored): no call was placed; retry in 2 s" },
    });
  });

  it("counts a store answered twice once", () => {
    const { clock, gauge } = gaugeAt();
    const stored = gauge.webhookStarted();
    stored();
    stored();
    clock.nowMs += 10_000;
    expect(gauge.waiting).toBe(0);
    expect(gauge.read()).toEqual({ behind: false });
  });
});
