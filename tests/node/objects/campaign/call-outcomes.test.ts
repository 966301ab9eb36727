// What a resolved call adds to the campaign, against its storage on SQLite: the day's
// counters and the pacing statistics (outcome-stats.ts), the lead moved on, a waiting
// disposition applied, and the fax → do-not-call rule (call-outcomes.ts).
import { describe, expect, it } from "vitest";
import { resolveCall } from "../../../../objects/campaign/call-outcomes";
import { takeLeads } from "../../../../objects/campaign/lead-dialing";
import { applyDisposition } from "../../../../objects/campaign/notice-inbox";
import { countOutcome, learnVerdict } from "../../../../objects/campaign/outcome-stats";
import { initialObservedStats, recordDialsPlaced, recordResolvedDial } from "../../../../objects/campaign/pacing/observed-stats";

/** The statistics once the one dial of `dialled` was placed. */
const afterOneDial = () => recordDialsPlaced(initialObservedStats(), 1);
import { DEFAULT_WRAP_UP_SECONDS } from "../../../../domain/wrap-up";
import { config, lead, NOW, openCampaignStore, outcome, queuedRows, TODAY } from "./campaign-fixtures";

async function dialled(accountIds: string[]) {
  const store = await openCampaignStore();
  store.leads.add(accountIds.map((id) => lead(id, { phones: [`+1555010000${id}`, `+1555020000${id}`] })));
  const specs = takeLeads(store, config, accountIds.length, NOW);
  return { store, specs };
}

describe("outcome stats", () => {
  it("counts a conversation on the day it was dialled: live answer, talk plus wrap, and a Regulation F conversation", async () => {
    const { store, specs } = await dialled(["1"]);
    const spec = specs[0]!;
    countOutcome(store, config, outcome(spec.id, "1", spec.to, "human", { answeredAtMs: NOW + 8_000, humanAtMs: NOW + 10_000, agentUserId: "agent-a", connectedAtMs: NOW + 11_000, endedAtMs: NOW + 131_000 }));

    expect(store.days.since(TODAY)).toEqual({ dials: 1, resolved: 1, liveAnswered: 1, abandoned: 0, conversations: 1, handleSeconds: 120 + DEFAULT_WRAP_UP_SECONDS });
    expect(store.meta.get("stats")!.outcomes.human).toBeGreaterThan(initialObservedStats().outcomes.human);
    expect(store.history.of("1", NOW - 1, 1).conversations).toEqual([{ at: NOW + 11_000, debtIds: ["debt-1"] }]);
  });

  it("counts an abandoned call against the abandon rate, and a no-answer as a resolved dial only", async () => {
    const { store, specs } = await dialled(["1", "2"]);
    countOutcome(store, config, outcome(specs[0]!.id, "1", specs[0]!.to, "human", { answeredAtMs: NOW + 8_000, humanAtMs: NOW + 10_000, abandoned: true }));
    countOutcome(store, config, outcome(specs[1]!.id, "2", specs[1]!.to, "no_answer"));
    expect(store.days.since(TODAY)).toMatchObject({ resolved: 2, liveAnswered: 1, abandoned: 1, conversations: 0 });
    expect(store.meta.get("stats")!.outcomes.noAnswer).toBeGreaterThan(initialObservedStats().outcomes.noAnswer);
  });
});

describe("AMD's verdict", () => {
  it("teaches the pacing statistics when it comes, once, and the call's outcome minutes later does not teach it again", async () => {
    const { store, specs } = await dialled(["1"]);
    const spec = specs[0]!;
    const verdict = { result: "human" as const, dialedAtMs: NOW, answeredAtMs: NOW + 8_000, verdictAtMs: NOW + 10_500 };
    expect(learnVerdict(store, spec.id, verdict)).toBe(true);
    const learnt = recordResolvedDial(afterOneDial(), { outcome: "human", answerSeconds: 8, amdSeconds: 2.5, judgedHuman: true });
    expect(store.meta.get("stats")).toEqual(learnt);
    expect(learnVerdict(store, spec.id, verdict)).toBe(false);

    // Four minutes of talk later: counted on the day, the talk learnt, the dial not learnt twice.
    resolveCall(store, outcome(spec.id, "1", spec.to, "human", { answeredAtMs: NOW + 8_000, humanAtMs: NOW + 10_500, amdAtMs: NOW + 10_500, agentUserId: "agent-a", connectedAtMs: NOW + 11_000, endedAtMs: NOW + 251_000 }), NOW + 251_000);
    expect(store.days.since(TODAY)).toMatchObject({ resolved: 1, liveAnswered: 1, conversations: 1 });
    expect(store.meta.get("stats")!.outcomes).toEqual(learnt.outcomes);
    expect(store.meta.get("stats")!.talkSeconds).not.toEqual(learnt.talkSeconds);
  });

  it("arriving after the call's outcome teaches nothing more", async () => {
    const { store, specs } = await dialled(["1"]);
    const spec = specs[0]!;
    resolveCall(store, outcome(spec.id, "1", spec.to, "machine", { answeredAtMs: NOW + 5_000, amdAtMs: NOW + 7_000 }), NOW + 30_000);
    const afterOutcome = store.meta.get("stats");
    expect(learnVerdict(store, spec.id, { result: "machine", dialedAtMs: NOW, answeredAtMs: NOW + 5_000, verdictAtMs: NOW + 7_000 })).toBe(false);
    expect(store.meta.get("stats")).toEqual(afterOutcome);
  });

  it("times a machine's detection to the verdict, not to the end of the voicemail left after it", async () => {
    const { store, specs } = await dialled(["1"]);
    const spec = specs[0]!;
    countOutcome(store, config, outcome(spec.id, "1", spec.to, "machine", { answeredAtMs: NOW + 6_000, amdAtMs: NOW + 8_500, endedAtMs: NOW + 40_000, voicemailLeft: true }));
    expect(store.meta.get("stats")).toEqual(recordResolvedDial(afterOneDial(), { outcome: "machine", answerSeconds: 6, amdSeconds: 2.5, judgedHuman: false }));
  });
});

describe("a resolved call", () => {
  it("is counted once however often its outcome arrives, and its lead waits the retry spacing", async () => {
    const { store, specs } = await dialled(["1"]);
    const result = outcome(specs[0]!.id, "1", specs[0]!.to, "no_answer");
    expect(resolveCall(store, result, NOW + 40_000)).toEqual({ faxListed: false });
    expect(resolveCall(store, result, NOW + 41_000)).toBeNull();
    expect(store.days.since(TODAY).resolved).toBe(1);
    expect(store.calls.all()).toEqual([]);
    expect(store.leads.get("1")?.state).toBe("deferred");
  });

  it("puts a number a fax answered on the organisation's do-not-call list and dials the account's next number", async () => {
    const { store, specs } = await dialled(["1"]);
    const fax = specs[0]!.to;
    expect(resolveCall(store, outcome(specs[0]!.id, "1", fax, "fax", { answeredAtMs: NOW + 5_000 }), NOW + 40_000)).toEqual({ faxListed: true });
    expect(store.dnc.isListed("org", fax)).toBe(true);
    expect(queuedRows(store).map((r) => r.row)).toContainEqual({ table: "fax", organizationId: config.organizationId, campaignId: config.id, phone: fax, callId: specs[0]!.id });
    expect(store.leads.get("1")).toMatchObject({ state: "ready", badPhones: [fax] });
  });

  it("applies an agent's disposition that arrived before the outcome, once the outcome is in", async () => {
    const { store, specs } = await dialled(["1"]);
    const callbackAt = new Date(NOW + 86_400_000).toISOString();
    // The agent was quicker than the call's outcome: the disposition waits.
    expect(applyDisposition(store, config, { callId: specs[0]!.id, accountId: "1", phone: specs[0]!.to, disposition: "callback", details: { callbackAt } }, NOW + 20_000)).toBe(false);
    resolveCall(store, outcome(specs[0]!.id, "1", specs[0]!.to, "human", { answeredAtMs: NOW + 5_000, humanAtMs: NOW + 6_000, agentUserId: "agent-a", connectedAtMs: NOW + 7_000 }), NOW + 40_000);
    expect(store.leads.get("1")?.state).toBe("deferred");
    expect(store.meta.getFor("pendingDisposition", "1")).toBeNull();
    store.leads.releaseDue(NOW + 86_400_000, 10);
    expect(store.leads.nextReady()?.input.accountId).toBe("1");
  });
});
