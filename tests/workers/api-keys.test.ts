// Scoped API keys as an integrator meets them: the scope a route needs, an expiry, a
// request budget per key (429 + Retry-After), last use recorded without a write per
// request, and a key that never does more than the person who made it.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, type Caller } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp } from "./support/orgs";

async function createKey(creator: Caller, body: Record<string, unknown>) {
  const created = await call(creator, "POST", "/api/api-keys", { name: "Integration", role: "owner", ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.apiKey.id as string, key: { apiKey: created.body.secret as string } satisfies Caller, apiKey: created.body.apiKey };
}

const backdate = (id: string, column: "expires_at" | "last_used_at", secondsAgo: number) =>
  withDatabase((db) => db.execute(sql`update api_keys set ${sql.identifier(column)} = now() - make_interval(secs => ${secondsAgo}) where id = ${id}`));

const lastUsedOf = async (owner: Caller, id: string) =>
  ((await call(owner, "GET", "/api/api-keys")).body.apiKeys as { id: string; lastUsedAt: string | null }[]).find((k) => k.id === id)!.lastUsedAt;

describe("scoped API keys", () => {
  it("a key reads what its scopes allow and is refused the rest with 403 naming the scope", async () => {
    const owner = await signUp("Scopes");
    const { key, apiKey } = await createKey(owner, { scopes: ["accounts:read", "campaigns:write"] });
    expect(apiKey).toMatchObject({ scopes: ["accounts:read", "campaigns:write"], expiresAt: null, rateLimitPerMinute: 600 });
    expect((await call(key, "GET", "/api/accounts")).status).toBe(200);
    expect((await call(key, "GET", "/api/campaigns")).status).toBe(200); // a family's write grants its read
    const write = await call(key, "POST", "/api/accounts", { name: "Ada", phones: ["+15555550100"] });
    expect(write.status).toBe(403);
    expect(write.body.error).toEqual({ code: "forbidden", message: "This API key lacks the accounts:write scope" });
    expect((await call(key, "GET", "/api/calls")).body.error.message).toBe("This API key lacks the calls:read scope");
    expect((await call(key, "GET", "/api/audit")).body.error.message).toBe("This API key lacks the admin scope");
  });

  it("a key cannot give a key more scopes than it has, nor a role above its own", async () => {
    const owner = await signUp("Scopes");
    const { key } = await createKey(owner, { role: "admin", scopes: ["admin", "accounts:read"] });
    const wider = await call(key, "POST", "/api/api-keys", { name: "Wider", role: "admin", scopes: ["accounts:write"] });
    expect(wider.status).toBe(403);
    expect(wider.body.error.message).toBe("This API key cannot give scopes it lacks: accounts:write");
    expect((await call(key, "POST", "/api/api-keys", { name: "Higher", role: "owner", scopes: ["accounts:read"] })).status).toBe(403);
    const narrower = await call(key, "POST", "/api/api-keys", { name: "Narrower", role: "viewer", scopes: ["accounts:read"] });
    expect(narrower.status).toBe(201);
    expect((await call({ apiKey: narrower.body.secret }, "GET", "/api/accounts")).status).toBe(200);
  });

  it("a key never does more than its creator may now: demoted, the key is demoted; gone, the key stops", async () => {
    const owner = await signUp("Creator");
    const admin = await inviteAndJoin(owner, "admin");
    const { key } = await createKey(admin, { role: "admin", scopes: ["admin", "accounts:read"] });
    expect((await call(key, "GET", "/api/api-keys")).status).toBe(200);
    const members = (await call(owner, "GET", "/api/members")).body.members as { id: string; userId: string }[];
    const membershipId = members.find((m) => m.userId === admin.userId)!.id;
    expect((await call(owner, "PATCH", `/api/members/${membershipId}`, { role: "agent" })).status).toBe(200);
    const demoted = await call(key, "GET", "/api/api-keys");
    expect(demoted.status).toBe(403);
    expect(demoted.body.error.message).toMatch(/you are agent/);
    expect((await call(owner, "DELETE", `/api/members/${membershipId}`)).status).toBe(204);
    const gone = await call(key, "GET", "/api/accounts");
    expect(gone.status).toBe(401);
    expect(gone.body.error.message).toBe("The person who created this API key is no longer a member; create a new one");
  });

  it("an expired key is refused with 401 saying when it expired; a revoked one saying it was revoked", async () => {
    const owner = await signUp("Expiry");
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const { id, key, apiKey } = await createKey(owner, { scopes: ["accounts:read"], expiresAt: inAnHour });
    expect(Date.parse(apiKey.expiresAt)).toBe(Date.parse(inAnHour));
    expect((await call(key, "GET", "/api/accounts")).status).toBe(200);
    await backdate(id, "expires_at", 1);
    const expired = await call(key, "GET", "/api/accounts");
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: "unauthorized", message: expect.stringMatching(/^This API key expired at \d{4}-.*; create a new one$/) });

    const revocable = await createKey(owner, { scopes: ["accounts:read"] });
    expect((await call(owner, "DELETE", `/api/api-keys/${revocable.id}`)).status).toBe(200);
    expect((await call(revocable.key, "GET", "/api/accounts")).body.error.message).toMatch(/^This API key was revoked at /);
  });

  it("refuses an expiry in the past, no scopes or an unknown scope with 400 naming the field", async () => {
    const owner = await signUp("Expiry");
    const fieldsOf = async (body: Record<string, unknown>) => {
      const response = await call(owner, "POST", "/api/api-keys", { name: "Bad", role: "viewer", scopes: ["accounts:read"], ...body });
      expect(response.status).toBe(400);
      return response.body.error.fields as { path: string; message: string }[];
    };
    expect(await fieldsOf({ expiresAt: new Date(Date.now() - 1_000).toISOString() })).toEqual([{ path: "expiresAt", message: "must be in the future" }]);
    expect((await fieldsOf({ scopes: [] }))[0]).toEqual({ path: "scopes", message: "give the key at least one scope" });
    expect((await fieldsOf({ scopes: ["everything"] }))[0]!.path).toBe("scopes.0");
  });

  it("a key over its requests a minute gets 429 with Retry-After in the error shape; another key is untouched", async () => {
    const owner = await signUp("Limits");
    const { key } = await createKey(owner, { scopes: ["accounts:read"], rateLimitPerMinute: 3 });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(key, "GET", "/api/accounts"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    const limited = await call(key, "GET", "/api/accounts");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("20");
    expect(limited.body).toEqual({ error: { code: "rate_limited", message: "This API key may make 3 requests a minute; try again in 20 s" } });
    // Refused requests count too: a key probing routes it may not call spends its budget.
    expect((await call(key, "POST", "/api/accounts", { name: "Ada", phones: ["+15555550100"] })).status).toBe(429);

    const other = await createKey(owner, { scopes: ["accounts:read"], rateLimitPerMinute: 3 });
    expect((await call(other.key, "GET", "/api/accounts")).status).toBe(200);
    expect((await call(owner, "GET", "/api/accounts")).status).toBe(200); // sessions have no key budget
  });

  it("records last use at most once a minute, not on every request", async () => {
    const owner = await signUp("LastUsed");
    const { id, key } = await createKey(owner, { scopes: ["accounts:read"] });
    expect(await lastUsedOf(owner, id)).toBeNull();
    await call(key, "GET", "/api/accounts");
    const first = await lastUsedOf(owner, id);
    expect(first).not.toBeNull();
    await call(key, "GET", "/api/accounts");
    expect(await lastUsedOf(owner, id)).toBe(first);
    await backdate(id, "last_used_at", 120);
    const backdated = await lastUsedOf(owner, id);
    await call(key, "GET", "/api/accounts");
    const moved = await lastUsedOf(owner, id);
    expect(Date.parse(moved!)).toBeGreaterThan(Date.parse(backdated!) + 100_000);
  });
});
