// The console's rehearsal words and addresses: every workload the route takes is offered
// (the campaign's own statistics only once it ran), and a rehearsal's live-room address
// names its own room and reads back, while a tampered one is the campaign's own room.
import { describe, expect, it } from "vitest";
import { REHEARSAL_WORKLOAD_CHOICES } from "../../../domain/rehearsal";
import { rehearsalBanner, rehearsalInRoom, rehearsalRoomHref, workloadChoices, workloadLabel } from "../../../ui/src/lib/campaign-rehearsal";

const rehearsal = {
  organizationId: "11111111-2222-4333-8444-555555555555",
  campaignId: "66666666-7777-4888-9999-000000000000",
  rehearsedCampaignId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
  workload: "holdout/sales-high-answer-20",
  agents: 12,
  speed: 8,
  minutes: 30,
  leads: 650,
  startedAt: "2026-12-06T08:00:00.000Z",
  endsAt: "2026-12-06T08:03:45.000Z",
};

describe("the rehearsal form's workloads", () => {
  it("offers every workload the route takes, the campaign's own statistics only once it has run", () => {
    expect(workloadChoices("draft").map((c) => c.value)).toEqual([...REHEARSAL_WORKLOAD_CHOICES]);
    expect(workloadChoices("draft").find((c) => c.value === "observed")?.disabled).toBe(true);
    expect(workloadChoices("running").every((c) => !c.disabled)).toBe(true);
  });

  it("names a workload in words", () => {
    expect(workloadLabel("holdout/sales-high-answer-20")).toBe("Sales high answer (20 agents), held out");
    expect(workloadLabel("collections-10")).toBe("Collections (10 agents)");
    expect(workloadLabel("observed")).toMatch(/own statistics/);
  });
});

describe("a rehearsal's live room", () => {
  it("is the rehearsed campaign's room address naming the rehearsal's own room, and reads back", () => {
    const href = rehearsalRoomHref(rehearsal);
    expect(href.startsWith(`/campaigns/${rehearsal.rehearsedCampaignId}/live?`)).toBe(true);
    const read = rehearsalInRoom(new URL(href, "http://console.test").searchParams);
    expect(read).toEqual({ organizationId: rehearsal.organizationId, campaignId: rehearsal.campaignId, workload: rehearsal.workload, agents: 12, speed: 8, endsAt: rehearsal.endsAt });
    expect(rehearsalBanner(read!)).toBe("Rehearsal: 12 simulated agents, workload holdout/sales-high-answer-20, 8× speed, on the carrier simulator. Nothing reaches a real carrier or this campaign's records.");
  });

  it("is the campaign's own room when the address names no rehearsal, or a malformed one", () => {
    expect(rehearsalInRoom(new URLSearchParams())).toBeNull();
    expect(rehearsalInRoom(new URLSearchParams({ rehearsal: "not-a-room", workload: "x", agents: "1", speed: "1", endsAt: "" }))).toBeNull();
  });
});
