// The login's limits as a call floor meets them: only failures count, per address
// generously (a floor behind one office address), per account with growing locks that
// the account's own known device passes. Time is moved in the RateLimiter actors'
// storage (support/login-limits.ts), never waited for.
import { describe, expect, it } from "vitest";
import { ACCOUNT_LOCKOUT, LOGIN_FAILURES_PER_ADDRESS } from "../../worker/auth/login-guard";
import { call, freshAddress } from "./support/client";
import { deviceCookieFrom, inBatches, makeAgents, passTimeOnAccountLock, recordFailuresFrom } from "./support/login-limits";
import { PASSWORD, signUp, unique } from "./support/orgs";

const FLOOR_PARALLEL_LOGINS = 25;

async function floorLogsIn(agentCount: number, office = freshAddress()) {
  const owner = await signUp("Floor");
  const emails = await makeAgents(owner.organizationId, agentCount);
  const answers = await inBatches(emails, FLOOR_PARALLEL_LOGINS, (email) =>
    call({ address: office }, "POST", "/api/auth/login", { email, password: PASSWORD }),
  );
  return answers.map((a) => a.status);
}

async function auditActions(owner: { cookie?: string }, action: string) {
  const log = await call(owner, "GET", "/api/audit?limit=100");
  return (log.body.entries as { action: string; after: unknown }[]).filter((e) => e.action === action);
}

describe("a call floor behind one office address", () => {
  it("30 agents logging in at 09:00 all get in", async () => {
    expect(await floorLogsIn(30)).toEqual(Array(30).fill(200));
  });

  // 300 real logins would spend most of a minute hashing passwords; what they would
  // prove is that a morning's worth of typos from one address leaves room for everyone.
  // Successes leave no trace in the count (tested below), so 300 agents with three typos
  // each are 900 failures: recorded without their hashing, then the floor still gets in.
  it("300 agents behind one NAT, three typos each, still get in", async () => {
    const office = freshAddress();
    await recordFailuresFrom(office, 300 * 3);
    expect(await floorLogsIn(30, office)).toEqual(Array(30).fill(200));
  });
});

describe("an account under attack", () => {
  async function agentWithKnownDevice() {
    const owner = await signUp("Desk");
    const [email] = await makeAgents(owner.organizationId, 1);
    const desk = freshAddress();
    const first = await call({ address: desk }, "POST", "/api/auth/login", { email: email!, password: PASSWORD });
    expect(first.status).toBe(200);
    return { owner, email: email!, desk, device: deviceCookieFrom(first.headers) };
  }

  async function attack(email: string, attacker: string, guesses: number) {
    const statuses: number[] = [];
    for (let i = 0; i < guesses; i++) {
      statuses.push((await call({ address: attacker }, "POST", "/api/auth/login", { email, password: `guess ${i}` })).status);
    }
    return statuses;
  }

  it("9 wrong passwords from an attacker's address do not keep the agent off their own desk", async () => {
    const { email, desk, device } = await agentWithKnownDevice();
    const statuses = await attack(email, freshAddress(), 9);
    expect(statuses).toEqual([...Array(ACCOUNT_LOCKOUT.freeFailures).fill(401), ...Array(9 - ACCOUNT_LOCKOUT.freeFailures).fill(429)]);

    const fromDesk = await call({ address: desk, cookie: device }, "POST", "/api/auth/login", { email, password: PASSWORD });
    expect(fromDesk.status).toBe(200);
    // The known device passes the lock, not the password check.
    const wrongFromDesk = await call({ address: desk, cookie: device }, "POST", "/api/auth/login", { email, password: "typo" });
    expect(wrongFromDesk.status).toBe(401);
  });

  it("from a browser new to the account the agent waits a growing delay, and the lock is in the audit log once", async () => {
    const { owner, email } = await agentWithKnownDevice();
    const attacker = freshAddress();
    await attack(email, attacker, 9);

    const fromNewBrowser = () => call({ address: freshAddress() }, "POST", "/api/auth/login", { email, password: PASSWORD });
    const first = await fromNewBrowser();
    expect(first.status).toBe(429);
    expect(first.body.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/try again in \d+ s/) });
    const firstWait = Number(first.headers.get("retry-after"));
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(ACCOUNT_LOCKOUT.firstLockMs / 1000);

    // The lock runs out; the attacker guesses once more and the next lock is longer.
    await passTimeOnAccountLock(email, ACCOUNT_LOCKOUT.firstLockMs);
    expect((await attack(email, attacker, 1))[0]).toBe(401);
    const second = await fromNewBrowser();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(firstWait);

    const locks = await auditActions(owner, "login.locked");
    expect(locks).toHaveLength(1);
    expect(locks[0]!.after).toMatchObject({ email, address: attacker });
    expect(JSON.stringify(locks[0])).not.toMatch(/guess/);

    // Once the lock has run out, the right password works from anywhere and clears it.
    await passTimeOnAccountLock(email, ACCOUNT_LOCKOUT.maxLockMs);
    expect((await fromNewBrowser()).status).toBe(200);
    expect((await attack(email, attacker, 1))[0]).toBe(401);
  });

  it("guesses from many addresses at one account stop at the lock, and the right password waits too", async () => {
    const owner = await signUp();
    for (let i = 0; i < ACCOUNT_LOCKOUT.freeFailures; i++) {
      await call(null, "POST", "/api/auth/login", { email: owner.email, password: `guess ${i}` });
    }
    const guess = await call(null, "POST", "/api/auth/login", { email: owner.email, password: "another guess" });
    expect(guess.status).toBe(429);
    const correct = await call(null, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD });
    expect(correct.status).toBe(429);
  });
});

describe("failed logins per address", () => {
  it("credential stuffing across many emails from one address gets 429 with Retry-After", async () => {
    const address = freshAddress();
    await recordFailuresFrom(address, LOGIN_FAILURES_PER_ADDRESS.limit - 2);
    for (let i = 0; i < 2; i++) {
      const attempt = await call({ address }, "POST", "/api/auth/login", { email: `x-${unique()}@example.test`, password: "nope" });
      expect(attempt.status).toBe(401);
    }
    const blocked = await call({ address }, "POST", "/api/auth/login", { email: `x-${unique()}@example.test`, password: "nope" });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(blocked.body.error.message).toMatch(/try again in \d+ s/);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_FAILURES_PER_ADDRESS.windowMs / 1000);
  });

  it("successful logins leave no trace in the address's count", async () => {
    const owner = await signUp();
    const address = freshAddress();
    await recordFailuresFrom(address, LOGIN_FAILURES_PER_ADDRESS.limit - 1);
    for (let i = 0; i < 3; i++) {
      expect((await call({ address }, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD })).status).toBe(200);
    }
    expect((await call({ address }, "POST", "/api/auth/login", { email: owner.email, password: "typo" })).status).toBe(401);
    expect((await call({ address }, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD })).status).toBe(429);
  });

  it("does not limit one address because another is noisy", async () => {
    const noisy = freshAddress();
    await recordFailuresFrom(noisy, LOGIN_FAILURES_PER_ADDRESS.limit);
    expect((await call({ address: noisy }, "POST", "/api/auth/login", { email: `n-${unique()}@example.test`, password: "x" })).status).toBe(429);
    const owner = await signUp();
    const other = await call({ address: freshAddress() }, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD });
    expect(other.status).toBe(200);
  });
});
