import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("reports the database reachable, the mode of every dependency, and an engine that is not behind", async () => {
    const response = await SELF.fetch("http://app.test/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      db: { ok: true, mode: "embedded" },
      carrier: { mode: "simulator" },
      payments: { mode: "simulator" },
      llm: { mode: "simulator" },
      engine: { behind: false, webhooksWaiting: 0 },
    });
  });

  it("answers unknown API routes with 404 in the one error shape", async () => {
    const response = await SELF.fetch("http://app.test/api/no-such-thing");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No route GET /api/no-such-thing" } });
  });
});
