// Inbound queues over the API: created with defaults from a name, bad input a 400 naming
// the field with nothing stored, supervisors read and admins change, audited; a number
// routes to a queue only by naming one of the organisation's; a queue a number routes to
// cannot be deleted; and a caller to a closed queue gets its closed action.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callActorStub } from "../../objects/shared/actor-stubs";
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
    await call(owner, "PATCH", `/api/phone-numbers/${added.body.phoneNumber.id}`, { inboundAction: "message", inboundQueueId: null });
    expect((await call(owner, "DELETE", `/api/queues/${queueId}`)).status).toBe(204);
  });
});
