import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { call, freshAddress, sessionCookieFrom } from "./support/client";
import { deviceCookieFrom } from "./support/login-limits";
import { inviteAndJoin, logIn, PASSWORD, signUp, unique } from "./support/orgs";

describe("sign-up and login", () => {
  it("sign-up creates the organisation and its owner, and sets a safe session cookie", async () => {
    const email = `founder-${unique()}@example.test`;
    const response = await call(null, "POST", "/api/auth/signup", {
      organizationName: "Acme Recovery",
      name: "Frida Founder",
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ user: { email, name: "Frida Founder" }, organization: { name: "Acme Recovery" }, role: "owner" });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await call({ cookie: sessionCookieFrom(response.headers) }, "GET", "/api/auth/me");
    expect(me.body.organization.id).toBe(response.body.organization.id);
  });

  it("marks the cookie Secure when served over https", async () => {
    const response = await call(null, "POST", "/api/auth/signup", {
      organizationName: "Secure Org",
      name: "S",
      email: `secure-${unique()}@example.test`,
      password: PASSWORD,
    }, { baseUrl: "https://app.test" });
    expect(response.headers.get("set-cookie")).toMatch(/Secure/);
  });

  it("stores passwords as salted PBKDF2 with at least 100,000 iterations, never in clear", async () => {
    const owner = await signUp();
    const { db, close } = openDatabase(env, TEST_ACCESS);
    const rows = await db.execute<{ password_hash: string }>(sql`select password_hash from users where email = ${owner.email}`);
    await close();
    const stored = rows.rows[0]!.password_hash;
    expect(stored).not.toContain(PASSWORD);
    const [scheme, iterations] = stored.split("$");
    expect(scheme).toBe("pbkdf2-sha256");
    expect(Number(iterations)).toBeGreaterThanOrEqual(100_000);
  });

  it("refuses a second sign-up with the same email", async () => {
    const owner = await signUp();
    const again = await call(null, "POST", "/api/auth/signup", { organizationName: "Twice", name: "T", email: owner.email, password: PASSWORD });
    expect(again.status).toBe(409);
  });

  it("tells a wrong password and an unknown email apart from nobody", async () => {
    const owner = await signUp();
    const wrong = await call(null, "POST", "/api/auth/login", { email: owner.email, password: "not the password" });
    const unknown = await call(null, "POST", "/api/auth/login", { email: `ghost-${unique()}@example.test`, password: "x" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("logout ends the session for good", async () => {
    const owner = await signUp();
    expect((await call(owner, "POST", "/api/auth/logout")).status).toBe(204);
    const me = await call(owner, "GET", "/api/auth/me");
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthorized");
  });
});

describe("sign-in history", () => {
  const loginAs = (email: string, caller: { address: string; cookie?: string }, password = PASSWORD) =>
    call(caller, "POST", "/api/auth/login", { email, password }, { headers: { "user-agent": "Floor Browser 1.0" } });

  it("an ordinary login writes no audit row, and appears in the person's own sign-in history", async () => {
    const owner = await signUp();
    const agent = await inviteAndJoin(owner, "agent");
    const auditBefore = (await call(owner, "GET", "/api/audit?limit=100")).body.entries.length;
    const desk = freshAddress();
    const login = await loginAs(agent.email, { address: desk });
    expect(login.status).toBe(200);
    expect((await call(owner, "GET", "/api/audit?limit=100")).body.entries.length).toBe(auditBefore);

    const history = await call({ cookie: sessionCookieFrom(login.headers) }, "GET", "/api/profile/sign-ins");
    expect(history.status).toBe(200);
    expect(history.body.signIns[0]).toMatchObject({ outcome: "succeeded", address: desk, userAgent: "Floor Browser 1.0", device: expect.any(String) });
    // The invitation's acceptance was a sign-in too, older.
    expect(history.body.signIns).toHaveLength(2);
  });

  it("records wrong passwords for a known user, and an admin sees a member's history but an agent does not", async () => {
    const owner = await signUp();
    const agent = await inviteAndJoin(owner, "agent");
    const elsewhere = freshAddress();
    expect((await loginAs(agent.email, { address: elsewhere }, "not it")).status).toBe(401);

    const own = await call(agent, "GET", "/api/profile/sign-ins");
    expect(own.body.signIns[0]).toMatchObject({ outcome: "wrong_password", address: elsewhere });
    const members = await call(owner, "GET", "/api/members");
    const membership = members.body.members.find((m: { userId: string }) => m.userId === agent.userId);
    const seenByAdmin = await call(owner, "GET", `/api/members/${membership.id}/sign-ins`);
    expect(seenByAdmin.status).toBe(200);
    expect(seenByAdmin.body.signIns).toEqual(own.body.signIns);
    expect((await call(agent, "GET", `/api/members/${membership.id}/sign-ins`)).status).toBe(403);
  });

  it("keeps one HttpOnly device cookie for the sign-in routes across logins", async () => {
    const owner = await signUp();
    const desk = freshAddress();
    const first = await loginAs(owner.email, { address: desk });
    // One header for all cookies: split where the next cookie's name starts (Expires has a comma too).
    const cookie = first.headers.get("set-cookie")!.split(/, (?=\w+=)/).find((c) => c.startsWith("wib_device="))!;
    expect(cookie).toMatch(/; Path=\/api\/auth(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/i);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/i);
    // Browsers keep it as long as they keep any cookie: a year and more.
    expect(Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!) - Date.now()).toBeGreaterThan(365 * 24 * 3600_000);
    const device = deviceCookieFrom(first.headers);
    const second = await loginAs(owner.email, { address: desk, cookie: device });
    expect(deviceCookieFrom(second.headers)).toBe(device);
    const history = await call({ cookie: sessionCookieFrom(second.headers) }, "GET", "/api/profile/sign-ins");
    const [latest, previous] = history.body.signIns;
    expect(latest.device).toBe(previous.device);
  });
});

describe("invitations", () => {
  it("an invited person joins with the invited role, and the link works once", async () => {
    const owner = await signUp();
    const email = `invitee-${unique()}@example.test`;
    const invite = await call(owner, "POST", "/api/invites", { email, role: "supervisor" });
    const lookup = await call(null, "GET", `/api/invites/lookup/${invite.body.token}`);
    expect(lookup.body).toMatchObject({ email, role: "supervisor" });
    const accepted = await call(null, "POST", "/api/auth/accept-invite", { token: invite.body.token, name: "Ivy", password: PASSWORD });
    expect(accepted.status).toBe(201);
    expect(accepted.body.role).toBe("supervisor");
    const again = await call(null, "POST", "/api/auth/accept-invite", { token: invite.body.token, name: "Ivy", password: PASSWORD });
    expect(again.status).toBe(404);
  });

  it("a revoked invitation cannot be accepted", async () => {
    const owner = await signUp();
    const invite = await call(owner, "POST", "/api/invites", { email: `r-${unique()}@example.test`, role: "agent" });
    await call(owner, "DELETE", `/api/invites/${invite.body.invite.id}`);
    const accepted = await call(null, "POST", "/api/auth/accept-invite", { token: invite.body.token, name: "R", password: PASSWORD });
    expect(accepted.status).toBe(404);
  });

  it("an admin cannot invite an owner", async () => {
    const owner = await signUp();
    const admin = await inviteAndJoin(owner, "admin");
    const response = await call(admin, "POST", "/api/invites", { email: `o-${unique()}@example.test`, role: "owner" });
    expect(response.status).toBe(403);
  });
});

describe("roles take effect at once", () => {
  it("a promoted agent gets supervisor rights on the next request; a removed member is locked out", async () => {
    const owner = await signUp();
    const agent = await inviteAndJoin(owner, "agent");
    const newAccount = { name: "Promo Test", phones: ["+15555550199"] };
    expect((await call(agent, "POST", "/api/accounts", newAccount)).status).toBe(403);
    const members = await call(owner, "GET", "/api/members");
    const membership = members.body.members.find((m: { userId: string }) => m.userId === agent.userId);
    expect((await call(owner, "PATCH", `/api/members/${membership.id}`, { role: "supervisor" })).status).toBe(200);
    expect((await call(agent, "POST", "/api/accounts", newAccount)).status).toBe(201);
    expect((await call(owner, "DELETE", `/api/members/${membership.id}`)).status).toBe(204);
    expect((await call(agent, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("the last owner cannot be demoted or removed", async () => {
    const owner = await signUp();
    const members = await call(owner, "GET", "/api/members");
    const own = members.body.members[0].id;
    const demote = await call(owner, "PATCH", `/api/members/${own}`, { role: "admin" });
    expect(demote.status).toBe(409);
    expect((await call(owner, "DELETE", `/api/members/${own}`)).status).toBe(409);
    expect((await call(owner, "GET", "/api/auth/me")).body.role).toBe("owner");
  });
});

describe("API keys", () => {
  it("work as a Bearer token with their own role, are stored hashed, and stop working when revoked", async () => {
    const owner = await signUp();
    const created = await call(owner, "POST", "/api/api-keys", { name: "CRM sync", role: "viewer", scopes: ["organization:read", "accounts:write"] });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    const asKey = { apiKey: secret };
    const me = await call(asKey, "GET", "/api/auth/me");
    expect(me.body).toMatchObject({ user: null, role: "viewer", organization: { id: owner.organizationId } });
    expect((await call(asKey, "POST", "/api/accounts", { name: "No", phones: ["+15555550100"] })).status).toBe(403);

    const { db, close } = openDatabase(env, TEST_ACCESS);
    const stored = await db.execute<{ key_hash: string; last_used_at: Date | null }>(
      sql`select key_hash, last_used_at from api_keys where id = ${created.body.apiKey.id}`,
    );
    await close();
    expect(stored.rows[0]!.key_hash).not.toContain(secret);
    expect(stored.rows[0]!.last_used_at).not.toBeNull();

    await call(owner, "DELETE", `/api/api-keys/${created.body.apiKey.id}`);
    expect((await call(asKey, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("cannot carry a role above its creator's", async () => {
    const owner = await signUp();
    const admin = await inviteAndJoin(owner, "admin");
    expect((await call(admin, "POST", "/api/api-keys", { name: "k", role: "owner", scopes: ["accounts:read"] })).status).toBe(403);
  });
});

describe("sessions per organisation", () => {
  it("a fresh login lands in the member's organisation with its role", async () => {
    const owner = await signUp();
    const agent = await inviteAndJoin(owner, "agent");
    const again = await logIn(agent);
    const me = await call(again, "GET", "/api/auth/me");
    expect(me.body).toMatchObject({ role: "agent", organization: { id: owner.organizationId } });
  });
});

describe("cross-site requests", () => {
  it("a change carrying the session cookie from another site's page is refused", async () => {
    const owner = await signUp();
    const { exports } = await import("cloudflare:workers");
    const response = await exports.default.fetch(
      new Request("http://app.test/api/accounts", {
        method: "POST",
        headers: { cookie: owner.cookie!, origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ name: "Forged", phones: ["+15555550100"] }),
      }),
    );
    expect(response.status).toBe(403);
    const sameSite = await call({ ...owner }, "POST", "/api/accounts", { name: "Mine", phones: ["+15555550100"] });
    expect(sameSite.status).toBe(201);
  });
});
