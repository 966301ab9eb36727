// The dialer end to end in Chromium: three agents log in (three browser contexts) and go
// available; a supervisor starts a campaign over six accounts and watches its live room;
// the dialer connects each answered call to a free agent, the agents disposition them,
// and when the list is done the room's numbers match the records in Postgres (read back
// through the API) and the abandon rate is within the 3 % cap.
//
// Time: the simulator runs at speed 4 for this file (PUT /control/speed), so a live
// human's conversation takes a few seconds; the accounts live in a zone where it is
// midday now, so the calling window never decides the test.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, saveScreenshot, UI_TIMEOUT_MS } from "./support/browser";
import { api as apiAs, loggedIn as loggedInAs, middayZone, setSimulatorSpeed } from "./support/dialer-session";

const baseUrl = inject("baseUrl");
const carrierBaseUrl = inject("carrierBaseUrl");
const AGENTS = ["agent1@demo.test", "agent2@demo.test", "agent3@demo.test"];
const NUMBERS = ["+15550100801", "+15550100802", "+15550100803", "+15550100804", "+15550100805", "+15550100806"];
const SIM_SPEED = 4;

let browser: Browser;
const contexts: BrowserContext[] = [];
const loggedIn = (email: string) => loggedInAs(browser, contexts, baseUrl, email);
const api = <T>(page: Page, method: string, path: string, body?: unknown) => apiAs<T>(page, baseUrl, method, path, body);

/** What an agent does all shift: take the call the dialer connects, let it end, disposition it, go available again. */
async function workCalls(page: Page, done: () => boolean, handled: string[]): Promise<void> {
  const status = page.getByTestId("call-status");
  while (!done()) {
    const callOnScreen = await status
      .first()
      .waitFor({ timeout: 1000 })
      .then(() => true)
      .catch(() => false);
    if (!callOnScreen) continue;
    await status.filter({ hasText: /completed|ended|canceled|failed|no answer|busy/i }).first().waitFor({ timeout: 60_000 });
    await page.getByTestId("disposition-refused").click();
    await page.locator("textarea[name=notes]").fill("Said they cannot pay this month.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    handled.push(page.url());
    // Done wrapping up: back in the queue at once rather than after the 30 s timer.
    await page.getByRole("button", { name: "Available", exact: true }).click();
  }
}

beforeAll(async () => {
  browser = await launchChromium();
  await setSimulatorSpeed(carrierBaseUrl, SIM_SPEED);
});

afterAll(async () => {
  await setSimulatorSpeed(carrierBaseUrl, 1).catch(() => undefined);
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("the predictive dialer", () => {
  it("connects answered calls to three agents, who disposition them, and the room matches the records", { timeout: 240_000 }, async () => {
    const supervisor = await loggedIn("supervisor@demo.test");
    const { members } = await api<{ members: { userId: string; email: string }[] }>(supervisor, "GET", "/api/members");
    const agentIds = AGENTS.map((email) => members.find((m) => m.email === email)!.userId);
    const accountIds: string[] = [];
    for (const [index, phone] of NUMBERS.entries()) {
      const { account } = await api<{ account: { id: string } }>(supervisor, "POST", "/api/accounts", {
        name: `Dialer e2e ${index + 1}`,
        phones: [phone],
        timeZone: middayZone(),
        balanceDueCents: 50_000 + index * 100,
        consent: true,
      });
      accountIds.push(account.id);
    }
    const { campaign } = await api<{ campaign: { id: string } }>(supervisor, "POST", "/api/campaigns", {
      name: `Dialer e2e ${Date.now()}`,
      pacingMode: "predictive",
      maxLinesPerAgent: 2,
      abandonCapPercent: 3,
      agentUserIds: agentIds,
      accountSelection: { accountIds },
      retryMaxAttempts: 1,
      voicemailScript: "This is Demo Collections, please call us back.",
      safeHarborMessage: "This is Demo Collections. Sorry we missed you: please call us at {callbackNumber}.",
    });

    // Three agents log in and go available.
    const agents = await Promise.all(AGENTS.map((email) => loggedIn(email)));
    for (const page of agents) {
      await page.goto(`${baseUrl}/agent`);
      await page.getByRole("button", { name: "Available", exact: true }).click();
      await page.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    }

    // The supervisor starts the campaign from its page and watches the live room.
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}`);
    await supervisor.getByTestId("campaign-start").click();
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}/live`);
    await supervisor.getByTestId("campaign-status").filter({ hasText: /running/i }).waitFor({ timeout: UI_TIMEOUT_MS });

    let finished = false;
    const handled: string[] = [];
    const working = agents.map((page) => workCalls(page, () => finished, handled));
    const queueLeft = supervisor.getByTestId("queue-left");
    const deadline = Date.now() + 180_000;
    for (;;) {
      const left = Number(await queueLeft.getAttribute("data-value"));
      const live = await supervisor.getByTestId("campaign-calls").locator("tr[data-call-id]").count();
      if (left === 0 && live === 0 && handled.length >= NUMBERS.length) break;
      if (Date.now() > deadline) throw new Error(`campaign did not finish: queue ${left}, live ${live}, handled ${handled.length}`);
      await supervisor.waitForTimeout(500);
    }
    finished = true;
    await Promise.all(working);
    await saveScreenshot(supervisor, "dialer-room");

    // The room's numbers against the records in Postgres.
    const abandon = supervisor.getByTestId("abandon-today");
    const roomLive = Number(await abandon.getAttribute("data-live-answered"));
    const roomAbandoned = Number(await abandon.getAttribute("data-abandoned"));
    const { calls } = await api<{ calls: { id: string; status: string; disposition: string | null; agentUserId: string | null }[] }>(
      supervisor,
      "GET",
      `/api/calls?campaignId=${campaign.id}&limit=100`,
    );
    expect(calls).toHaveLength(NUMBERS.length);
    expect(calls.every((c) => c.status === "completed" && c.disposition === "refused" && agentIds.includes(c.agentUserId ?? ""))).toBe(true);
    expect(new Set(calls.map((c) => c.agentUserId)).size).toBeGreaterThanOrEqual(2);
    const report = await api<{ report: { liveAnswered: number; abandoned: number; abandonRate: number } }>(supervisor, "GET", `/api/campaigns/${campaign.id}/report`);
    expect(roomLive).toBe(report.report.liveAnswered);
    expect(roomAbandoned).toBe(report.report.abandoned);
    expect(roomAbandoned / Math.max(1, roomLive)).toBeLessThanOrEqual(0.03);
  });
});

describe("a wrap-up the dialer waits for", () => {
  it("shows the agent (and the room) overdue until the disposition is saved, offers more time once, and the save makes them available", { timeout: 180_000 }, async () => {
    const supervisor = await loggedIn("supervisor@demo.test");
    const { members } = await api<{ members: { userId: string; email: string }[] }>(supervisor, "GET", "/api/members");
    const agentId = members.find((m) => m.email === AGENTS[0])!.userId;
    const { account } = await api<{ account: { id: string } }>(supervisor, "POST", "/api/accounts", {
      name: "Wrap-up e2e",
      phones: ["+15550100811"],
      timeZone: middayZone(),
      balanceDueCents: 42_000,
      // A progressive campaign skips accounts of unknown consent.
      consent: true,
    });
    // No wrap-up time and a disposition required: the agent is overdue the moment the call ends, no waiting.
    const { campaign } = await api<{ campaign: { id: string } }>(supervisor, "POST", "/api/campaigns", {
      name: `Wrap-up e2e ${Date.now()}`,
      pacingMode: "progressive",
      agentUserIds: [agentId],
      accountSelection: { accountIds: [account.id] },
      retryMaxAttempts: 1,
      safeHarborMessage: "This is Demo Collections. Sorry we missed you: please call us at {callbackNumber}.",
      wrapUpSeconds: 0,
      wrapUpExtensionSeconds: 20,
      dispositionRequired: true,
    });

    const agent = await loggedIn(AGENTS[0]!);
    await agent.goto(`${baseUrl}/agent`);
    await agent.getByRole("button", { name: "Available", exact: true }).click();
    await agent.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}`);
    await supervisor.getByTestId("campaign-start").click();
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}/live`);

    // The call reaches the agent and ends; the form stays, overdue, and cannot be dismissed.
    await agent.getByTestId("call-status").filter({ hasText: /completed|ended/i }).first().waitFor({ timeout: 90_000 });
    await agent.getByTestId("wrap-up-overdue").first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await agent.getByRole("button", { name: "Dismiss" }).count()).toBe(0);
    // The supervisor's room shows the agent overdue too.
    await supervisor.getByTestId("agent-overdue").filter({ hasText: /overdue/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    // Choosing Available is refused while the disposition is owed.
    await agent.getByRole("button", { name: "Available", exact: true }).click();
    await agent.getByText("Save the call's disposition first").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await agent.getByTestId("presence-status").textContent()).toMatch(/wrap/i);

    // "I need more time", once: the countdown is back for 20 s and the button is gone.
    await agent.getByRole("button", { name: /I need more time/ }).click();
    await agent.getByTestId("wrap-up-countdown").first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(Number(await agent.getByTestId("wrap-up-countdown").first().getAttribute("data-remaining-ms"))).toBeGreaterThan(10_000);
    expect(await agent.getByRole("button", { name: /I need more time/ }).count()).toBe(0);
    await saveScreenshot(agent, "wrap-up-extended");

    // Saving the disposition ends the wrap-up: available without another click.
    await agent.getByTestId("disposition-refused").click();
    await agent.getByRole("button", { name: "Save", exact: true }).click();
    await agent.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`);
  });
});

