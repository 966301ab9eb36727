// The pacer learns wrap-up from what agents take, not from the campaign's setting: a
// wrap-up the pool reports ended between two ticks teaches the statistics its exact length.
import { describe, expect, it } from "vitest";
import { planTick } from "../../../../objects/campaign/pacing-tick";
import { wrapUpsEnded } from "../../../../objects/campaign/wrap-up-observed";
import { countOutcome } from "../../../../objects/campaign/outcome-stats";
import { viewStats } from "../../../../objects/campaign/pacing/observed-stats";
import { config, member, NOW, openCampaignStore, outcome } from "./campaign-fixtures";

describe("the wrap-ups the pacer learns from", () => {
  it("are those that ended into available or a break, measured on the pool's clock", () => {
    const previous = [member("a", "wrap_up", NOW - 40_000), member("b", "wrap_up", NOW - 10_000), member("c", "wrap_up", NOW - 5_000), member("d", "on_call", NOW - 9_000), member("e", "wrap_up", NOW - 3_000)];
    const current = [
      member("a", "available", NOW - 4_000),
      member("b", "break", NOW - 1_000),
      // Reserved again since: when the wrap-up ended is not known.
      member("c", "on_call", NOW - 500),
      member("d", "wrap_up", NOW - 2_000),
      member("e", "wrap_up", NOW - 3_000),
    ];
    expect(wrapUpsEnded(previous, current)).toEqual([36, 9]);
  });

  it("are taught by the tick, while a conversation's outcome no longer teaches the campaign's setting", async () => {
    const store = await openCampaignStore();
    const zeroWrapUp = { ...config, wrapUp: { ...config.wrapUp, seconds: 0 } };
    // Ten conversations under a campaign whose wrap-up is set to 0 s, each agent then wrapping up 40 s.
    for (let i = 0; i < 10; i++) {
      countOutcome(store, zeroWrapUp, outcome(`call-${i}`, "1", "+15550100001", "human", { answeredAtMs: NOW, humanAtMs: NOW + 2_000, connectedAtMs: NOW + 2_000, endedAtMs: NOW + 62_000 }));
      planTick(store, zeroWrapUp, [member("agent-a", "wrap_up", NOW + i * 100_000)], NOW + i * 100_000 + 1_000);
      planTick(store, zeroWrapUp, [member("agent-a", "available", NOW + i * 100_000 + 40_000)], NOW + i * 100_000 + 41_000);
    }
    const wrap = viewStats(store.meta.get("stats")!).wrap;
    // The prior (median 25 s) weighs 20 observations: ten of 40 s pull the median up, none pulls it to 0.
    expect(wrap.quantile(0.5)).toBeGreaterThan(30);
    expect(wrap.cdf(1)).toBeLessThan(0.01);
  });
});
