// An agent's Dial and Skip end to end, against the campaign's storage on SQLite and
// fake ports: the pool, the confirmation against Postgres, the call's start.
import { describe, expect, it } from "vitest";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { DialConfirmer } from "../../../../objects/campaign/dial-confirmation";
import { dialPreviewedLead, skipPreviewedLead, type PreviewActionPorts } from "../../../../objects/campaign/preview-actions";
import { previewTick } from "../../../../objects/campaign/preview-desk";
import { clockAtNow, config as baseConfig, lead, member, NOW, openCampaignStore } from "./campaign-fixtures";

const config = { ...baseConfig, pacingMode: "preview" as const };

function fakePorts(listing: { orgListed?: string[] } = {}) {
  const told: string[] = [];
  const started: CallSpec[] = [];
  const confirmer: DialConfirmer = {
    confirmDials: async (q) => ({ orgListed: listing.orgListed ?? [], campaignListed: [], paymentsOnCalls: true, accounts: q.accountIds.map((accountId) => ({ accountId, doNotCall: false, consent: true })) }),
  };
  const ports: PreviewActionPorts = {
    pool: {
      offerPreview: async () => true,
      endPreview: async (userId, _campaignId, accountId, then) => void told.push(`end ${userId} ${accountId} ${then}`),
      callStarted: async (userId, callId) => void told.push(`on call ${userId} ${callId}`),
    },
    confirmer,
    start: async (spec) => void started.push(spec),
    changed: () => undefined,
  };
  return { ports, told, started };
}

describe("an agent's Dial and Skip", () => {
  clockAtNow();

  it("dials the offered lead with the agent's leg first and tells the pool the agent is on the call", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    previewTick(store, config, [member("agent-a", "available")], NOW);
    const { ports, told, started } = fakePorts();

    const done = await dialPreviewedLead(store, config, true, ports, { userId: "agent-a", address: "sip:agent-a" }, "1", NOW + 5_000);

    expect(done.runSoon).toBe(false);
    expect(done.result).toEqual({ ok: true, callId: started[0]!.id });
    expect(started[0]!.dialer?.previewAgent).toEqual({ userId: "agent-a", address: "sip:agent-a" });
    expect(told).toEqual([`on call agent-a ${started[0]!.id}`]);
    expect(store.calls.unstarted()).toEqual([]);
  });

  it("refuses a Dial Postgres says is listed now, lets the agent go and asks for the next lead at once", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    previewTick(store, config, [member("agent-a", "available")], NOW);
    const { ports, told, started } = fakePorts({ orgListed: [lead("1").phones[0]!] });

    const done = await dialPreviewedLead(store, config, true, ports, { userId: "agent-a", address: "sip:agent-a" }, "1", NOW + 5_000);

    expect(done).toMatchObject({ runSoon: true, result: { ok: false, code: "refused", reason: "dnc_org" } });
    expect(started).toEqual([]);
    expect(told).toEqual(["end agent-a 1 available"]);
    expect(store.calls.all()).toEqual([]);
    expect(store.dnc.isListed("org", lead("1").phones[0]!)).toBe(true);
  });

  it("refuses a Skip of a lead offered to someone else, and skips one's own", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    previewTick(store, config, [member("agent-a", "available")], NOW);
    const { ports, told } = fakePorts();

    expect((await skipPreviewedLead(store, config, true, ports, "agent-b", "1", NOW)).result).toMatchObject({ ok: false, code: "another_agent" });
    expect(await skipPreviewedLead(store, config, true, ports, "agent-a", "1", NOW)).toEqual({ result: { ok: true, callId: null }, runSoon: true });
    expect(told).toEqual(["end agent-a 1 available"]);
    expect(store.leads.get("1")?.state).toBe("deferred");
  });
});
