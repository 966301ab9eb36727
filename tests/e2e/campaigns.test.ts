// A supervisor creates a campaign in the console's editor (meeting the API's refusal of a
// ring timeout under the law's 15 s beside the field on the way), finds it in the campaign
// list next to the seeded demo campaign, and opens its compliance report. Nothing dials.
// The selectors are the console's contract: the editor's input names (name, pacingMode,
// maxLinesPerAgent, ringTimeoutSeconds, agentUserIds), the "Create campaign" button, the test
// ids campaign-list, campaign-status, campaign-report-link, report-attempts, skips-by-reason,
// abandon-rates and skips-csv.
// A supervisor also rehearses a campaign of their own from its page (the rehearsal form's
// test ids rehearsal-*): the live room shows the rehearsal's copy, marked as one, dialling
// with simulated agents until it stops by itself, and the campaign itself never dialled.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_CAMPAIGN_NAME, DEMO_PASSWORD, DEMO_USERS } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");

const supervisor = DEMO_USERS.find((u) => u.email === "supervisor@demo.test");
if (!supervisor) throw new Error("supervisor@demo.test is not a demo user (scripts/lib/seed.ts)");

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
});

/** The API as the page's session calls it. */
async function apiOf<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const response = await page.request.fetch(`${baseUrl}${path}`, { method, data: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });
  if (!response.ok()) throw new Error(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe("campaigns in the console", () => {
  it("a supervisor creates a campaign, sees it in the list and opens its compliance report", { timeout: 120_000 }, async () => {
    const page: Page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      // The editor's deliberate refusal (400) is logged by the browser as a failed request.
      if (message.type() === "error" && !/status of 400/.test(message.text())) consoleErrors.push(message.text());
    });
    const name = `Spring collections ${Date.now().toString(36)}`;
    try {
      await submitLogin(page, baseUrl, supervisor.email, DEMO_PASSWORD);
      const campaignsLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns", exact: true });
      await campaignsLink.waitFor({ timeout: UI_TIMEOUT_MS });
      await campaignsLink.click();
      await expectHeading(page, "Campaigns");
      await page.getByTestId("campaign-list").locator("tr", { hasText: DEMO_CAMPAIGN_NAME }).waitFor({ timeout: UI_TIMEOUT_MS });

      // The editor: predictive pacing over two lines, the three demo agents, and a ring timeout
      // the law does not allow, which the API refuses beside the field.
      await page.getByRole("link", { name: "New campaign", exact: true }).click();
      await expectHeading(page, "New campaign");
      const form = page.locator("form.campaign-form");
      await form.locator("input[name=name]").fill(name);
      await form.locator("select[name=pacingMode]").selectOption("predictive");
      // Picking predictive shows its default: the pacer's ceiling, not progressive's 1 line.
      expect(await form.locator("input[name=maxLinesPerAgent]").inputValue()).toBe("5");
      await form.locator("input[name=maxLinesPerAgent]").fill("2");
      await form.locator("input[name=ringTimeoutSeconds]").fill("14");
      for (const agentName of ["Ava Agent", "Ben Agent", "Cleo Agent"]) {
        await form.getByRole("checkbox", { name: new RegExp(`^${agentName}\\b`) }).check({ timeout: UI_TIMEOUT_MS });
      }
      // Who is called: a new saved segment, its members counted live as the filters change;
      // a bad filter is refused beside it; saving selects it for the campaign.
      const segmentName = `High balance ${name}`;
      await form.getByRole("button", { name: "New segment…" }).click();
      const editor = form.getByRole("group", { name: "New segment" });
      const liveCount = editor.getByTestId("segment-live-count");
      await editor.locator("input[name=segmentName]").fill(segmentName);
      await liveCount.filter({ hasText: /\d+ accounts? match(es)?\s*$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      const everyone = Number(/(\d+)/.exec(await liveCount.innerText())![1]);
      expect(everyone).toBeGreaterThan(1);
      await editor.locator("input[name=balanceMin]").fill("-5");
      await editor.getByText(/at least 0/).waitFor({ timeout: UI_TIMEOUT_MS });
      await editor.locator("input[name=balanceMin]").fill("1000000000");
      await liveCount.filter({ hasText: /^\s*0 accounts match\s*$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      await editor.locator("input[name=balanceMin]").fill("0.01");
      await liveCount.filter({ hasText: /^\s*[1-9]\d* accounts? match(es)?\s*$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      const members = Number(/(\d+)/.exec(await liveCount.innerText())![1]);
      await saveScreenshot(page, "segment-editor-live-count");
      await editor.getByRole("button", { name: "Save segment" }).click();
      // Options are never "visible" to the locator: read the selected one's text until it is the new segment.
      await expect
        .poll(() => form.locator("select[name=segmentId] option:checked").innerText(), { timeout: UI_TIMEOUT_MS })
        .toBe(`${segmentName} (${members} accounts now)`);

      await form.getByRole("button", { name: "Create campaign", exact: true }).click();
      const ringError = form.locator("[data-field-error=ringTimeoutSeconds]");
      await ringError.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await ringError.innerText()).toMatch(/at least 15 seconds/);
      await saveScreenshot(page, "campaign-editor-refused");

      await form.locator("input[name=ringTimeoutSeconds]").fill("20");
      await form.getByRole("button", { name: "Create campaign", exact: true }).click();
      await expectHeading(page, name);
      await page.getByTestId("campaign-status").filter({ hasText: /draft/i }).waitFor({ timeout: UI_TIMEOUT_MS });
      const settings = page.getByTestId("campaign-settings");
      await settings.filter({ hasText: "Ava Agent, Ben Agent, Cleo Agent" }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await settings.innerText()).toMatch(/Predictive, up to 2 lines per agent[\s\S]*20 s/);
      await settings.filter({ hasText: `Segment ${segmentName}: ${members} accounts match now (live)` }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "campaign-detail");

      // The list has it, with its status, pacing and agents.
      await page.goto(`${baseUrl}/campaigns`);
      await expectHeading(page, "Campaigns");
      const row = page.getByTestId("campaign-list").locator("tr", { hasText: name });
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await row.innerText()).toMatch(/Draft\s+Predictive\s*× 2\s+3/);
      await saveScreenshot(page, "campaign-list");

      // Its compliance report: nothing dialled yet, every rule listed, the cap respected.
      await row.getByRole("link", { name }).click();
      await expectHeading(page, name);
      await page.getByTestId("campaign-report-link").click();
      await expectHeading(page, "Compliance report");
      expect(await page.getByTestId("report-attempts").innerText()).toBe("0");
      expect(await page.getByTestId("skips-by-reason").locator("tbody tr").count()).toBeGreaterThanOrEqual(10);
      expect(await page.getByTestId("abandon-rates").innerText()).toMatch(/Last 30 days/);
      expect(await page.getByTestId("abandon-verdict").innerText()).toMatch(/Within the cap/);
      const csvHref = await page.getByTestId("skips-csv").getAttribute("href");
      const csv = await page.request.get(`${baseUrl}${csvHref}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
      expect((await csv.text()).split("\r\n")[0]).toBe("occurred_at,account_id,account_name,phone,reason,reason_label,explanation,next_eligible_at");
      await saveScreenshot(page, "campaign-report");
      expect(consoleErrors, "browser console errors").toEqual([]);
    } catch (error) {
      await saveScreenshot(page, "campaign-failure").catch(() => {});
      if (consoleErrors.length > 0) console.log(`[campaigns e2e] browser console errors:\n${consoleErrors.join("\n")}`);
      throw error;
    }
  });

  it("a supervisor rehearses a campaign and watches the copy dial in the live room, marked as a rehearsal, while the campaign never dials", { timeout: 120_000 }, async () => {
    const page: Page = await context.newPage();
    try {
      await submitLogin(page, baseUrl, supervisor.email, DEMO_PASSWORD);
      await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: UI_TIMEOUT_MS });
      const { members } = await apiOf<{ members: { userId: string; role: string }[] }>(page, "GET", "/api/members");
      const name = `Rehearsed ${Date.now().toString(36)}`;
      const { campaign } = await apiOf<{ campaign: { id: string } }>(page, "POST", "/api/campaigns", {
        name,
        pacingMode: "predictive",
        maxLinesPerAgent: 2,
        agentUserIds: members.filter((m) => m.role === "agent").map((m) => m.userId),
      });
      await page.goto(`${baseUrl}/campaigns/${campaign.id}`);
      await expectHeading(page, name);
      const form = page.getByTestId("campaign-rehearsal");
      // A draft has no statistics of its own yet: only the benchmark's workloads.
      expect(await form.locator("option[value=observed]").isDisabled()).toBe(true);
      await form.getByTestId("rehearsal-workload").selectOption("holdout/sales-high-answer-20");
      await form.getByTestId("rehearsal-agents").fill("3");
      await form.getByTestId("rehearsal-speed").fill("20");
      await form.getByTestId("rehearsal-minutes").fill("3");
      await form.getByTestId("rehearsal-start").click();

      // The live room of the copy, saying plainly what it is.
      const banner = page.getByTestId("rehearsal-banner");
      await banner.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await banner.innerText()).toMatch(/Rehearsal: 3 simulated agents, workload holdout\/sales-high-answer-20, 20× speed, on the carrier simulator\. Nothing reaches a real carrier or this campaign's records\./);
      await expectHeading(page, `Rehearsal of ${name}`);
      await page.getByTestId("campaign-agents").filter({ hasText: "Simulated agent 3" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect.poll(async () => Number(await page.getByTestId("dials-today").getAttribute("data-value")), { timeout: 60_000 }).toBeGreaterThan(0);
      await expect.poll(async () => Number(await page.getByTestId("conversations-today").getAttribute("data-value")), { timeout: 60_000 }).toBeGreaterThan(0);
      await saveScreenshot(page, "campaign-rehearsal-room");
      // Three workload minutes at 20× are nine seconds: the copy then stops by itself.
      await page.getByTestId("campaign-status").and(page.locator("[data-status=stopped]")).waitFor({ timeout: 60_000 });

      // The campaign itself: still a draft, never dialled.
      await page.goto(`${baseUrl}/campaigns/${campaign.id}`);
      await page.getByTestId("campaign-status").filter({ hasText: /draft/i }).waitFor({ timeout: UI_TIMEOUT_MS });
      const { report } = await apiOf<{ report: { attempts: number } }>(page, "GET", `/api/campaigns/${campaign.id}/report`);
      expect(report.attempts).toBe(0);
    } catch (error) {
      await saveScreenshot(page, "campaign-rehearsal-failure").catch(() => {});
      throw error;
    }
  });
});
