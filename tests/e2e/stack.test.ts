// The local stack tells the truth about itself: the Worker reports which services are
// simulated, and the carrier simulator answers in Telnyx's own shapes (so the telnyx
// SDK treats it as the carrier).
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const carrierBaseUrl = inject("carrierBaseUrl");

describe("the local stack", () => {
  it("reports a healthy embedded database and simulated carrier and payments", async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      db: { ok: true, mode: "embedded" },
      carrier: { mode: "simulator" },
      payments: { mode: "simulator" },
      llm: { mode: "simulator" },
      // An idle stack is not behind: new calls are taken.
      engine: { behind: false, webhooksWaiting: 0 },
    });
  });

  it("serves the console shell for deep links", async () => {
    const response = await fetch(`${baseUrl}/supervisor`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<!doctype html>");
  });

  it("has a carrier simulator that speaks Telnyx: 401 without a key, a placed call with one", async () => {
    const health = await fetch(new URL("/health", carrierBaseUrl));
    expect(await health.json()).toEqual({ ok: true, service: "carrier-simulator" });

    const body = JSON.stringify({ to: "+15550300001", from: "+15550001000", connection_id: "sim-connection" });
    const anonymous = await fetch(`${carrierBaseUrl}/calls`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ code: "10009", title: "Authentication failed" }] });

    const dial = await fetch(`${carrierBaseUrl}/calls`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sim-key" },
      body,
    });
    expect(dial.status).toBe(200);
    expect(await dial.json()).toMatchObject({ data: { call_control_id: expect.stringMatching(/^v3:/), is_alive: true, record_type: "call" } });
  });
});
