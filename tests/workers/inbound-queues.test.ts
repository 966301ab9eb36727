// Inbound queues over the API: created with defaults from a name, bad input a 400 naming
// the field with nothing stored, supervisors read and admins change, audited; a number
// routes to a queue only by naming one of the organisation's; a queue a number routes to,
// or with callers in its line, cannot be deleted (the 409 names them; its line goes with it); a caller to a closed queue gets its closed action; and a supervisor
// watches a queue live (the stats route, the pool socket) and changes an agent's skills
// while a caller waits, who is then answered by that agent.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { agentPoolStub, callActorStub } from "../../objects/shared/actor-stubs";
import { AgentConsole, waitFor } from "./support/agent-console";
import { QUEUE_DEFAULTS } from "../../domain/inbound-queues";
import { inboundCallId } from "../../worker/calls/inbound";
import { CallPump, startInboundCall } from "./support/carrier";
import { readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

/** The speak-message task the call's actor sent: what the caller heard. */
const spokenMessage = (organizationId: string, callId: string) =>
  runInDurableObject(callActorStub(env, organizationId, callId), (_i, state) => {
    const json = state.storage.sql.exec<{ json: string }>("SELECT json FROM tasks WHERE name = 'speak-message'").toArray()[0]?.json;
    return json ? (JSON.parse(json) as { text: string }).text : null;
  });

let owner: Member & { organizationId: string };
let supervisor: Member;
let agent: Member;
let stranger: Member;
beforeAll(async () => {
  owner = await signUp("Queues");
  supervisor = await inviteAndJoin(owner, "supervisor");
  agent = await inviteAndJoin(owner, "agent");
  stranger = await signUp("Other org");
});

describe("inbound queues", () => {
  it("are created from a name with every other setting its default, read by supervisors, audited", async () => {
    const created = await call(owner, "POST", "/api/queues", { name: "General", members: [{ userId: agent.userId, skills: { "language:es": 7 } }] });
    expect(created.status).toBe(201);
    const { createdAt: _c, updatedAt: _u, id, ...queue } = created.body.queue;
    expect(queue).toEqual({ ...QUEUE_DEFAULTS, name: "General", members: [{ userId: agent.userId, skills: { "language:es": 7 } }] });
    const listed = await call(supervisor, "GET", "/api/queues");
    expect(listed.body.queues.map((q: { id: string }) => q.id)).toContain(id);
    expect((await call(agent, "GET", `/api/queues/${id}`)).status).toBe(403);
    expect((await call(supervisor, "PATCH", `/api/queues/${id}`, { priority: 3 })).status).toBe(403);
    const changed = await call(owner, "PATCH", `/api/queues/${id}`, { priority: 3, serviceLevelSeconds: 30 });
    expect(changed.body.queue).toMatchObject({ priority: 3, serviceLevelSeconds: 30, name: "General" });
    const audit = JSON.stringify((await call(owner, "GET", "/api/audit?limit=5")).body);
    expect(audit).toContain("queue.created");
    expect(audit).toContain("queue.updated");
  });

  it("refuse bad input with a 400 naming the field, and store nothing", async () => {
    const [mine] = (await call(owner, "GET", "/api/queues")).body.queues;
    const cases: [unknown, string, string?][] = [
      [{ name: "Bad", members: [{ userId: stranger.userId, skills: {} }] }, "members.0.userId"],
      [{ name: "Bad", members: [{ userId: agent.userId, skills: { Spanish: 3 } }] }, "members.0.skills.Spanish"],
      [{ name: "Bad", members: [{ userId: agent.userId, skills: { collections: 11 } }] }, "members.0.skills.collections"],
      [{ name: "Bad", hours: { timeZone: null, weekly: { mon: [{ from: "17:00", to: "09:00" }] }, holidays: [] } }, "hours", "weekly.mon.0.to: closes after it opens"],
      [{ name: "Bad", hours: { timeZone: "Nowhere/Land", weekly: {}, holidays: [] } }, "hours", "timeZone: not a known IANA time zone"],
      [{ name: "Bad", closedAction: { kind: "queue", queueId: crypto.randomUUID() } }, "closedAction.queueId"],
      [{ name: "Bad", overflowAction: { kind: "fax" } }, "overflowAction", "kind"],
      [{ name: "  " }, "name"],
    ];
    for (const [body, field, saying] of cases) {
      const response = await call(owner, "POST", "/api/queues", body);
      expect(response.status, field).toBe(400);
      const named = response.body.error.fields.filter((f: { path: string }) => f.path === field);
      expect(named.length, field).toBeGreaterThan(0);
      if (saying) expect(named.map((f: { message: string }) => f.message).join(" "), field).toContain(saying);
    }
    const self = await call(owner, "PATCH", `/api/queues/${mine.id}`, { overflowAction: { kind: "queue", queueId: mine.id } });
    expect(self.status).toBe(400);
    expect(self.body.error.fields[0].path).toBe("overflowAction.queueId");
    const names = (await call(owner, "GET", "/api/queues")).body.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(["General"]);
    expect((await call(owner, "POST", "/api/queues", { name: "General" })).status).toBe(409);
  });

  it("take callers from a number that names one; a closed queue gives them its closed action; a routed queue is never deleted", async () => {
    const closed = await call(owner, "POST", "/api/queues", {
      name: "Closed desk",
      hours: { timeZone: "UTC", weekly: {}, holidays: [] },
      closedAction: { kind: "message", message: "The desk is closed for the day." },
    });
    const queueId = closed.body.queue.id;
    const line = randomNumber();
    const missing = await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Desk", inboundAction: "queue" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe("inboundQueueId");
    const elsewhere = (await call(stranger, "POST", "/api/queues", { name: "Theirs" })).body.queue.id;
    const foreign = await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Desk", inboundAction: "queue", inboundQueueId: elsewhere });
    expect(foreign.status).toBe(400);
    const added = await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Desk", inboundAction: "queue", inboundQueueId: queueId, inboundQueuePriority: 5 });
    expect(added.status).toBe(201);
    expect(added.body.phoneNumber).toMatchObject({ inboundAction: "queue", inboundQueueId: queueId, inboundQueuePriority: 5 });

    const session = await startInboundCall("+15557790001", line);
    const id = await inboundCallId(session);
    let record: any;
    await new CallPump((d) => d.callId === id || d.callSessionId === session).until(async () => TERMINAL.has((record = await readCall(owner, id).catch(() => ({ status: "" }))).status));
    expect(record.status).toBe("completed");
    expect(record.timeline.map((t: { text: string }) => t.text)).toContain("Message played");
    expect(await spokenMessage(owner.organizationId, id)).toBe("The desk is closed for the day.");

    const refused = await call(owner, "DELETE", `/api/queues/${queueId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(line);
    // Routed away from the queue (without naming inboundQueueId), the number lets go of it.
    const rerouted = await call(owner, "PATCH", `/api/phone-numbers/${added.body.phoneNumber.id}`, { inboundAction: "message" });
    expect(rerouted.body.phoneNumber).toMatchObject({ inboundAction: "message", inboundQueueId: null });
    // A caller still in its line (the pool's): refused naming them, the line kept; once they are gone, deleted and the line cleared.
    const pool = agentPoolStub(env, owner.organizationId);
    const routing = { members: [], skillRelaxSeconds: 60, maxWaiting: 5, maxWaitSeconds: 600 };
    expect(await pool.queueArrive(queueId, routing, { callId: "waiting-caller", priority: 0, needs: {}, from: "+15550109876", enteredAtMs: Date.now() })).toMatchObject({ position: 1 });
    const waiting = await call(owner, "DELETE", `/api/queues/${queueId}`);
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.message).toContain("Callers wait in this queue: +15550109876");
    expect((await call(owner, "GET", `/api/queues/${queueId}`)).status).toBe(200);
    await pool.queueLeave(queueId, "waiting-caller");
    expect((await call(owner, "DELETE", `/api/queues/${queueId}`)).status).toBe(204);
    const lines = await runInDurableObject(pool, (_i, state) => state.storage.sql.exec("SELECT queue_id FROM queue_desks WHERE queue_id = ?", queueId).toArray());
    expect(lines).toEqual([]);
  });

  it("shows a supervisor the waiting caller live, and a skill given while they wait gets them answered", async () => {
    const english = await inviteAndJoin(owner, "agent");
    const created = await call(owner, "POST", "/api/queues", {
      name: `Live ${crypto.randomUUID().slice(0, 8)}`,
      members: [{ userId: english.userId, skills: { "language:en": 7 } }],
      skillRelaxSeconds: 600,
      serviceLevelSeconds: 30,
    });
    const queueId: string = created.body.queue.id;
    const agentConsole = await AgentConsole.open(owner.organizationId, english);
    const watching = await AgentConsole.open(owner.organizationId, supervisor, { available: false });
    try {
      await waitFor(() => agentConsole.status === "available", 10_000, "agent available");
      // What the Worker does for a Spanish-speaking caller to a number routed to this queue.
      const pool = agentPoolStub(env, owner.organizationId);
      const routing = { members: created.body.queue.members, skillRelaxSeconds: 600, maxWaiting: 50, maxWaitSeconds: 900, serviceLevelSeconds: 30 };
      const callId = crypto.randomUUID();
      expect(await pool.queueArrive(queueId, routing, { callId, priority: 3, needs: { "language:es": 1 }, from: "+15550142001", enteredAtMs: Date.now() })).toMatchObject({ position: 1 });

      // The supervisor's console is told without asking; the agent's is not.
      await waitFor(() => watching.queues.some((q) => q.queueId === queueId && q.waiting.length === 1), 10_000, "the supervisor's live queue");
      expect(agentConsole.queues).toEqual([]);
      const stats = await call(supervisor, "GET", `/api/queues/${queueId}/stats`);
      expect(stats.status).toBe(200);
      expect(stats.body.queue.waiting).toMatchObject([{ callId, from: "+15550142001", priority: 3, position: 1, needs: { "language:es": 1 }, callbackRequested: false }]);
      expect(stats.body.queue.stats).toMatchObject({ waitingNow: 1, answered: 0, serviceLevelSeconds: 30, serviceLevel: null });
      expect(stats.body.queue.agents).toMatchObject([{ userId: english.userId, status: "available", skills: { "language:en": 7 } }]);
      expect((await call(english, "GET", `/api/queues/${queueId}/stats`)).status).toBe(403);
      expect((await call(stranger, "GET", `/api/queues/${queueId}/stats`)).status).toBe(404);

      // Nobody free speaks Spanish and the relaxation is ten minutes off: the caller waits, and a campaign may have the agent.
      expect(await pool.queueTurn(queueId, callId)).toMatchObject({ kind: "waiting", position: 1 });
      expect((await pool.agentStates([english.userId]))[0]).toMatchObject({ status: "available" });
      // An agent may not change skills; a supervisor may, with a bad level named.
      expect((await call(english, "PATCH", `/api/queues/${queueId}/members`, { members: [] })).status).toBe(403);
      const wrong = await call(supervisor, "PATCH", `/api/queues/${queueId}/members`, { members: [{ userId: english.userId, skills: { "language:es": 11 } }] });
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(wrong.body)).toContain("members");
      const changed = await call(supervisor, "PATCH", `/api/queues/${queueId}/members`, { members: [{ userId: english.userId, skills: { "language:en": 7, "language:es": 6 } }] });
      expect(changed.status).toBe(200);
      expect(changed.body.queue.members).toEqual([{ userId: english.userId, skills: { "language:en": 7, "language:es": 6 } }]);
      expect(JSON.stringify((await call(owner, "GET", "/api/audit?limit=5")).body)).toContain("queue.members_set");

      // Blended, inbound first: a campaign's pacing now counts the agent as taken (the waiting caller's), not free.
      expect((await pool.agentStates([english.userId]))[0]).toMatchObject({ status: "on_call" });
      // The next pass routes by the new skills: the caller is answered by that agent.
      expect(await pool.queueTurn(queueId, callId)).toEqual({ kind: "agent", userId: english.userId });
      await waitFor(() => watching.queues.some((q) => q.queueId === queueId && q.waiting.length === 0 && q.stats.answered === 1), 10_000, "the answer on the live queue");
      const after = (await call(supervisor, "GET", `/api/queues/${queueId}/stats`)).body.queue;
      expect(after.stats).toMatchObject({ waitingNow: 0, answered: 1, answeredWithinThreshold: 1, serviceLevel: 1, abandoned: 0 });
      expect(after.agents[0].skills).toEqual({ "language:en": 7, "language:es": 6 });
    } finally {
      agentConsole.close();
      watching.close();
    }
  });

  it("lets a supervisor move a waiting caller to another queue, where an agent takes them; the first queue no longer holds them", async () => {
    const agent = await inviteAndJoin(owner, "agent");
    const nobody = await call(owner, "POST", "/api/queues", { name: `Empty ${crypto.randomUUID().slice(0, 8)}` });
    const staffed = await call(owner, "POST", "/api/queues", { name: `Staffed ${crypto.randomUUID().slice(0, 8)}`, members: [{ userId: agent.userId, skills: {} }] });
    const [fromId, toId] = [nobody.body.queue.id as string, staffed.body.queue.id as string];
    const agentConsole = await AgentConsole.open(owner.organizationId, agent);
    try {
      await waitFor(() => agentConsole.status === "available", 10_000, "agent available");
      const pool = agentPoolStub(env, owner.organizationId);
      const callId = crypto.randomUUID();
      const routing = { members: [], skillRelaxSeconds: 60, maxWaiting: 50, maxWaitSeconds: 900, serviceLevelSeconds: 20 };
      await pool.queueArrive(fromId, routing, { callId, priority: 2, needs: {}, from: "+15550142002", enteredAtMs: Date.now() });
      expect(await pool.queueTurn(fromId, callId)).toMatchObject({ kind: "waiting", position: 1 });

      expect((await call(agent, "POST", `/api/queues/${toId}/move-in`, { callId })).status).toBe(403);
      const bad = await call(supervisor, "POST", `/api/queues/${toId}/move-in`, { callId: "not-a-call" });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe("callId");
      const moved = await call(supervisor, "POST", `/api/queues/${toId}/move-in`, { callId });
      expect(moved.status).toBe(200);
      expect(moved.body.moved).toEqual({ callId, fromQueueId: fromId, toQueueId: toId });
      expect(await pool.queueTurn(fromId, callId)).toEqual({ kind: "gone", heldElsewhere: true });
      expect(await pool.queueTurn(toId, callId)).toEqual({ kind: "agent", userId: agent.userId });
      // Once answered there, they wait nowhere: nothing moves.
      expect((await call(supervisor, "POST", `/api/queues/${fromId}/move-in`, { callId })).body.moved).toBeNull();
      expect(JSON.stringify((await call(owner, "GET", "/api/audit?limit=5")).body)).toContain("queue.call_moved");
    } finally {
      agentConsole.close();
    }
  });
});
