// Preview dialling in Chromium: an agent goes available, the supervisor starts a preview
// campaign over two accounts, and the agent's console shows the first lead (the larger
// balance) as a card. The agent skips it with the keyboard, gets the second lead, dials
// it, talks (the simulator's live human), and dispositions the call. The record in
// Postgres says who placed it, and the skipped lead was never dialled.
//
// Time: the simulator runs at speed 4 for this file, so the conversation takes a few
// seconds; the accounts live in a zone where it is midday now.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, saveScreenshot, UI_TIMEOUT_MS } from "./support/browser";
import { api as apiAs, loggedIn as loggedInAs, middayZone, setSimulatorSpeed } from "./support/dialer-session";

const baseUrl = inject("baseUrl");
const carrierBaseUrl = inject("carrierBaseUrl");
const AGENT = "agent2@demo.test";
const SIM_SPEED = 4;

let browser: Browser;
const contexts: BrowserContext[] = [];
const loggedIn = (email: string) => loggedInAs(browser, contexts, baseUrl, email);
const api = <T>(page: Page, method: string, path: string, body?: unknown) => apiAs<T>(page, baseUrl, method, path, body);

beforeAll(async () => {
  browser = await launchChromium();
  await setSimulatorSpeed(carrierBaseUrl, SIM_SPEED);
});

afterAll(async () => {
  await setSimulatorSpeed(carrierBaseUrl, 1).catch(() => undefined);
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("preview dialling", () => {
  it("shows the agent the next lead, skips one by keyboard, dials the next and records who placed it", { timeout: 180_000 }, async () => {
    const supervisor = await loggedIn("supervisor@demo.test");
    const { members } = await api<{ members: { userId: string; email: string }[] }>(supervisor, "GET", "/api/members");
    const agentId = members.find((m) => m.email === AGENT)!.userId;
    const stamp = Date.now();
    const accounts = [
      { name: `Preview first ${stamp}`, phones: ["+15550100901"], balanceDueCents: 45_000, consent: true },
      { name: `Preview second ${stamp}`, phones: ["+15550100902"], balanceDueCents: 40_000, consent: true },
    ];
    const accountIds: string[] = [];
    for (const account of accounts) {
      const created = await api<{ account: { id: string } }>(supervisor, "POST", "/api/accounts", { ...account, timeZone: middayZone() });
      accountIds.push(created.account.id);
    }
    const { campaign } = await api<{ campaign: { id: string } }>(supervisor, "POST", "/api/campaigns", {
      name: `Preview e2e ${stamp}`,
      pacingMode: "preview",
      maxLinesPerAgent: 1,
      abandonCapPercent: 3,
      agentUserIds: [agentId],
      accountSelection: { accountIds },
      retryMaxAttempts: 2,
      retrySpacingMinutes: 60,
      safeHarborMessage: "This is Demo Collections. Please call us at {callbackNumber}.",
    });

    const agent = await loggedIn(AGENT);
    await agent.goto(`${baseUrl}/agent`);
    await agent.getByRole("button", { name: "Available", exact: true }).click();
    await agent.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/start`);

    // The larger balance comes first; the agent skips it from the keyboard.
    const offerName = agent.getByTestId("offer-name");
    await offerName.filter({ hasText: accounts[0]!.name }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(agent.getByTestId("offer-phone").textContent()).resolves.toBe(accounts[0]!.phones[0]);
    await agent.getByTestId("presence-status").filter({ hasText: /preview/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    // One conversation at a time: holding a lead, the agent cannot place another call.
    const callButtons = await agent.getByRole("button", { name: "Call", exact: true }).all();
    expect(callButtons.length).toBeGreaterThan(0);
    for (const button of callButtons) expect(await button.isDisabled()).toBe(true);
    await agent.getByText("Dial or skip the lead on screen first.").waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(agent, "preview-offer");
    await agent.keyboard.press("Alt+S");

    // The next lead; the agent dials it and talks until the customer hangs up.
    await offerName.filter({ hasText: accounts[1]!.name }).waitFor({ timeout: UI_TIMEOUT_MS });
    await agent.getByRole("button", { name: "Dial", exact: true }).click();
    const status = agent.getByTestId("call-status");
    await status.filter({ hasText: /completed/i }).first().waitFor({ timeout: 90_000 });
    await agent.getByTestId("disposition-refused").click();
    await agent.getByRole("button", { name: "Save", exact: true }).click();
    await agent.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });

    const { calls } = await api<{ calls: { accountId: string | null; status: string; disposition: string | null; agentUserId: string | null }[] }>(
      supervisor,
      "GET",
      `/api/calls?campaignId=${campaign.id}&limit=10`,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ accountId: accountIds[1], status: "completed", disposition: "refused", agentUserId: agentId });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`);
  });
});
