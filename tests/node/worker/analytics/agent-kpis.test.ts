// The KPIs of agents' time and of the AI agent's calls, against a real PostgreSQL.
//
// Presence (domain/kpis.ts: occupancy, idle time, contacts per agent hour) over the
// spans the agent pool writes, against a real PostgreSQL: the spans go in through the pool's
// own writer (db/writers/presence-spans.ts: each written open first, then closed, once more
// in a batch that holds a span twice), and worker/analytics/kpi-queries.ts answers by day,
// agent, team and campaign on a Chicago fixture whose every number is worked out by hand
// below: a span across local midnight counts on both days, a span still open counts until
// the day's end (the period is past), logged-out time counts nowhere, breaks count as
// logged in but not as time available for calls, an agent with time but no calls has a row,
// and another organisation's spans count nowhere.
//
// AI (AI-handled calls, AI takeovers) over the AI agent's events as the call writes them
// (call_events, type wib.ai): a call counts once the AI answered it (a call whose caller hung
// up before it did does not), a takeover once per call however often it was handed back,
// on the call's day in Chicago, and another organisation's AI calls count nowhere.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../db/client";
import { agentPresenceSpans, callEvents, calls, teamMembers, teams } from "../../../../db/schema";
import { writePresenceSpans, type PresenceSpanRow } from "../../../../db/writers/presence-spans";
import type { AgentPresence } from "../../../../domain/agent-presence";
import type { Disposition } from "../../../../domain/dispositions";
import { loadKpis, type KpiScope } from "../../../../worker/analytics/kpi-queries";
import { aiEvent } from "../../../../objects/call/features/ai-agent/ai-events";
import { connectedDialerCall, startKpiFixture, type KpiFixture } from "../../support/kpi-fixture";

let fixture: KpiFixture;
let handle: DatabaseHandle;
let scope: KpiScope;
let agentX = "";
let agentY = "";
let agentZ = "";
let teamId = "";
let campaignId = "";

/** A Chicago wall-clock time in November 2026 (CST, UTC−6). */
const local = (day: number, time: string) => new Date(`2026-11-${day}T${time}:00-06:00`).getTime();

beforeAll(async () => {
  fixture = await startKpiFixture("Presence KPIs", ["Xena", "Yuri", "Zoe"]);
  handle = fixture.handle;
  const db = handle.db;
  const org = { id: fixture.organizationId };
  const other = { id: fixture.otherOrganizationId };
  [agentX, agentY, agentZ] = fixture.agentIds as [string, string, string];
  const [team] = await db.insert(teams).values({ organizationId: org.id, name: "Early shift" }).returning();
  teamId = team!.id;
  // Xena and Zoe are the team's members; Yuri is in no team.
  await db.insert(teamMembers).values([agentX, agentZ].map((userId) => ({ teamId, organizationId: org.id, userId, role: "member" as const })));
  campaignId = fixture.campaignId;

  const span = (userId: string, status: AgentPresence, from: number, to: number | null, organizationId = org.id): PresenceSpanRow => ({
    organizationId,
    userId,
    status,
    startedAtMs: from,
    endedAtMs: to,
  });
  const spans = [
    // Xena, the 20th: idle 3600 + 1800, handling 300 + 600 + 120, break 780; logged in 7200.
    span(agentX, "available", local(20, "08:00"), local(20, "09:00")),
    span(agentX, "previewing", local(20, "09:00"), local(20, "09:05")),
    span(agentX, "on_call", local(20, "09:05"), local(20, "09:15")),
    span(agentX, "wrap_up", local(20, "09:15"), local(20, "09:17")),
    span(agentX, "break", local(20, "09:17"), local(20, "09:30")),
    span(agentX, "available", local(20, "09:30"), local(20, "10:00")),
    // Logged out until the next morning: counts nowhere.
    span(agentX, "offline", local(20, "10:00"), local(21, "08:00")),
    // Yuri: logged out all afternoon, then ready across midnight (1800 s on each day), a call, then ready and never
    // closed: until the end of the 21st (00:45 → 24:00, 83,700 s).
    span(agentY, "offline", local(20, "12:00"), local(20, "23:30")),
    span(agentY, "available", local(20, "23:30"), local(21, "00:30")),
    span(agentY, "on_call", local(21, "00:30"), local(21, "00:45")),
    span(agentY, "available", local(21, "00:45"), null),
    // Zoe: half an hour ready on the 20th, no call at all.
    span(agentZ, "available", local(20, "09:00"), local(20, "09:30")),
    // Another organisation's agent (Xena's id, as if she worked there too): in no number here.
    span(agentX, "available", local(20, "11:00"), local(20, "12:00"), other.id),
  ];
  // The pool writes each span open when it begins and closed when the next begins; a batch may hold one span twice.
  await writePresenceSpans(db, spans.map((s) => ({ ...s, endedAtMs: null })));
  await writePresenceSpans(db, [span(agentX, "available", local(20, "08:00"), null), ...spans]);

  const callOf = (agent: string, at: number, disposition: Disposition) => connectedDialerCall(org.id, agent, new Date(at), disposition, { campaignId });
  await db.insert(calls).values([
    // Xena's two right-party contacts and a wrong number on the 20th; Yuri's one on the 21st.
    callOf(agentX, local(20, "09:05"), "promise_to_pay"),
    callOf(agentX, local(20, "09:40"), "refused"),
    callOf(agentX, local(20, "09:50"), "wrong_number"),
    callOf(agentY, local(21, "00:30"), "callback"),
  ]);

  // The AI's calls: inbound, no campaign; the one a person took over names that person as its agent.
  const aiCall = (at: number, agentUserId: string | null, organizationId = org.id) => ({
    id: randomUUID(),
    organizationId,
    direction: "inbound" as const,
    kind: "inbound" as const,
    toNumber: "+15550100500",
    fromNumber: "+15550100600",
    agentUserId,
    status: "completed" as const,
    createdAt: new Date(at),
    answeredAt: new Date(at + 1_000),
    endedAt: new Date(at + 120_000),
    origin: "inbound" as const,
    outcome: "answered" as const,
    version: 1,
  });
  const ai = {
    // 10:00 on the 20th: the AI answered and carried it alone.
    alone: aiCall(local(20, "10:00"), null),
    // 11:00 on the 20th: Xena took it over.
    takenOver: aiCall(local(20, "11:00"), agentX),
    // 00:10 on the 21st (06:10 UTC): Yuri took it over, handed it back, took it over again: one takeover.
    twice: aiCall(local(21, "00:10"), agentY),
    // The caller hung up before the AI answered: not handled.
    unanswered: aiCall(local(20, "12:00"), null),
    other: aiCall(local(20, "10:30"), null, other.id),
  };
  await db.insert(calls).values(Object.values(ai));
  const by = (userId: string) => ({ userId, name: "Someone" });
  const eventOf = (call: { id: string; organizationId: string; createdAt: Date }, n: number, body: Parameters<typeof aiEvent>[2]) => {
    const event = aiEvent(`${call.id}:${n}`, call.createdAt.getTime() + n * 1_000, body);
    return { id: event.id, organizationId: call.organizationId, callId: call.id, eventType: event.type, leg: event.leg, occurredAt: new Date(event.occurredAtMs), payload: event.payload };
  };
  const answered = (call: { id: string; organizationId: string; createdAt: Date }) =>
    eventOf(call, 1, { kind: "journal", n: 0, source: "call.answered", input: { type: "answered", atMs: call.createdAt.getTime() + 1_000 } });
  await db.insert(callEvents).values([
    answered(ai.alone),
    eventOf(ai.alone, 2, { kind: "note", entry: { kind: "phase", from: "greeting", to: "listening" } } as never),
    answered(ai.takenOver),
    eventOf(ai.takenOver, 2, { kind: "takeover", by: by(agentX) }),
    answered(ai.twice),
    eventOf(ai.twice, 2, { kind: "takeover", by: by(agentY) }),
    eventOf(ai.twice, 3, { kind: "hand_back", by: by(agentY), notes: "wants a plan" }),
    eventOf(ai.twice, 4, { kind: "takeover", by: by(agentY) }),
    eventOf(ai.unanswered, 1, { kind: "human_unavailable" } as never),
    answered(ai.other),
    eventOf(ai.other, 2, { kind: "takeover", by: by(agentX) }),
  ]);

  scope = fixture.scope("2026-11-20", "2026-11-21");
}, 120_000);

afterAll(async () => {
  await fixture?.stop();
});

const presence = (loggedInSeconds: number, handlingSeconds: number, idleSeconds: number, breakSeconds: number, rightPartyContacts: number) => ({
  loggedInSeconds,
  handlingSeconds,
  idleSeconds,
  breakSeconds,
  occupancy: handlingSeconds + idleSeconds > 0 ? handlingSeconds / (handlingSeconds + idleSeconds) : null,
  contactsPerAgentHour: loggedInSeconds > 0 ? rightPartyContacts / (loggedInSeconds / 3600) : null,
});

describe("presence KPIs", () => {
  it("stores each span once, closed, as the pool last wrote it", async () => {
    const stored = await handle.db.select().from(agentPresenceSpans);
    expect(stored).toHaveLength(13);
    expect(stored.filter((s) => s.endedAt === null).map((s) => [s.userId, s.status])).toEqual([[agentY, "available"]]);
  });

  it("by day: spans cut at Chicago's midnight, the open one counted to the day's end", async () => {
    const { rows, totals } = await loadKpis(handle.db, scope, "day");
    expect(rows.map((r) => [r.key, r.rightPartyContacts])).toEqual([
      ["2026-11-20", 2],
      ["2026-11-21", 1],
    ]);
    // The 20th: Xena 7200 logged in, Yuri 1800 ready, Zoe 1800 ready.
    expect(rows[0]!.presence).toEqual(presence(10_800, 1_020, 9_000, 780, 2));
    expect(rows[0]!.presence!.occupancy).toBeCloseTo(1_020 / 10_020, 10);
    expect(rows[0]!.presence!.contactsPerAgentHour).toBeCloseTo(2 / 3, 10);
    // The 21st: Yuri 1800 ready, 900 on a call, 83,700 ready until midnight: a whole day logged in.
    expect(rows[1]!.presence).toEqual(presence(86_400, 900, 85_500, 0, 1));
    expect(rows[1]!.presence!.contactsPerAgentHour).toBeCloseTo(1 / 24, 10);
    expect(totals.presence).toEqual(presence(97_200, 1_920, 94_500, 780, 3));
  });

  it("by agent: each agent's own time and contacts, Zoe's row though she took no call", async () => {
    const { rows } = await loadKpis(handle.db, scope, "agent");
    const byAgent = new Map(rows.map((r) => [r.key, r]));
    // No agent: the AI's calls nobody took over.
    expect(rows.map((r) => r.label)).toEqual(["No agent", "Xena", "Yuri", "Zoe"]);
    expect(byAgent.get(null)!.presence).toEqual(presence(0, 0, 0, 0, 0));
    expect(byAgent.get(agentX)!.presence).toEqual(presence(7_200, 1_020, 5_400, 780, 2));
    expect(byAgent.get(agentX)!.presence!.contactsPerAgentHour).toBe(1);
    expect(byAgent.get(agentY)!.presence).toEqual(presence(88_200, 900, 87_300, 0, 1));
    expect(byAgent.get(agentZ)).toMatchObject({ dials: 0, presence: presence(1_800, 0, 1_800, 0, 0) });
    expect(byAgent.get(agentZ)!.presence).toMatchObject({ occupancy: 0, contactsPerAgentHour: 0 });
  });

  it("by team, for one team, and an agent's own view", async () => {
    const byTeam = await loadKpis(handle.db, scope, "team");
    expect(byTeam.rows.map((r) => [r.label, r.presence])).toEqual([
      ["Early shift", presence(9_000, 1_020, 7_200, 780, 2)],
      ["No team", presence(88_200, 900, 87_300, 0, 1)],
    ]);
    const oneTeam = await loadKpis(handle.db, { ...scope, teamId }, "day");
    expect(oneTeam.totals.presence).toEqual(presence(9_000, 1_020, 7_200, 780, 2));
    const xena = await loadKpis(handle.db, { ...scope, agentId: agentX, showSkips: false }, "day");
    expect(xena.totals.presence).toEqual(presence(7_200, 1_020, 5_400, 780, 2));
    expect(xena.rows[1]!.presence).toEqual(presence(0, 0, 0, 0, 0));
  });

  it("has no presence by campaign or for one campaign: agents' time belongs to none", async () => {
    const byCampaign = await loadKpis(handle.db, scope, "campaign");
    expect(byCampaign.rows.map((r) => [r.label, r.presence])).toEqual([
      ["No campaign", null],
      ["November", null],
    ]);
    expect(byCampaign.totals.presence).not.toBeNull();
    const oneCampaign = await loadKpis(handle.db, { ...scope, campaignId }, "day");
    expect(oneCampaign.totals).toMatchObject({ rightPartyContacts: 3, presence: null });
  });
});

const aiFigures = (handled: number, takenOver: number) => ({ handled, takenOver, takeoverRate: handled === 0 ? null : takenOver / handled });

describe("AI-handled calls and takeovers", () => {
  it("by day: calls the AI answered, those a person took over once, on Chicago's days", async () => {
    const { rows, totals } = await loadKpis(handle.db, scope, "day");
    expect(rows.map((r) => [r.key, r.ai])).toEqual([
      ["2026-11-20", aiFigures(2, 1)],
      ["2026-11-21", aiFigures(1, 1)],
    ]);
    expect(totals.ai).toEqual(aiFigures(3, 2));
    expect(totals.ai.takeoverRate).toBeCloseTo(2 / 3, 10);
  });

  it("by agent: a taken-over call is the person's who took it; the rest have no agent", async () => {
    const { rows } = await loadKpis(handle.db, scope, "agent");
    expect(rows.map((r) => [r.label, r.ai])).toEqual([
      ["No agent", aiFigures(1, 0)],
      ["Xena", aiFigures(1, 1)],
      ["Yuri", aiFigures(1, 1)],
      ["Zoe", aiFigures(0, 0)],
    ]);
  });

  it("a period with no AI call has no takeover rate, not 0 %", async () => {
    const { totals } = await loadKpis(handle.db, { ...scope, from: "2026-11-22", to: "2026-11-22" }, "day");
    expect(totals.ai).toEqual({ handled: 0, takenOver: 0, takeoverRate: null });
  });
});
