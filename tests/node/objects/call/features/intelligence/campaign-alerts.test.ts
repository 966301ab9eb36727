// A campaign call's alerts reach the supervisor's campaign room as they are raised: the
// call's intelligence feature wants one task per alert, its runner tells the campaign,
// and the campaign pushes each to the room's sockets once per condition per call (a
// retried task adds nothing) and keeps it in the snapshot a late-joining supervisor gets.
// The call side runs against fake ports; the campaign side is the real runner on SQLite.
import { describe, expect, it } from "vitest";
import { CampaignRunner } from "../../../../../../objects/campaign/campaign-runner";
import type { CampaignCallAlert } from "../../../../../../objects/campaign/protocol";
import { campaignServerMessage } from "../../../../../../objects/campaign/protocol";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import type { CallSituation } from "../../../../../../objects/call/features/feature";
import { intelligence } from "../../../../../../objects/call/features/intelligence";
import { foldCall } from "../../../../../../objects/call/machine";
import { config as campaignConfig, clockAtNow, lead, openCampaignStore, roomOnlyPorts } from "../../../campaign/campaign-fixtures";
import { event, said, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts } from "../../fake-ports";

const dialerSpec = spec({
  kind: "dialer",
  accountId: "acct-1",
  dialer: { campaignId: campaignConfig.id, eligibleAgentUserIds: ["agent-a"], voicemailScript: "", safeHarborMessage: "", debtIds: [] },
});
const ANGRY = [
  event("call.initiated", 0),
  event("call.answered", 2),
  said(3, "You people called me three times this week. Stop calling me!"),
  said(6, "I'm talking to my lawyer about this harassment. This is awful, I hate it."),
];

/** The call's events after the feature raised what is due (as the actor's passes do). */
function raisedOn(callSpec: typeof dialerSpec, events: CarrierEvent[]): CallSituation {
  const all = [...events];
  const situation = (): CallSituation => ({ spec: callSpec, record: foldCall(callSpec, all), events: all, nowMs: T0 + 10_000, tasks: { state: () => null, lastDoneAtMs: () => null } });
  all.push(...intelligence.dueEvents!(situation()));
  return situation();
}

const alertTasks = (situation: CallSituation) => intelligence.desiredTasks(situation).filter((task) => task.action === "intelligence.campaign_alert");

describe("alerts in the campaign room", () => {
  clockAtNow();

  it("a campaign call tells its campaign of each alert; a call outside a campaign has no room to tell", async () => {
    const situation = raisedOn(dialerSpec, ANGRY);
    const tasks = alertTasks(situation);
    const raisedKeys = situation.events.flatMap((e) => (e.type === "wib.intelligence.alert" && "alert" in e ? [(e.alert as { key: string }).key] : []));
    expect(raisedKeys).toEqual(expect.arrayContaining(["cease_contact", "legal_threat"]));
    expect(tasks.map((task) => task.name).sort()).toEqual(raisedKeys.map((key) => `campaign-alert:${key}`).sort());

    const ports = new FakePorts(new FakeClock(T0 + 10_000));
    for (const task of tasks) expect(await intelligence.runners["intelligence.campaign_alert"](task as never, contextOf(situation, ports))).toEqual({ kind: "done" });
    const told = ports.campaignCalls.flatMap((c) => ("alert" in c ? [c.alert] : []));
    expect(told.find((alert) => alert.key === "cease_contact")).toEqual({
      callId: dialerSpec.id,
      rule: "cease_contact",
      key: "cease_contact",
      message: "The customer asked us to stop calling: “You people called me three times this week. Stop calling me!”",
      segmentId: ANGRY[2]!.id,
      at: ANGRY[2]!.occurredAtMs,
      accountName: null,
      agentUserId: null,
    });

    // The campaign unreachable: the task is retried (the queue's backoff), not dropped.
    ports.campaignDown = true;
    expect((await intelligence.runners["intelligence.campaign_alert"](tasks[0] as never, contextOf(situation, ports))).kind).toBe("retry");

    expect(alertTasks(raisedOn(spec(), ANGRY))).toEqual([]);
  });

  it("the room is pushed each alert once as it arrives, named by its account, and a late joiner's snapshot has the feed", async () => {
    const store = await openCampaignStore();
    store.meta.set("config", campaignConfig);
    store.leads.add([lead("acct-1", { name: "Ana Angry" })]);
    store.calls.add({ callId: dialerSpec.id, accountId: "acct-1", phone: "+15550120001", phase: "connected", sinceMs: T0, dialedAtMs: T0, agentUserId: "agent-a" }, dialerSpec);
    const sent: string[] = [];
    const runner = new CampaignRunner(store, roomOnlyPorts(sent));
    const alert: CampaignCallAlert = { callId: dialerSpec.id, rule: "cease_contact", key: "cease_contact", message: "The customer asked us to stop calling", segmentId: "s1", at: T0 + 3_000, accountName: null, agentUserId: "agent-a" };
    await runner.callAlert(alert);
    await runner.callAlert(alert); // the call's task retried after a lost answer
    await runner.callAlert({ ...alert, rule: "low_sentiment", key: "low_sentiment", at: T0 + 9_000 });

    const pushed = sent.map((message) => campaignServerMessage.parse(JSON.parse(message))).filter((message) => message.type === "call_alert");
    expect(pushed.map((message) => message.type === "call_alert" && [message.alert.key, message.alert.accountName])).toEqual([
      ["cease_contact", "Ana Angry"],
      ["low_sentiment", "Ana Angry"],
    ]);
    expect(runner.snapshot()?.callAlerts.map((a) => a.key)).toEqual(["low_sentiment", "cease_contact"]);
  });
});
