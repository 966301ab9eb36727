// The supervisor's live view of one queue: callers in answer order with their place and
// wait, the numbers over the book (service level within the queue's threshold, abandons,
// speed of answer), members by state and skill, and a skill changed while a caller waits
// getting that caller answered on the next pass.
import { describe, expect, it } from "vitest";
import { arrive, callbackStep, claimedByInbound, leave, newDesk, routeNow, withRouting, type PoolAgent, type QueueRouting } from "../../../../objects/queue/queue-desk";
import { queueLive } from "../../../../objects/queue/queue-live";
import { agentsByState, needsText, parseSkills, queueTiles, skillsText } from "../../../../ui/src/lib/queue-view";

const T0 = 1_700_000_000_000;
const routing: QueueRouting = {
  members: [
    { userId: "ana", skills: { "language:es": 8 } },
    { userId: "bob", skills: { "language:en": 5 } },
  ],
  skillRelaxSeconds: 600,
  maxWaiting: 10,
  maxWaitSeconds: 900,
  serviceLevelSeconds: 20,
};
const agent = (userId: string, status: string, statusSince = T0 - 60_000): PoolAgent => ({ userId, status, statusSince });
const caller = (callId: string, atMs: number, priority = 0, needs: Record<string, number> = {}) => ({ callId, priority, needs, from: `+1555010${callId.slice(-4).padStart(4, "0")}`, enteredAtMs: atMs });

describe("a queue's live view", () => {
  it("lists callers in answer order with their place, and counts service level, abandons and speed of answer", () => {
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    let desk = newDesk(routing);
    desk = arrive(desk, routing, caller("c1", T0), busy).desk;
    desk = arrive(desk, routing, caller("c2", T0 + 1_000), busy).desk;
    desk = arrive(desk, routing, caller("c3", T0 + 2_000, 5), busy).desk;
    desk = arrive(desk, routing, caller("c4", T0 + 3_000), busy).desk;

    // Bob frees up 10 s in: the priority caller c3 is answered (8 s waited: within 20 s).
    desk = routeNow(desk, [agent("ana", "on_call"), agent("bob", "available")], T0 + 10_000).desk;
    // Ana frees up at 40 s: c1 has waited 40 s (outside 20 s).
    desk = routeNow(desk, [agent("ana", "available"), agent("bob", "on_call")], T0 + 40_000).desk;
    // c2 gives up at 50 s.
    desk = leave(desk, "c2", T0 + 50_000).desk;

    const view = queueLive("q1", desk, [agent("ana", "on_call", T0 + 40_000), agent("bob", "wrap_up")], T0 + 60_000);
    expect(view.waiting.map((c) => [c.callId, c.position])).toEqual([["c4", 1]]);
    expect(view.stats).toMatchObject({ waitingNow: 1, longestWaitSeconds: 57, answered: 2, answeredWithinThreshold: 1, abandoned: 1, serviceLevelSeconds: 20 });
    expect(view.stats.serviceLevel).toBeCloseTo(1 / 3);
    expect(view.stats.abandonRate).toBeCloseTo(1 / 3);
    expect(view.stats.averageSpeedOfAnswerSeconds).toBe(24);
    expect(view.agents).toEqual([
      { userId: "ana", status: "on_call", statusSince: T0 + 40_000, skills: { "language:es": 8 } },
      { userId: "bob", status: "wrap_up", statusSince: T0 - 60_000, skills: { "language:en": 5 } },
    ]);

    // The tiles a supervisor reads.
    const tiles = Object.fromEntries(queueTiles(view, T0 + 60_000).map((t) => [t.key, t.value]));
    expect(tiles).toMatchObject({ "waiting-count": "1", "longest-wait": "57 s", "service-level": "33 %", answered: "2", abandoned: "1 (33 %)", asa: "24 s" });
    expect(agentsByState(view)).toEqual([
      { status: "on_call", count: 1 },
      { status: "wrap_up", count: 1 },
    ]);
  });

  it("uses the threshold the route reads from the queue's settings over the desk's", () => {
    let desk = newDesk(routing);
    desk = arrive(desk, routing, caller("c1", T0), [agent("ana", "on_call")]).desk;
    desk = routeNow(desk, [agent("ana", "on_call"), agent("bob", "available")], T0 + 25_000).desk;
    expect(queueLive("q1", desk, [], T0 + 30_000).stats.serviceLevel).toBe(0);
    expect(queueLive("q1", desk, [], T0 + 30_000, 30).stats.serviceLevel).toBe(1);
    // A queue nobody has called yet: nobody waiting, no numbers.
    expect(queueLive("q2", null, [], T0, 20)).toMatchObject({ waiting: [], agents: [], stats: { answered: 0, serviceLevel: null } });
  });

  it("answers a Spanish caller as soon as a free agent is given the Spanish skill live", () => {
    const spanish = caller("c1", T0, 0, { "language:es": 1 });
    const free = [agent("ana", "on_call"), agent("bob", "available")];
    let desk = arrive(newDesk(routing), routing, spanish, free).desk;
    // Bob speaks no Spanish and the relaxation wait is 10 minutes: the caller waits.
    let pass = routeNow(desk, free, T0 + 5_000);
    expect(pass.assignments).toEqual([]);
    desk = withRouting(pass.desk, { ...routing, members: [routing.members[0]!, { userId: "bob", skills: { "language:en": 5, "language:es": 6 } }] });
    pass = routeNow(desk, free, T0 + 6_000);
    expect(pass.assignments).toEqual([{ callId: "c1", userId: "bob", relaxed: false }]);
  });
});

describe("skills as a supervisor edits them", () => {
  it("reads back what it writes, a bare skill as level 1, and names a wrong entry", () => {
    expect(skillsText({ collections: 5, "language:es": 8 })).toBe("collections 5, language:es 8");
    expect(parseSkills("language:es 8, collections 5")).toEqual({ ok: true, skills: { "language:es": 8, collections: 5 } });
    expect(parseSkills(" Language:ES , ")).toEqual({ ok: true, skills: { "language:es": 1 } });
    expect(parseSkills("")).toEqual({ ok: true, skills: {} });
    expect(parseSkills("language:es 11")).toEqual({ ok: false, message: "language:es: a level is 1 to 10" });
    expect(parseSkills("speaks spanish")).toMatchObject({ ok: false });
    expect(needsText({ "language:es": 1 })).toBe("language:es");
    expect(needsText({})).toBe("any agent");
  });
});

describe("blended agents, inbound first", () => {
  it("counts as taken the free agents a waiting caller would get on the next pass, each once, and no others", () => {
    const free = [agent("ana", "available", T0 - 90_000), agent("bob", "available", T0 - 60_000), agent("cid", "available")];
    const spanishLine = arrive(newDesk(routing), routing, caller("c1", T0, 0, { "language:es": 1 }), free).desk;
    // A second queue where anyone will do, and a caller there too: bob (longest idle of the rest) is theirs.
    const general = { ...routing, members: [...routing.members, { userId: "cid", skills: {} }], skillRelaxSeconds: 0 };
    const generalLine = arrive(newDesk(general), general, caller("c2", T0), free).desk;
    expect([...claimedByInbound([spanishLine, generalLine], free, T0 + 1_000)].sort()).toEqual(["ana", "bob"]);
    // Nobody waiting, or nobody able to take them before relaxation: nobody is claimed.
    expect(claimedByInbound([newDesk(routing)], free, T0).size).toBe(0);
    const englishOnly = { ...routing, members: [{ userId: "bob", skills: { "language:en": 5 } }] };
    expect(claimedByInbound([arrive(newDesk(englishOnly), englishOnly, caller("c3", T0, 0, { "language:es": 1 }), free).desk], free, T0 + 1_000).size).toBe(0);
  });

  it("shows a caller who pressed 1 as a kept place, and the callbacks made and not reached", () => {
    let desk = arrive(newDesk(routing), routing, caller("c1", T0), [agent("bob", "on_call")]).desk;
    // A caller no longer in line cannot book one.
    expect(callbackStep(desk, "nobody", "book")).toBeNull();
    desk = callbackStep(desk, "c1", "book")!;
    desk = leave(desk, "c1", T0 + 10_000).desk;
    let view = queueLive("q1", desk, [agent("bob", "on_call")], T0 + 20_000);
    expect(view.waiting).toMatchObject([{ callId: "c1", callbackRequested: true, position: 1 }]);
    expect(view.stats).toMatchObject({ waitingNow: 0, callbacksWaiting: 1, abandoned: 0 });
    desk = routeNow(desk, [agent("bob", "available")], T0 + 30_000).desk;
    desk = callbackStep(desk, "c1", "unreached")!;
    view = queueLive("q1", desk, [], T0 + 40_000);
    expect(Object.fromEntries(queueTiles(view, T0 + 40_000).map((t) => [t.key, t.value]))).toMatchObject({ callbacks: "0", "callbacks-made": "0 (1 not reached)" });
  });
});
