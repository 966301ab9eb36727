// Starting the calls a tick placed, against the campaign's storage on SQLite: nothing
// rings unconfirmed, a started call leaves the account's last contact to the call's own
// record (a person must answer first), and a call that
// could not be started is given up after a while with its lead deferred.
import { describe, expect, it, vi } from "vitest";
import type { CallSpec } from "../../../../objects/call/call-spec";
import { confirmAndStart, START_FAILED_RETRY_MS, START_GIVE_UP_MS, STARTS_AT_ONCE } from "../../../../objects/campaign/call-starts";
import type { DialConfirmer } from "../../../../objects/campaign/dial-confirmation";
import { takeLeads } from "../../../../objects/campaign/lead-dialing";
import { clockAtNow, config, lead, NOW, nothingListedFor, openCampaignStore, queuedRows } from "./campaign-fixtures";

const nothingListed: DialConfirmer = { confirmDials: async (q) => nothingListedFor(q) };
const unreachable: DialConfirmer = { confirmDials: async () => Promise.reject(new Error("connection refused")) };

describe("starting the calls of a tick", () => {
  clockAtNow();

  it("starts every confirmed call once, without claiming a contact before anyone answered", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    const specs = takeLeads(store, config, 2, NOW);
    const started: string[] = [];

    await confirmAndStart(store, config, nothingListed, async (spec: CallSpec) => started.push(spec.id), specs);

    expect(started.sort()).toEqual(specs.map((s) => s.id).sort());
    expect(store.calls.unstarted()).toEqual([]);
    expect(queuedRows(store).filter((r) => r.row.table === "contacted")).toEqual([]);
  });

  it("starts a batch a few at a time, in the order dialled, each as soon as one before it has started", async () => {
    const store = await openCampaignStore();
    store.leads.add(Array.from({ length: 12 }, (_, i) => lead(String(i + 1))));
    const specs = takeLeads(store, config, 12, NOW);
    const begun: string[] = [];
    const finishes: (() => void)[] = [];
    let underWay = 0;
    let most = 0;
    const start = (spec: CallSpec) =>
      new Promise<void>((resolve) => {
        begun.push(spec.id);
        most = Math.max(most, ++underWay);
        finishes.push(() => (underWay--, resolve()));
      });

    const done = confirmAndStart(store, config, nothingListed, start, specs);
    await vi.waitFor(() => expect(begun).toHaveLength(STARTS_AT_ONCE));
    finishes.shift()!();
    await vi.waitFor(() => expect(begun).toHaveLength(STARTS_AT_ONCE + 1));
    while (finishes.length) {
      finishes.shift()!();
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;

    expect(most).toBe(STARTS_AT_ONCE);
    expect(begun).toEqual(specs.map((s) => s.id));
    expect(store.calls.unstarted()).toEqual([]);
  });

  it("dials nothing while Postgres cannot confirm, then gives the call up and defers its lead", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    const specs = takeLeads(store, config, 1, NOW);
    const started: string[] = [];
    const start = async (spec: CallSpec) => started.push(spec.id);

    await confirmAndStart(store, config, unreachable, start, specs);
    expect(started).toEqual([]);
    expect(store.calls.unstarted().map((s) => s.id)).toEqual([specs[0]!.id]);

    // Still unconfirmed once the ring time has long passed: forgotten, nothing having rung.
    const later = specs[0]!.createdAtMs + START_GIVE_UP_MS;
    vi.setSystemTime(later);
    await confirmAndStart(store, config, unreachable, start, store.calls.unstarted());
    expect(store.calls.all()).toEqual([]);
    expect(store.leads.get("1")?.state).toBe("deferred");
    store.leads.releaseDue(later + START_FAILED_RETRY_MS, 10);
    expect(store.leads.get("1")?.state).toBe("ready");
  });
});
