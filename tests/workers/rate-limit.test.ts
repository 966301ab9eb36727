import { describe, expect, it } from "vitest";
import { LOGIN_PER_ADDRESS, LOGIN_PER_EMAIL } from "../../worker/http/rate-limit";
import { call, freshAddress } from "./support/client";
import { PASSWORD, signUp, unique } from "./support/orgs";

describe("auth rate limits", () => {
  it("answers 429 with Retry-After once one address makes too many login attempts", async () => {
    const address = freshAddress();
    for (let i = 0; i < LOGIN_PER_ADDRESS.limit; i++) {
      const attempt = await call({ address }, "POST", "/api/auth/login", { email: `x-${unique()}@example.test`, password: "nope" });
      expect(attempt.status).toBe(401);
    }
    const blocked = await call({ address }, "POST", "/api/auth/login", { email: `x-${unique()}@example.test`, password: "nope" });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_PER_ADDRESS.windowMs / 1000);
  });

  it("limits guesses at one account even from many addresses, and blocks the right password too", async () => {
    const owner = await signUp();
    for (let i = 0; i < LOGIN_PER_EMAIL.limit; i++) {
      await call(null, "POST", "/api/auth/login", { email: owner.email, password: `guess ${i}` });
    }
    const correct = await call(null, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD });
    expect(correct.status).toBe(429);
  });

  it("does not limit one address because another is noisy", async () => {
    const noisy = freshAddress();
    for (let i = 0; i <= LOGIN_PER_ADDRESS.limit; i++) {
      await call({ address: noisy }, "POST", "/api/auth/login", { email: `n-${unique()}@example.test`, password: "x" });
    }
    const owner = await signUp();
    const other = await call({ address: freshAddress() }, "POST", "/api/auth/login", { email: owner.email, password: PASSWORD });
    expect(other.status).toBe(200);
  });
});
