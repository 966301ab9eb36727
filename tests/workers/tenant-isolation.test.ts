// Generated from the route table: a new route is covered without a new test.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, organizations, segments } from "../../db/schema";
import { sqlStateOf } from "../../db/postgres-errors";
import { createApp, registerRoute } from "../../worker/app";
import { member, type RouteSpec } from "../../worker/http/route-table";
import { ROOM_PARTIES } from "../../worker/rooms";
import { stopCampaignsStarted } from "./support/campaign-clock";
import { BASE_URL, call, callHonouringRetryAfter } from "./support/client";
import { createOrgWithEveryRole, type TestOrg } from "./support/orgs";
import { resourceFixtures } from "./support/resources";
import { concretePath, memberRoutes, routeName, routeTable, validBodyFor } from "./support/routes";

// A valid body starts a rehearsal (POST /api/campaigns/:id/rehearsals): its copy stops with the file.
afterAll(() => stopCampaignsStarted());

let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  orgA = await createOrgWithEveryRole("Alpha");
  orgB = await createOrgWithEveryRole("Bravo");
});

describe("every route naming a resource by id", () => {
  it("declares which tenant resource its id names, and that kind has a fixture", () => {
    for (const route of routeTable.filter((r) => r.path.includes(":id") && r.access.kind === "member")) {
      expect(route.resource, routeName(route)).toBeDefined();
      expect(resourceFixtures[route.resource!], routeName(route)).toBeTypeOf("function");
    }
  });

  for (const route of memberRoutes().filter((r) => r.resource)) {
    it(`${routeName(route)} answers 404 to an owner of another organisation, and works for its own`, async () => {
      const pathInA = await concretePath(route, orgA.owner);
      // A placement route may ask a loaded engine's caller to come back (503 + Retry-After): it is answered as a client would.
      const fromB = await callHonouringRetryAfter(orgB.owner, route.method, pathInA, validBodyFor(route));
      expect(fromB.status, JSON.stringify(fromB.body)).toBe(404);
      expect(fromB.body.error.code).toBe("not_found");
      const fromA = await callHonouringRetryAfter(orgA.owner, route.method, pathInA, validBodyFor(route));
      expect(fromA.status, JSON.stringify(fromA.body)).toBeLessThan(300);
    });
  }
});

describe("every list route", () => {
  // One of every kind of row in organisation A, made once: every list route must hide them all.
  let idsInA: string[];
  beforeAll(async () => {
    idsInA = await Promise.all(Object.values(resourceFixtures).map((make) => make(orgA.owner)));
  });

  for (const route of memberRoutes().filter((r) => r.method === "GET" && !r.path.includes(":"))) {
    it(`${routeName(route)} never shows another organisation's rows`, async () => {
      const fromB = await call(orgB.owner, "GET", route.path);
      expect(fromB.status).toBe(200);
      const text = JSON.stringify(fromB.body);
      expect(text).not.toContain(orgA.organizationId);
      for (const id of idsInA) expect(text).not.toContain(id);
    });
  }
});

describe("actor rooms", () => {
  const connect = (party: string, room: string, cookie?: string) =>
    exports.default.fetch(
      new Request(`${BASE_URL}/parties/${party}/${room}`, {
        headers: { upgrade: "websocket", ...(cookie ? { cookie } : {}) },
      }),
    );

  for (const party of Object.keys(ROOM_PARTIES)) {
    it(`${party}: another organisation's member is refused, its own member gets in`, async () => {
      const room = `${orgA.organizationId}:pool`;
      for (const role of ["owner", "agent", "viewer"] as const) {
        const refused = await connect(party, room, orgB.members[role].cookie);
        expect(refused.status).toBe(404);
        expect(refused.webSocket).toBeNull();
      }
      // The least role the room admits gets in; below it, 403 (an agent in a campaign room).
      const { minRole } = ROOM_PARTIES[party]!;
      const admitted = await connect(party, room, orgA.members[minRole].cookie);
      expect(admitted.status).toBe(101);
      if (minRole !== "viewer" && minRole !== "agent") expect((await connect(party, room, orgA.members.agent.cookie)).status).toBe(403);
      admitted.webSocket!.accept();
      admitted.webSocket!.close();
    });

    it(`${party}: no session is refused with 401`, async () => {
      const refused = await connect(party, `${orgA.organizationId}:pool`);
      expect(refused.status).toBe(401);
    });
  }

  it("an encoded spelling of a room name is not a second door into the room", async () => {
    const refused = await connect("agent-pool-actor", `${orgA.organizationId}%3Apool`, orgA.members.agent.cookie);
    expect(refused.status).toBe(404);
  });

  it("a Durable Object that is not a room cannot be reached through /parties", async () => {
    const refused = await connect("rate-limiter", `${orgA.organizationId}:x`, orgA.owner.cookie);
    expect(refused.status).toBe(404);
  });
});

describe("row-level security behind the member routes", () => {
  // Fixture routes that forget their organisation, served through the app's real member
  // pipeline (session, role, then the request's database scoped to the member's organisation):
  // Postgres itself must keep another organisation's rows out of reach.
  const app = createApp();
  const forgetful = (method: "GET" | "POST", path: string, handler: RouteSpec["handler"]): void =>
    registerRoute(app, { method, path, response: { 200: null } as unknown as RouteSpec["response"], errors: [], summary: "test fixture", access: member("agent"), handler });
  forgetful("GET", "/api/test-fixtures/every-account", async (c) => {
    // No where-clause: every organisation's accounts and organisations, were it not for RLS.
    const rows = await c.var.db.select({ organizationId: accounts.organizationId }).from(accounts);
    const orgs = await c.var.db.select({ id: organizations.id }).from(organizations);
    return c.json({ accountOrganizations: [...new Set(rows.map((r) => r.organizationId))], accounts: rows.length, organizations: orgs.map((o) => o.id) });
  });
  forgetful("POST", "/api/test-fixtures/segment-elsewhere", async (c) => {
    // A write naming another organisation (as a bug taking an id from a body would).
    try {
      await c.var.db.insert(segments).values({ organizationId: c.req.query("organization")!, name: "Planted", filters: {} as never });
      return c.json({ written: true });
    } catch (error) {
      return c.json({ written: false, sqlState: sqlStateOf(error) });
    }
  });

  async function fixture(caller: { cookie?: string }, method: string, path: string) {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`${BASE_URL}${path}`, { method, headers: { cookie: caller.cookie!, origin: BASE_URL } }), env, ctx);
    await waitOnExecutionContext(ctx);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("shows a route that forgot its where-clause only the member's own organisation's rows", async () => {
    await Promise.all([resourceFixtures.account(orgA.owner), resourceFixtures.account(orgB.owner)]);
    const seen = await fixture(orgA.members.agent, "GET", "/api/test-fixtures/every-account");
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.accountOrganizations).toEqual([orgA.organizationId]);
    expect(seen.body.accounts).toBeGreaterThan(0);
    expect(seen.body.organizations).toEqual([orgA.organizationId]);
  });

  it("refuses a route's write into another organisation, and keeps its own", async () => {
    const elsewhere = await fixture(orgA.members.agent, "POST", `/api/test-fixtures/segment-elsewhere?organization=${orgB.organizationId}`);
    expect(elsewhere.body).toEqual({ written: false, sqlState: "42501" });
    const own = await fixture(orgA.members.agent, "POST", `/api/test-fixtures/segment-elsewhere?organization=${orgA.organizationId}`);
    expect(own.body).toEqual({ written: true });
    const listedInB = await call(orgB.owner, "GET", "/api/segments");
    expect(JSON.stringify(listedInB.body)).not.toContain("Planted");
  });
});
