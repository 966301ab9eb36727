// A campaign call's live sentiment reaches the supervisor's campaign room, which sorts its
// calls by it: the call's intelligence feature wants one task per customer line, its
// runner tells the campaign the window as of that line, and the campaign keeps the newest
// line's (a late or retried older one never moves it back) in the snapshot the room gets.
// The call side runs against fake ports; the campaign side is the real runner on SQLite.
import { describe, expect, it } from "vitest";
import { CampaignRunner } from "../../../../../../objects/campaign/campaign-runner";
import { campaignServerMessage } from "../../../../../../objects/campaign/protocol";
import { toCallView } from "../../../../../../objects/call/call-view";
import type { CallSituation } from "../../../../../../objects/call/features/feature";
import { intelligence } from "../../../../../../objects/call/features/intelligence";
import { foldCall } from "../../../../../../objects/call/machine";
import { config as campaignConfig, clockAtNow, lead, openCampaignStore, roomOnlyPorts } from "../../../campaign/campaign-fixtures";
import { event, hangup, said, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts } from "../../fake-ports";

const dialerSpec = spec({
  kind: "dialer",
  accountId: "acct-1",
  dialer: { campaignId: campaignConfig.id, eligibleAgentUserIds: ["agent-a"], voicemailScript: "", safeHarborMessage: "", debtIds: [] },
});
const CONVERSATION = [
  event("call.initiated", 0),
  event("call.answered", 2),
  said(3, "Thank you, that's great, I really appreciate the call."),
  said(5, "I'm calling about your account balance.", "outbound"),
  said(7, "This is terrible. I hate this and I'm angry."),
];

const situationOf = (callSpec: typeof dialerSpec, events = CONVERSATION): CallSituation => ({
  spec: callSpec,
  record: foldCall(callSpec, events),
  events,
  nowMs: T0 + 10_000,
  tasks: { state: () => null, lastDoneAtMs: () => null },
});
const sentimentTasks = (situation: CallSituation) => intelligence.desiredTasks(situation).filter((task) => task.action === "intelligence.campaign_sentiment");

describe("live sentiment in the campaign room", () => {
  clockAtNow();

  it("a live campaign call tells its campaign the customer's mood as of each of their lines; not the agent's, not after the end, not outside a campaign", async () => {
    const situation = situationOf(dialerSpec);
    const tasks = sentimentTasks(situation);
    expect(tasks.map((task) => task.name)).toEqual([`campaign-sentiment:${CONVERSATION[2]!.id}`, `campaign-sentiment:${CONVERSATION[4]!.id}`]);

    const ports = new FakePorts(new FakeClock(T0 + 10_000));
    for (const task of tasks) expect((await intelligence.runners["intelligence.campaign_sentiment"](task as never, contextOf(situation, ports))).kind).toBe("done");
    const told = ports.campaignCalls.flatMap((c) => ("sentiment" in c ? [c] : []));
    expect(told.map((t) => t.atMs)).toEqual([CONVERSATION[2]!.occurredAtMs, CONVERSATION[4]!.occurredAtMs]);
    // Pleased at first; after the angry line the window falls, and the last word is what the agent's gauge shows.
    expect(told[0]!.sentiment.score).toBeGreaterThan(0);
    expect(told[1]!.sentiment).toMatchObject({ trend: "falling" });
    expect(told[1]!.sentiment.score).toBe(toCallView(dialerSpec, situation.record, undefined, "agent").intelligence!.sentiment!.score);

    // The campaign unreachable: retried, not dropped.
    ports.campaignDown = true;
    expect((await intelligence.runners["intelligence.campaign_sentiment"](tasks[0] as never, contextOf(situation, ports))).kind).toBe("retry");

    expect(sentimentTasks(situationOf(dialerSpec, [...CONVERSATION, hangup(9, "normal_clearing")]))).toEqual([]);
    expect(sentimentTasks(situationOf(spec()))).toEqual([]);
  });

  it("the room gets the newest line's mood on the call's row; an older line arriving late changes nothing", async () => {
    const store = await openCampaignStore();
    store.meta.set("config", campaignConfig);
    store.leads.add([lead("acct-1", { name: "Ana Angry" }), lead("acct-2", { name: "Bo Calm" })]);
    store.calls.add({ callId: dialerSpec.id, accountId: "acct-1", phone: "+15550120001", phase: "connected", sinceMs: T0, dialedAtMs: T0, agentUserId: "agent-a" }, dialerSpec);
    const other = spec({ kind: "dialer", accountId: "acct-2", dialer: dialerSpec.dialer });
    store.calls.add({ callId: "call-calm", accountId: "acct-2", phone: "+15550100002", phase: "connected", sinceMs: T0, dialedAtMs: T0, agentUserId: "agent-b" }, other);
    const sent: string[] = [];
    const runner = new CampaignRunner(store, roomOnlyPorts(sent));
    await runner.callSentiment(dialerSpec.id, { score: -0.6, trend: "falling" }, T0 + 7_000);
    await runner.callSentiment(dialerSpec.id, { score: 0.5, trend: "steady" }, T0 + 3_000); // an older line, late
    await runner.callSentiment("no-such-call", { score: 0.1, trend: "steady" }, T0 + 8_000);

    const rows = runner.snapshot()!.calls;
    expect(rows.find((call) => call.callId === dialerSpec.id)?.sentiment).toEqual({ score: -0.6, trend: "falling" });
    expect(rows.find((call) => call.callId === "call-calm")?.sentiment).toBeNull();
    // One push for the one change that counted.
    const snapshots = sent.map((message) => campaignServerMessage.parse(JSON.parse(message))).filter((message) => message.type === "snapshot");
    expect(snapshots).toHaveLength(1);
  });
});
