// Teams and QA through the API on real Postgres: a team groups the KPIs and filters a
// report by its members' calls; a supervisor samples calls in the QA queue and scores one;
// the agent sees the score on their own scorecard and nobody else's. Roles and tenant
// isolation of these routes are the generated tests' (role-matrix, tenant-isolation).
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./support/client";
import { createOrgWithEveryRole, signUp, type TestOrg } from "./support/orgs";
import { FIXTURE_QA_FORM, seedEndedAgentCall } from "./support/resources";

let org: TestOrg;
let teamId: string;
const day = (iso: string) => new Date(iso);

beforeAll(async () => {
  org = await createOrgWithEveryRole("Teams QA");
  const set = await call(org.owner, "PATCH", "/api/organization", { timeZone: "America/New_York" });
  expect(set.status).toBe(200);
  const { agent, admin } = org.members;
  // The agent (in the team): 3 connects on 2 December (New York), 60, 600 and 120 s of talk; the
  // admin (in no team): one of 30 s. The last call of the agent's is at 23:30 New York, 04:30 UTC the next day.
  // Live intelligence scored the first two: the customer pleased (+0.2), then angry (−0.6).
  await seedEndedAgentCall(org.organizationId, agent.userId, { at: day("2026-12-02T15:00:00Z"), talkSeconds: 60, disposition: "promise_to_pay", sentiment: 0.2 });
  await seedEndedAgentCall(org.organizationId, agent.userId, { at: day("2026-12-02T16:00:00Z"), talkSeconds: 600, disposition: "dispute", sentiment: -0.6 });
  await seedEndedAgentCall(org.organizationId, agent.userId, { at: day("2026-12-03T04:30:00Z"), talkSeconds: 120 });
  await seedEndedAgentCall(org.organizationId, admin.userId, { at: day("2026-12-02T17:00:00Z"), talkSeconds: 30, disposition: "refused" });
  const created = await call(admin, "POST", "/api/teams", { name: "Early shift", supervisorUserIds: [org.members.supervisor.userId], memberUserIds: [agent.userId] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  teamId = created.body.team.id;
});

describe("teams", () => {
  it("lists the team with its supervisor and members by name", async () => {
    const listed = await call(org.members.viewer, "GET", "/api/teams");
    expect(listed.status).toBe(200);
    const team = listed.body.teams.find((t: { id: string }) => t.id === teamId);
    expect(team.supervisors.map((p: { userId: string }) => p.userId)).toEqual([org.members.supervisor.userId]);
    expect(team.members.map((p: { userId: string }) => p.userId)).toEqual([org.members.agent.userId]);
  });

  it("keeps an agent in one team: a second is a 409 naming the team they are in", async () => {
    const second = await call(org.members.admin, "POST", "/api/teams", { name: "Late shift", supervisorUserIds: [], memberUserIds: [org.members.agent.userId] });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/already a member of the team "Early shift"/);
    const sameName = await call(org.members.admin, "POST", "/api/teams", { name: "early SHIFT", supervisorUserIds: [], memberUserIds: [] });
    expect(sameName.status).toBe(409);
  });

  it("answers 400 naming the person who cannot be in the team, and why", async () => {
    const stranger = await signUp("Elsewhere");
    const answer = await call(org.members.admin, "POST", "/api/teams", {
      name: "Mixed",
      supervisorUserIds: [org.members.agent.userId],
      memberUserIds: [org.members.viewer.userId, stranger.userId],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      { path: "supervisorUserIds.0", message: "role agent cannot supervise a team (supervisor or above)" },
      { path: "memberUserIds.1", message: "not a member of this organisation" },
    ]);
  });

  it("groups the KPIs by team (the agent's team now) and filters them to one team, on the organisation's days", async () => {
    const byTeam = await call(org.members.supervisor, "GET", "/api/analytics/kpis?groupBy=team&from=2026-12-02&to=2026-12-02");
    expect(byTeam.status, JSON.stringify(byTeam.body)).toBe(200);
    const rows = Object.fromEntries(byTeam.body.rows.map((r: { label: string; connects: number; talkSeconds: number }) => [r.label, [r.connects, r.talkSeconds]]));
    // The agent's 23:30 call is on 2 December in New York: all three count.
    expect(rows).toEqual({ "Early shift": [3, 780], "No team": [1, 30] });
    const oneTeam = await call(org.members.supervisor, "GET", `/api/analytics/kpis?groupBy=day&from=2026-12-02&to=2026-12-02&teamId=${teamId}`);
    expect(oneTeam.body.teamId).toBe(teamId);
    expect(oneTeam.body.totals.connects).toBe(3);
    expect(oneTeam.body.totals.rightPartyContacts).toBe(2);
  });

  it("filters and groups a report by team", async () => {
    const preview = await call(org.members.supervisor, "POST", "/api/reports/preview", {
      definition: { dataset: "calls", filters: [{ field: "teamName", op: "eq", value: "Early shift" }], groupBy: ["teamName", "agentName"], measures: [{ fn: "count" }] },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows).toEqual([{ teamName: "Early shift", agentName: expect.any(String), count: 3 }]);
  });
});

describe("QA: the queue, an evaluation, the agent's scorecard", () => {
  let formId: string;
  let longest: string;

  beforeAll(async () => {
    const form = await call(org.members.supervisor, "POST", "/api/qa/forms", FIXTURE_QA_FORM());
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    formId = form.body.form.id;
  });

  it("samples the longest calls, the disputed ones, and the team's, from the organisation's days", async () => {
    const long = await call(org.members.supervisor, "GET", "/api/qa/queue?strategy=long&size=2&from=2026-12-02&to=2026-12-02");
    expect(long.status, JSON.stringify(long.body)).toBe(200);
    expect(long.body.candidates).toBe(4);
    expect(long.body.calls.map((c: { talkSeconds: number }) => c.talkSeconds)).toEqual([600, 120]);
    longest = long.body.calls[0].callId;
    const disputes = await call(org.members.supervisor, "GET", "/api/qa/queue?strategy=disputes&from=2026-12-02&to=2026-12-02");
    expect(disputes.body.calls.map((c: { callId: string }) => c.callId)).toEqual([longest]);
    const team = await call(org.members.supervisor, "GET", `/api/qa/queue?strategy=random&seed=abc&teamId=${teamId}&from=2026-12-02&to=2026-12-02`);
    expect(team.body.calls).toHaveLength(3);
    expect(new Set(team.body.calls.map((c: { agentUserId: string }) => c.agentUserId))).toEqual(new Set([org.members.agent.userId]));
    // Only the angry call is negative on the whole; the pleased one and the unscored ones are not offered.
    const low = await call(org.members.supervisor, "GET", "/api/qa/queue?strategy=low_sentiment&from=2026-12-02&to=2026-12-02");
    expect(low.body.calls.map((c: { callId: string; averageSentiment: number | null }) => [c.callId, c.averageSentiment])).toEqual([[longest, -0.6]]);
  });

  it("refuses answers the form cannot take with 400 naming each question", async () => {
    const bad = await call(org.members.supervisor, "POST", `/api/calls/${longest}/evaluations`, { formId, answers: { disclosure: { value: 3 }, courtesy: { value: 9 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["answers.courtesy.value", "answers.disclosure.value"]);
    const noForm = await call(org.members.supervisor, "POST", `/api/calls/${longest}/evaluations`, { formId: crypto.randomUUID(), answers: {} });
    expect(noForm.body.error.fields).toEqual([{ path: "formId", message: "no evaluation form of this organisation has this id" }]);
  });

  it("scores a call once per form, and the queue stops offering it", async () => {
    const scored = await call(org.members.supervisor, "POST", `/api/calls/${longest}/evaluations`, {
      formId,
      answers: { disclosure: { value: true }, courtesy: { value: 2, comment: "Curt at the end" } },
      comments: "Handled the dispute by the book",
    });
    expect(scored.status, JSON.stringify(scored.body)).toBe(201);
    // Compliance (weight 2) 100 %, Manner (weight 1) 2/5 = 40 %: (200 + 40) / 3 = 80.
    expect(scored.body.evaluation).toMatchObject({ totalPercent: 80, agentUserId: org.members.agent.userId, reviewerUserId: org.members.supervisor.userId });
    const again = await call(org.members.supervisor, "POST", `/api/calls/${longest}/evaluations`, { formId, answers: { disclosure: { value: false }, courtesy: { value: 0 } } });
    expect(again.status).toBe(409);
    const queue = await call(org.members.supervisor, "GET", "/api/qa/queue?strategy=long&size=10&from=2026-12-02&to=2026-12-02");
    expect(queue.body.calls.map((c: { callId: string }) => c.callId)).not.toContain(longest);
  });

  it("shows the agent their own scorecard with the score and its week, and nobody else's", async () => {
    const own = await call(org.members.agent, "GET", "/api/qa/scorecard?from=2026-12-01&to=2026-12-07");
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toMatchObject({ own: true, timeZone: "America/New_York", trend: [{ weekOf: "2026-11-30", evaluations: 1, meanPercent: 80 }] });
    expect(own.body.evaluations.map((e: { totalPercent: number; comments: string }) => [e.totalPercent, e.comments])).toEqual([[80, "Handled the dispute by the book"]]);
    const criteria = Object.fromEntries(own.body.criteria.map((c: { kind: string; score: number | null }) => [c.kind, c.score]));
    // Defaults: QA 80; AHT (60+600+120)/3 + 30 s wrap-up = 290 s, in 120–480; 2 of 3 dispositioned against 95 %;
    // sentiment over the two scored calls (0.2 − 0.6) / 2 = −0.2 → 100 × 0.8 / 2 = 40.
    expect(criteria).toMatchObject({ qa_evaluations: 80, aht_band: 100, disposition_rate: 70.2, compliance_skips_caused: 100, sentiment_trend: 40 });
    const theirs = await call(org.members.agent, "GET", `/api/qa/scorecard?agentId=${org.members.admin.userId}`);
    expect(theirs.status).toBe(403);
    const bySupervisor = await call(org.members.supervisor, "GET", `/api/qa/scorecard?agentId=${org.members.agent.userId}&from=2026-12-01&to=2026-12-07`);
    expect(bySupervisor.body).toMatchObject({ own: false, totalPercent: own.body.totalPercent });
  });

  it("lets the agent read the evaluations of their own calls only", async () => {
    const own = await call(org.members.agent, "GET", `/api/calls/${longest}/evaluations`);
    expect(own.status).toBe(200);
    expect(own.body.evaluations).toHaveLength(1);
    const adminCall = await call(org.members.supervisor, "GET", "/api/qa/queue?agentId=" + org.members.admin.userId + "&from=2026-12-02&to=2026-12-02");
    const other = await call(org.members.agent, "GET", `/api/calls/${adminCall.body.calls[0].callId}/evaluations`);
    expect(other.status).toBe(404);
  });
});

describe("QA forms: a change is a new version, a retired form scores no new call", () => {
  let first: { id: string; name: string };
  let scoredWithFirst: string;
  let scoredWithSecond: string;
  const answers = { disclosure: { value: true }, courtesy: { value: 2 } };
  // The change: Manner weighs 3 now and its courtesy scale runs to 10, so the same answers total less.
  const changed = (name: string) => ({
    name,
    sections: [
      { title: "Compliance", weight: 2, questions: [{ id: "disclosure", text: "Gave the disclosure", kind: "yes_no" }] },
      { title: "Manner", weight: 3, questions: [{ id: "courtesy", text: "Courtesy", kind: "scale", scaleMax: 10 }] },
    ],
  });
  const score = (callId: string, formId: string) => call(org.members.supervisor, "POST", `/api/calls/${callId}/evaluations`, { formId, answers });

  beforeAll(async () => {
    const made = await call(org.members.supervisor, "POST", "/api/qa/forms", FIXTURE_QA_FORM());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    first = made.body.form;
    // In November, away from the other tests' December days and their scorecard.
    scoredWithFirst = await seedEndedAgentCall(org.organizationId, org.members.agent.userId, { at: day("2026-11-10T15:00:00Z"), talkSeconds: 90 });
    scoredWithSecond = await seedEndedAgentCall(org.organizationId, org.members.agent.userId, { at: day("2026-11-10T16:00:00Z"), talkSeconds: 90 });
    const scored = await score(scoredWithFirst, first.id);
    expect(scored.status, JSON.stringify(scored.body)).toBe(201);
    expect(scored.body.evaluation).toMatchObject({ totalPercent: 80, formVersion: 1 });
  });

  it("saves a change as version 2, lists only the latest, and keeps version 1 readable", async () => {
    const revised = await call(org.members.supervisor, "POST", `/api/qa/forms/${first.id}/versions`, changed(first.name));
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    expect(revised.body.form).toMatchObject({ version: 2, lineageId: first.id, supersededById: null, retiredAt: null });
    const old = await call(org.members.supervisor, "GET", `/api/qa/forms/${first.id}`);
    expect(old.body.form).toMatchObject({ version: 1, supersededById: revised.body.form.id });
    const listed = await call(org.members.supervisor, "GET", "/api/qa/forms");
    const ids = listed.body.forms.map((f: { id: string }) => f.id);
    expect(ids).toContain(revised.body.form.id);
    expect(ids).not.toContain(first.id);
  });

  it("keeps an evaluation's total and sections as version 1 scored them, on the call and the agent's scorecard", async () => {
    const onCall = await call(org.members.agent, "GET", `/api/calls/${scoredWithFirst}/evaluations`);
    expect(onCall.body.evaluations).toHaveLength(1);
    expect(onCall.body.evaluations[0]).toMatchObject({ formVersion: 1, totalPercent: 80, sections: [{ title: "Compliance", weight: 2, percent: 100 }, { title: "Manner", weight: 1, percent: 40 }] });
    const card = await call(org.members.agent, "GET", "/api/qa/scorecard?from=2026-11-09&to=2026-11-15");
    expect(card.body.evaluations.map((e: { totalPercent: number }) => e.totalPercent)).toEqual([80]);
  });

  it("scores new calls with the latest version only, and a call once per form whatever the version", async () => {
    const [latest] = (await call(org.members.supervisor, "GET", "/api/qa/forms")).body.forms.filter((f: { lineageId: string }) => f.lineageId === first.id);
    const withOld = await score(scoredWithSecond, first.id);
    expect(withOld.status).toBe(409);
    expect(withOld.body.error.message).toMatch(/Version 1 of ".*" has been changed since/);
    // Compliance (weight 2) 100 %, Manner (weight 3) 2/10 = 20 %: (200 + 60) / 5 = 52.
    const withNew = await score(scoredWithSecond, latest.id);
    expect(withNew.status, JSON.stringify(withNew.body)).toBe(201);
    expect(withNew.body.evaluation).toMatchObject({ formVersion: 2, totalPercent: 52 });
    const again = await score(scoredWithFirst, latest.id);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/has scored this call already/);
    const reviseOld = await call(org.members.supervisor, "POST", `/api/qa/forms/${first.id}/versions`, changed("Another change"));
    expect(reviseOld.status).toBe(409);
  });

  it("retires the form: no new evaluations or changes, the old ones still shown, retiring again changes nothing", async () => {
    const retired = await call(org.members.supervisor, "POST", `/api/qa/forms/${first.id}/retire`);
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body.form).toMatchObject({ version: 2, retiredAt: expect.any(String) });
    const twice = await call(org.members.supervisor, "POST", `/api/qa/forms/${retired.body.form.id}/retire`);
    expect(twice.body.form.retiredAt).toBe(retired.body.form.retiredAt);
    const unscored = await seedEndedAgentCall(org.organizationId, org.members.agent.userId, { at: day("2026-11-10T17:00:00Z"), talkSeconds: 90 });
    const refused = await score(unscored, retired.body.form.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/is retired/);
    const change = await call(org.members.supervisor, "POST", `/api/qa/forms/${retired.body.form.id}/versions`, changed(first.name));
    expect(change.status).toBe(409);
    const listed = await call(org.members.supervisor, "GET", "/api/qa/forms");
    expect(listed.body.forms.find((f: { lineageId: string }) => f.lineageId === first.id)).toMatchObject({ retiredAt: retired.body.form.retiredAt });
    const card = await call(org.members.agent, "GET", "/api/qa/scorecard?from=2026-11-09&to=2026-11-15");
    expect(card.body.evaluations.map((e: { totalPercent: number }) => e.totalPercent).sort()).toEqual([52, 80]);
    const audit = await call(org.owner, "GET", `/api/audit?action=qa.form_retired&resourceId=${first.id}`);
    expect(audit.body.entries).toHaveLength(1);
    const revision = await call(org.owner, "GET", `/api/audit?action=qa.form_revised`);
    expect(revision.body.entries.find((e: { before: { id: string } }) => e.before.id === first.id)).toMatchObject({ after: { version: 2 } });
  });
});
