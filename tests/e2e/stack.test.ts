// The local stack tells the truth about itself: the Worker reports which services are
// simulated, and the carrier simulator refuses call commands it cannot carry out yet
// in the carrier's own error shape (so the telnyx SDK surfaces it as an API error).
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
      llm: { mode: "offline-fallback" },
    });
  });

  it("serves the console shell for deep links", async () => {
    const response = await fetch(`${baseUrl}/supervisor`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<!doctype html>");
  });

  it("has a carrier simulator that answers call commands 501 in Telnyx's error shape", async () => {
    const health = await fetch(new URL("/health", carrierBaseUrl));
    expect(await health.json()).toEqual({ ok: true, service: "carrier-simulator" });

    const dial = await fetch(`${carrierBaseUrl}/calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: "+13125550101", from: "+13125550199", connection_id: "demo" }),
    });
    expect(dial.status).toBe(501);
    expect(await dial.json()).toEqual({
      errors: [
        {
          code: "not_implemented",
          title: "Not implemented",
          detail: "The carrier simulator does not implement POST /v2/calls yet: calls arrive with the calls issue",
        },
      ],
    });
  });
});
