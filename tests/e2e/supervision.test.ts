// A supervisor on an agent's live call, from the console in Chromium: the agent takes a
// progressive campaign's call; the supervisor opens it from the campaign room and listens,
// whispers, barges and leaves. At each step the agent's card says who is on the call in
// which mode, and the carrier simulator's `hears` map says who hears the supervisor's leg
// (nobody, the agent, both); the people's legs ring their softphone credentials' addresses
// once their consoles minted tokens. Then the agent raises a hand and withdraws it (the room
// drops it), raises one again, the room shows it, and the supervisor joins from the alert.
//
// Time: the simulator runs this file's customer fast (PUT /control/speed for its number and
// the softphones), and the customer stays on the line until we hang up.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, saveScreenshot, UI_TIMEOUT_MS } from "./support/browser";
import { api as apiAs, loggedIn as loggedInAs, middayZone } from "./support/dialer-session";

const baseUrl = inject("baseUrl");
const carrierBaseUrl = inject("carrierBaseUrl");
const controlUrl = (path: string) => new URL(path, carrierBaseUrl.replace(/\/v2\/?$/, "/"));
const CUSTOMER = "+15550100871";
const AGENT = "agent2@demo.test";

let browser: Browser;
const contexts: BrowserContext[] = [];
const loggedIn = (email: string) => loggedInAs(browser, contexts, baseUrl, email);
const api = <T>(page: Page, method: string, path: string, body?: unknown) => apiAs<T>(page, baseUrl, method, path, body);

interface SimLeg {
  call_control_id: string;
  to: string;
  state: string;
  supervising: { call_control_id: string; role: string } | null;
}

/**
 * The simulator's legs, who hears each leg, and the addresses that ring each person: the
 * engine's `sip:agent-<userId>@…`, or (once their console minted a softphone token) their
 * credential's `sip:<sip_username>@sip.telnyx.com`.
 */
async function carrierView(): Promise<{ legs: SimLeg[]; hears: Record<string, string[]>; rings: (leg: SimLeg, userId: string) => boolean }> {
  const { calls } = (await (await fetch(controlUrl("/control/calls"))).json()) as { calls: { legs: SimLeg[]; hears: Record<string, string[]> }[] };
  const { credentials } = (await (await fetch(controlUrl("/control/telephony-credentials"))).json()) as { credentials: { name: string | null; sip_username: string }[] };
  const rings = (leg: SimLeg, userId: string) =>
    leg.to.startsWith(`sip:agent-${userId}@`) || credentials.some((credential) => credential.name === `agent-${userId.toLowerCase()}` && leg.to === `sip:${credential.sip_username}@sip.telnyx.com`);
  return { legs: calls.flatMap((session) => session.legs), hears: Object.assign({}, ...calls.map((session) => session.hears)), rings };
}

/** Polls the simulator (the console is what a user watches; this is the proof of who hears whom). */
async function untilCarrier<T>(read: (view: Awaited<ReturnType<typeof carrierView>>) => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const found = read(await carrierView());
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`the carrier simulator never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  browser = await launchChromium();
  // A customer who talks until we hang up, so the call outlives every step.
  const persona = await fetch(controlUrl(`/control/numbers/${encodeURIComponent(CUSTOMER)}`), {
    method: "PUT",
    body: JSON.stringify({ persona: { base: "live-human-en", hangupAfterSeconds: null } }),
  });
  expect(persona.ok).toBe(true);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("a supervisor in the campaign room", () => {
  it("listens to an agent's call, whispers, barges and leaves; the agent's card shows each mode; a raised hand is joined from the alert", { timeout: 180_000 }, async () => {
    const supervisor = await loggedIn("supervisor@demo.test");
    const { members } = await api<{ members: { userId: string; email: string; name: string }[] }>(supervisor, "GET", "/api/members");
    const agentId = members.find((m) => m.email === AGENT)!.userId;
    const supervisorId = members.find((m) => m.email === "supervisor@demo.test")!.userId;
    const { account } = await api<{ account: { id: string } }>(supervisor, "POST", "/api/accounts", {
      name: "Supervised e2e",
      phones: [CUSTOMER],
      timeZone: middayZone(),
      balanceDueCents: 31_000,
      consent: true,
    });
    const { campaign } = await api<{ campaign: { id: string } }>(supervisor, "POST", "/api/campaigns", {
      name: `Supervised e2e ${Date.now()}`,
      pacingMode: "progressive",
      agentUserIds: [agentId],
      accountSelection: { accountIds: [account.id] },
      retryMaxAttempts: 1,
      safeHarborMessage: "This is Demo Collections. Sorry we missed you: please call us at {callbackNumber}.",
    });

    const agent = await loggedIn(AGENT);
    await agent.goto(`${baseUrl}/agent`);
    await agent.getByRole("button", { name: "Available", exact: true }).click();
    await agent.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/start`);
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}/live`);

    // The call reaches the agent; the supervisor opens it from the room's live calls.
    await agent.getByTestId("call-status").filter({ hasText: /bridged|connected/i }).first().waitFor({ timeout: 90_000 });
    const supervise = supervisor.getByRole("button", { name: "Supervise the call to Supervised e2e" });
    await supervise.waitFor({ timeout: UI_TIMEOUT_MS });
    await supervise.click();
    const card = supervisor.getByTestId("supervised-call");
    await card.getByText("No supervisor is on this call.").waitFor({ timeout: UI_TIMEOUT_MS });

    const supervisorLeg = (view: Awaited<ReturnType<typeof carrierView>>) =>
      view.legs.find((leg) => view.rings(leg, supervisorId) && leg.state === "answered");
    const agentLegOf = (view: Awaited<ReturnType<typeof carrierView>>) =>
      view.legs.find((leg) => view.rings(leg, agentId) && leg.state !== "ended" && !leg.supervising);
    const customerLegOf = (view: Awaited<ReturnType<typeof carrierView>>) => view.legs.find((leg) => leg.to === CUSTOMER && leg.state !== "ended");

    // Listen: the supervisor hears both, nobody hears them; the agent is told.
    await card.getByRole("button", { name: "Listen", exact: true }).click();
    await card.getByText("You are listening (monitor)").waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-supervisors").getByText(/is listening \(monitor\)$/).waitFor({ timeout: UI_TIMEOUT_MS });
    const leg = await untilCarrier((view) => supervisorLeg(view), "the supervisor's answered leg");
    const first = await carrierView();
    const agentLeg = agentLegOf(first)!;
    const customerLeg = customerLegOf(first)!;
    expect(leg.supervising).toEqual({ call_control_id: agentLeg.call_control_id, role: "monitor" });
    expect(first.hears[leg.call_control_id]).toEqual([]);
    expect(first.hears[customerLeg.call_control_id]).toContain(leg.call_control_id);

    // Whisper: only the agent hears them.
    await card.getByRole("button", { name: "Whisper", exact: true }).click();
    await card.getByText("You are coaching the agent (whisper)").waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-supervisors").getByText(/is coaching the agent \(whisper\)$/).waitFor({ timeout: UI_TIMEOUT_MS });
    await untilCarrier((view) => (view.hears[leg.call_control_id]?.join() === agentLeg.call_control_id ? true : undefined), "the whisper reach only the agent");

    // Barge: the agent and the customer hear them.
    await card.getByRole("button", { name: "Barge", exact: true }).click();
    await card.getByText("You are speaking to both (barge)").waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-supervisors").getByText(/is speaking to both \(barge\)$/).waitFor({ timeout: UI_TIMEOUT_MS });
    const both = [agentLeg.call_control_id, customerLeg.call_control_id].sort().join();
    await untilCarrier((view) => (view.hears[leg.call_control_id]?.join() === both ? true : undefined), "the barge reach both parties");
    await saveScreenshot(supervisor, "supervision-barge");
    await saveScreenshot(agent, "supervision-agent-card");

    // Leave: only the supervisor's leg ends; the agent's card no longer names them.
    await card.getByRole("button", { name: "Leave", exact: true }).click();
    await card.getByText("No supervisor is on this call.").waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-supervisors").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await untilCarrier((view) => (view.legs.find((l) => l.call_control_id === leg.call_control_id)?.state === "ended" ? true : undefined), "the supervisor's leg hung up");
    expect(customerLegOf(await carrierView())?.state).not.toBe("ended");

    // A hand raised and withdrawn: the room drops it live, and the timeline says so.
    await agent.getByPlaceholder("What do you need help with?").fill("Caller asks about a payment plan");
    await agent.getByRole("button", { name: "Raise hand" }).click();
    const hands = supervisor.getByTestId("help-requests");
    await hands.getByText("“Caller asks about a payment plan”").waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("hand-raised").getByRole("button", { name: "Withdraw hand" }).click();
    await hands.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("hand-raised").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-timeline").getByText(/^Withdrew the raised hand/).waitFor({ timeout: UI_TIMEOUT_MS });

    // The agent raises a hand; the room shows it with the reason, and one click joins as a listener.
    await agent.getByPlaceholder("What do you need help with?").fill("Customer disputes the balance");
    await agent.getByRole("button", { name: "Raise hand" }).click();
    await agent.getByTestId("hand-raised").getByText(/Customer disputes the balance/).waitFor({ timeout: UI_TIMEOUT_MS });
    await hands.getByText("“Customer disputes the balance”").waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(supervisor, "supervision-raised-hand");
    await hands.getByRole("button", { name: /^Join .*'s call$/ }).click();
    // Joined: the hand is down for everyone, and the agent sees who listens.
    await card.getByText("You are listening (monitor)").waitFor({ timeout: UI_TIMEOUT_MS });
    await hands.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("hand-raised").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("call-supervisors").getByText(/is listening \(monitor\)$/).waitFor({ timeout: UI_TIMEOUT_MS });
    // The timeline names who raised it, after a space: "… the balance (their name)".
    await agent.getByTestId("call-timeline").getByText(/Raised a hand: Customer disputes the balance \(.+\)$/).waitFor({ timeout: UI_TIMEOUT_MS });

    await agent.getByRole("button", { name: "Hang up" }).click();
    await agent.getByTestId("call-status").filter({ hasText: /completed|ended/i }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`);
  });
});
