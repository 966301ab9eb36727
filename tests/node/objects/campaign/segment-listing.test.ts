// A running campaign that targets a segment lists it again once a period has passed, queues
// only the accounts it did not hold, keeps the queued ones as they are, and a failed or
// unreadable listing costs one period, never the campaign.
import { describe, expect, it } from "vitest";
import { relistSegment, SEGMENT_RELIST_MS, type SegmentLister } from "../../../../objects/campaign/segment-listing";
import { config, lead, NOW, openCampaignStore } from "./campaign-fixtures";

const segmentConfig = { ...config, segmentId: "segment-1" };
/** A lister answering these members, counting how often it was asked. */
function lister(members: unknown[] | Error): SegmentLister & { asked: number } {
  const fake = {
    asked: 0,
    segmentLeads: async () => {
      fake.asked++;
      if (members instanceof Error) throw members;
      return members;
    },
  };
  return fake;
}

describe("listing a segment while the campaign runs", () => {
  it("adds the members not yet queued once the period has passed, and leaves queued leads as they are", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("a1")]);
    store.leads.markDialing("a1", NOW - 1000);
    store.meta.set("segmentListedAt", NOW - SEGMENT_RELIST_MS + 1);
    const source = lister([lead("a1"), lead("a2")]);

    expect(await relistSegment(store, segmentConfig, source, NOW)).toBe(0);
    expect(source.asked).toBe(0);

    expect(await relistSegment(store, segmentConfig, source, NOW + 1)).toBeGreaterThan(0);
    expect(source.asked).toBe(1);
    expect(store.leads.get("a2")?.state).toBe("ready");
    expect(store.leads.get("a1")).toMatchObject({ state: "dialing", attempts: 1 });
  });

  it("never asks for a campaign without a segment", async () => {
    const store = await openCampaignStore();
    const source = lister([lead("a1")]);
    expect(await relistSegment(store, config, source, NOW)).toBe(0);
    expect(source.asked).toBe(0);
  });

  it("a failed listing waits one period; unreadable members are left out", async () => {
    const store = await openCampaignStore();
    const failing = lister(new Error("database unreachable"));
    expect(await relistSegment(store, segmentConfig, failing, NOW)).toBe(0);
    expect(await relistSegment(store, segmentConfig, failing, NOW + 1000)).toBe(0);
    expect(failing.asked).toBe(1);

    const partly = lister([lead("a3"), { accountId: "a4" }]);
    expect(await relistSegment(store, segmentConfig, partly, NOW + SEGMENT_RELIST_MS)).toBeGreaterThan(0);
    expect(store.leads.get("a3")?.state).toBe("ready");
    expect(store.leads.get("a4")).toBeNull();
  });
});
