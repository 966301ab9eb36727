// Placing a call with an Idempotency-Key: a client that retries after a timeout (or
// sends twice at once) gets the one call it asked for, and the carrier dials once.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../db/audit/record";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { calls } from "../../db/schema";
import { idForIdempotencyKey } from "../../worker/http/idempotency-key";
import { call, callHonouringRetryAfter, type Caller, type CallResult } from "./support/client";
import { CallPump, carrierLegsOf } from "./support/carrier";
import { freshNumberIn, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, unique, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Idempotency");
  agent = await inviteAndJoin(owner, "agent");
});

/** A busy number of its own (the simulator's +1555040xxxx range), so its calls can be counted. */
const freshBusyNumber = () => freshNumberIn("+1555040");
const freshKey = () => `order-${unique()}`;

const keyed = (key?: string) => (key === undefined ? {} : { headers: { "Idempotency-Key": key } });
/** As a client places: an engine that is behind (503 + Retry-After, likely on a loaded CI runner) is asked again. */
const place = (caller: Caller, body: Record<string, unknown>, key?: string) => callHonouringRetryAfter(caller, "POST", "/api/calls", body, keyed(key));

async function callsTo(caller: Caller, number: string): Promise<string[]> {
  const list = await call(caller, "GET", `/api/calls?number=${encodeURIComponent(number)}&limit=200`);
  return list.body.calls.map((c: { id: string }) => c.id);
}

async function untilEnded(id: string): Promise<void> {
  await CallPump.forCall(id).until(async () => TERMINAL.has((await readCall(agent, id)).status));
}

describe("a repeated Idempotency-Key", () => {
  it("returns the same call and the carrier dials once", async () => {
    const to = freshBusyNumber();
    const key = freshKey();
    const first = await place(agent, { to, kind: "direct" }, key);
    expect(first.status).toBe(201);
    const retry = await place(agent, { to, kind: "direct" }, key);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");

    await untilEnded(first.body.id);
    expect(await callsTo(agent, to)).toEqual([first.body.id]);
    expect(await carrierLegsOf(first.body.id)).toHaveLength(1);
    const audit = await call(owner, "GET", "/api/audit?limit=50");
    expect(audit.body.entries.filter((e: any) => e.action === "call.placed" && e.resourceId === first.body.id)).toHaveLength(1);
  });

  it("sent twice at once still places one call: one answer is 201, the other 200 with the same id", async () => {
    const to = freshBusyNumber();
    const key = freshKey();
    const answers = await Promise.all([place(agent, { to, kind: "direct" }, key), place(agent, { to, kind: "direct" }, key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.body.id).toBe(answers[1]!.body.id);

    await untilEnded(answers[0]!.body.id);
    expect(await callsTo(agent, to)).toEqual([answers[0]!.body.id]);
    expect(await carrierLegsOf(answers[0]!.body.id)).toHaveLength(1);
  });

  it.each([
    ["another number", { to: "+15550400999" }],
    ["another ring timeout", { ringTimeoutSeconds: 40 }],
    ["recording turned off", { record: false }],
  ])("with a different request (%s) is refused with 409 and places nothing", async (_label, change) => {
    const to = freshBusyNumber();
    const key = freshKey();
    const first = await place(agent, { to, kind: "direct" }, key);
    expect(first.status).toBe(201);
    const other = await place(agent, { to, kind: "direct", ...change }, key);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: "conflict", message: expect.stringContaining("Idempotency-Key") });
    expect(other.body.error.fields).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
    await untilEnded(first.body.id);
    expect(await callsTo(agent, to)).toEqual([first.body.id]);
  });

  it("after a first attempt that was recorded but never reached the call's actor, starts the call (once)", async () => {
    const to = freshBusyNumber();
    const key = freshKey();
    // What a first attempt leaves behind when it fails between committing and starting the actor.
    const id = await idForIdempotencyKey(owner.organizationId, key);
    const request = { to, kind: "direct", agentUserId: agent.userId, accountId: null, ringTimeoutSeconds: 22, record: true };
    const handle = openDatabase(env, TEST_ACCESS);
    try {
      await handle.db.transaction(async (tx) => {
        await tx.insert(calls).values({
          id,
          organizationId: owner.organizationId,
          direction: "outbound",
          kind: "direct",
          toNumber: to,
          fromNumber: env.TELNYX_FROM_NUMBER,
          agentUserId: agent.userId,
          status: "initiating",
          createdAt: new Date(),
          idempotencyKey: key,
          version: 0,
        });
        await recordAudit(tx, owner.organizationId, { kind: "system" }, { action: "call.placed", resourceType: "call", resourceId: id, after: { ...request, idempotencyKey: key } });
      });
    } finally {
      await handle.close();
    }
    expect(await carrierLegsOf(id)).toHaveLength(0);

    const retry = await place(agent, { to, kind: "direct" }, key);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(id);
    await untilEnded(id);
    expect((await readCall(agent, id)).status).toBe("busy");
    expect(await carrierLegsOf(id)).toHaveLength(1);
  });

  it("stands for one call per organisation: another organisation's same key places its own call", async () => {
    const to = freshBusyNumber();
    const key = freshKey();
    const ours = await place(agent, { to, kind: "direct" }, key);
    const otherOwner = await signUp("Other idempotency");
    const theirs = await place(otherOwner, { to, kind: "direct" }, key);
    expect([ours.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(ours.body.id);
    expect((await call(otherOwner, "GET", `/api/calls/${ours.body.id}`)).status).toBe(404);
    await untilEnded(ours.body.id);
  });
});

describe("a malformed Idempotency-Key", () => {
  it.each([
    ["empty", ""],
    ["longer than 200 characters", "k".repeat(201)],
    ["not printable", "line\tbreak"],
  ])("(%s) is refused with 400 naming the header, and nothing is placed", async (_label, key) => {
    const to = freshBusyNumber();
    const response = await place(agent, { to, kind: "direct" }, key);
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
    expect(await callsTo(agent, to)).toEqual([]);
  });

  it("of exactly 200 printable characters is accepted", async () => {
    const key = `${freshKey()} `.padEnd(200, "~");
    const response = await place(agent, { to: freshBusyNumber(), kind: "direct" }, key);
    expect(response.status).toBe(201);
    await untilEnded(response.body.id);
  });
});

describe("placing a call while the organisation's audit chain is busy for too long", () => {
  it("answers 503 with Retry-After and places nothing, so a retry cannot call twice", async () => {
    const to = freshBusyNumber();
    const handle = openDatabase(env, TEST_ACCESS);
    let response: CallResult | undefined;
    try {
      await handle.db.transaction(async (tx) => {
        // The lock every audit append of the organisation takes (db/audit/record.ts).
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${owner.organizationId}, 7))`);
        // Sent once, not again after its Retry-After: the refusal itself is what this test reads.
        response = await call(agent, "POST", "/api/calls", { to, kind: "direct" }, keyed(freshKey()));
      });
    } finally {
      await handle.close();
    }
    expect(response!.status).toBe(503);
    expect(response!.headers.get("retry-after")).toBe("1");
    expect(response!.body.error.code).toBe("service_unavailable");
    expect(await callsTo(agent, to)).toEqual([]);
  });
});
