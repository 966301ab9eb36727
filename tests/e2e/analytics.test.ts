// Analytics in Chromium: a supervisor asks for calls by outcome in plain words (the model
// simulator's proposal lands in the builder; a proposal naming an unknown field is refused),
// builds that report, saves it for the
// organisation, exports it as CSV and finds the file's rows equal to the saved report's own
// preview; then makes an evaluation form in QA setup's editor (a blank question refused
// beside it) and scores an agent's call with it in the QA queue, with the recording and transcript
// beside the form, and the agent sees that score on their own scorecard; the owner opens
// their dashboard (the business this month) and finds the API's KPI totals on it.
// The selectors are the console's contract: ask-report, ask-question, ask-proposed, ask-refused, report-builder, group-outcome, report-preview,
// report-name, report-save, saved-reports, report-export, qa-strategy, qa-queue,
// qa-form-editor (form-name, section-title, section-weight, question-text, question-kind,
// question-scale-max, add-section, form-save, data-field-error=<path>), qa-forms,
// evaluation-form-pick, scorecard-weights-editor (criterion-<kind>, criterion-included,
// criterion-weight, weights-save, weights-saved), teams-editor (team-name, team-members,
// team-save, teams-list), question-<id>, evaluation-submit, evaluation-total, scorecard-evaluations, dashboard-title,
// kpi-tiles (data-kpi=<key>), range-from, range-to, chart-connects-by-day, dashboard-empty.
import { readFile } from "node:fs/promises";
import type { APIRequestContext, Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");
/** The simulator's live English speaker (sim/carrier/personas.ts). */
const LIVE_HUMAN = "+15550100001";
const CALL_TIMEOUT_MS = 40_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function loggedIn(email: string, landing: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await submitLogin(page, baseUrl, email, DEMO_PASSWORD);
  await expectHeading(page, landing);
  return context;
}

/** The API as the context's logged-in person (same-origin POSTs carry the Origin the Worker checks). */
const apiOf = (request: APIRequestContext) => ({
  get: async (path: string) => (await request.get(`${baseUrl}${path}`)).json(),
  post: async (path: string, data: unknown) => {
    const response = await request.post(`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
    return response.json();
  },
});

async function until<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("analytics", () => {
  it("builds a report, saves it, and exports CSV rows equal to its preview", { timeout: 120_000 }, async () => {
    const context = await loggedIn("supervisor@demo.test", "Supervisor board");
    const page = context.pages()[0]!;
    try {
      await page.getByRole("link", { name: "Analytics" }).first().click();
      await expectHeading(page, "KPIs");
      expect(await page.getByTestId("kpi-zone").innerText()).toMatch(/Days are drawn in \S+ \(the organisation's time zone\)/);
      await page.getByRole("link", { name: "Reports" }).click();
      await expectHeading(page, "Reports");
      const builder = page.getByTestId("report-builder");
      // Asked in plain words, the model simulator proposes calls by outcome: it lands in the builder, not yet run.
      const ask = page.getByTestId("ask-report");
      await ask.getByText("This is the model simulator (scripted answers, not a real model).").waitFor({ timeout: UI_TIMEOUT_MS });
      await ask.getByTestId("ask-question").fill("calls by outcome");
      await ask.getByRole("button", { name: "Ask" }).click();
      await expect.poll(() => ask.innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/Proposed by the model simulator \(not a real model\): a calls report by outcome\./);
      expect(await builder.getByTestId("group-outcome").isChecked()).toBe(true);
      expect(await page.getByTestId("report-preview-table").count()).toBe(0);
      await ask.getByTestId("ask-question").fill("abandon rate by hour for campaign Autumn");
      await ask.getByRole("button", { name: "Ask" }).click();
      await expect.poll(() => ask.innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/unknown field "hour" in calls/);
      // The builder still holds the last good proposal; build on it by hand.
      await builder.getByTestId("report-preview").click();
      await page.getByTestId("report-preview-table").waitFor({ timeout: UI_TIMEOUT_MS });
      const name = `Outcomes ${Date.now()}`;
      await builder.getByTestId("report-name").fill(name);
      await builder.getByTestId("report-save").click();
      const saved = page.getByTestId("saved-reports").locator("li", { hasText: name });
      await saved.waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "analytics-report-builder");

      const [download] = await Promise.all([page.waitForEvent("download", { timeout: UI_TIMEOUT_MS }), saved.getByTestId("report-export").click()]);
      const csv = (await readFile((await download.path())!, "utf8")).trim().split(/\r?\n/);
      expect(csv[0]).toBe("outcome,count");
      const api = apiOf(context.request);
      const { reports } = await api.get("/api/reports");
      const report = reports.find((r: { name: string }) => r.name === name);
      const preview = await api.get(`/api/reports/${report.id}/preview`);
      expect(csv.slice(1)).toEqual(preview.rows.map((row: { outcome: string | null; count: number }) => `${row.outcome ?? ""},${row.count}`));
    } finally {
      await context.close();
    }
  });

  it("scores an agent's call in the QA queue, and the agent sees it on their scorecard", { timeout: 150_000 }, async () => {
    // The agent's call: bridged to a live speaker, then hung up, over the API.
    const agentContext = await loggedIn("agent1@demo.test", "Agent workspace");
    const agentApi = apiOf(agentContext.request);
    const placed = await agentApi.post("/api/calls", { to: LIVE_HUMAN, kind: "bridge" });
    const callId: string = placed.id;
    await until("the bridge", async () => ((await agentApi.get(`/api/calls/${callId}`)).call.bridgedAt ? true : null));
    await agentApi.post(`/api/calls/${callId}/hangup`, {});
    await until("the call's end", async () => ((await agentApi.get(`/api/calls/${callId}`)).call.endedAt ? true : null));

    const supervisor = await loggedIn("supervisor@demo.test", "Supervisor board");
    const page = supervisor.pages()[0]!;
    try {
      // The form is made in QA setup's editor: a first save with a question left blank is
      // refused, the API's reason shown beside that question; filled in, it saves.
      await page.goto(`${baseUrl}/analytics/setup`);
      await expectHeading(page, "QA setup");
      const formName = `E2E review ${Date.now()}`;
      const editor = page.getByTestId("qa-form-editor");
      await editor.getByTestId("form-name").fill(formName);
      await editor.getByTestId("section-title").fill("Compliance");
      await editor.getByTestId("section-weight").fill("2");
      await editor.getByTestId("form-save").click();
      await editor.locator('[data-field-error="sections.0.questions.0.text"]').filter({ hasText: "required" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await editor.getByTestId("question-text").fill("Gave the disclosure");
      await editor.getByTestId("add-section").click();
      const manner = editor.getByTestId("form-section-1");
      await manner.getByTestId("section-title").fill("Manner");
      await manner.getByTestId("question-text").fill("Courtesy");
      await manner.getByTestId("question-kind").selectOption("scale");
      await manner.getByTestId("question-scale-max").fill("5");
      await editor.getByTestId("form-save").click();
      await page.getByTestId("qa-forms").getByText(formName).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await editor.locator("[data-field-error]").count()).toBe(0);
      await saveScreenshot(page, "analytics-qa-setup");
      await page.goto(`${baseUrl}/analytics/qa`);
      await expectHeading(page, "QA queue");
      await page.getByTestId("qa-strategy").selectOption("long");
      await page.locator("input[type=number]").fill("50");
      await page.getByRole("button", { name: "Sample" }).click();
      const link = page.getByTestId("qa-queue").locator(`a[href="/analytics/qa/${callId}"]`);
      await link.waitFor({ timeout: UI_TIMEOUT_MS });
      await link.click();
      await page.getByRole("heading", { name: "Recording" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole("heading", { name: "Transcript" }).waitFor({ timeout: UI_TIMEOUT_MS });
      const pick = page.getByTestId("evaluation-form-pick");
      if (await pick.count()) await pick.selectOption({ label: formName });
      await page.getByTestId("question-gave-the-disclosure").getByRole("radio", { name: "Yes" }).check();
      await page.getByTestId("question-courtesy").getByRole("spinbutton").fill("4");
      await page.getByTestId("evaluation-comments").fill("Clear and calm");
      await page.getByTestId("evaluation-submit").click();
      // Compliance (weight 2) 100 %, Manner 4/5: (200 + 80) / 3 = 93.3 %.
      await page.getByTestId("evaluation-total").filter({ hasText: "Scored: 93.3 %" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "analytics-qa-score");

      const agentPage = agentContext.pages()[0]!;
      await agentPage.goto(`${baseUrl}/analytics/scorecard`);
      await expectHeading(agentPage, "My scorecard");
      await agentPage.getByTestId("scorecard-evaluations").filter({ hasText: "93.3 %" }).filter({ hasText: "Clear and calm" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(agentPage, "analytics-scorecard");
    } finally {
      await supervisor.close();
      await agentContext.close();
    }
  });
  it("lets an admin weigh the scorecard and make a team in QA setup, each refusal shown beside its field", { timeout: 90_000 }, async () => {
    const context = await loggedIn("owner@demo.test", "Administration");
    const page = context.pages()[0]!;
    const api = apiOf(context.request);
    const before = await api.get("/api/qa/scorecard-settings");
    const teamName = `E2E team ${Date.now()}`;
    try {
      await page.goto(`${baseUrl}/analytics/setup`);
      await expectHeading(page, "QA setup");
      // Weights: 0 is refused beside that criterion's weight; 60 with sentiment left out saves.
      const weights = page.getByTestId("scorecard-weights-editor");
      const qa = weights.getByTestId("criterion-qa_evaluations");
      await qa.getByTestId("criterion-included").check();
      await qa.getByTestId("criterion-weight").fill("0");
      await weights.getByTestId("weights-save").click();
      await qa.locator('[data-field-error="qa_evaluations.weight"]').filter({ hasText: "at least 1" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await qa.getByTestId("criterion-weight").fill("60");
      await weights.getByTestId("criterion-sentiment_trend").getByTestId("criterion-included").uncheck();
      await weights.getByTestId("weights-save").click();
      await weights.getByTestId("weights-saved").waitFor({ timeout: UI_TIMEOUT_MS });
      const saved = await api.get("/api/qa/scorecard-settings");
      expect(saved.customised).toBe(true);
      expect(saved.criteria.find((c: { kind: string }) => c.kind === "qa_evaluations").weight).toBe(60);
      expect(saved.criteria.map((c: { kind: string }) => c.kind)).not.toContain("sentiment_trend");

      // A team: Sam both leading it and in it is refused beside the members; then Cleo is its member.
      const teams = page.getByTestId("teams-editor");
      await teams.getByTestId("team-name").fill(teamName);
      await teams.locator("fieldset", { hasText: "Supervisors" }).getByLabel("Sam Supervisor").check();
      const members = teams.getByTestId("team-members");
      await members.getByLabel("Sam Supervisor").check();
      await teams.getByTestId("team-save").click();
      await members.locator('[data-field-error="memberUserIds"]').filter({ hasText: "both a supervisor and a member" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await members.getByLabel("Sam Supervisor").uncheck();
      await members.getByLabel("Cleo Agent").check();
      await teams.getByTestId("team-save").click();
      const listed = teams.getByTestId("teams-list").locator("li", { hasText: teamName });
      await listed.filter({ hasText: "led by Sam Supervisor" }).filter({ hasText: "Cleo Agent" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "analytics-qa-setup-admin");
      // Deleted again, so no other test's supervisor finds a team here.
      await listed.getByRole("button", { name: `Delete ${teamName}` }).click();
      await listed.getByRole("button", { name: "Delete team" }).click();
      await expect.poll(() => teams.getByTestId("teams-list").locator("li", { hasText: teamName }).count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    } finally {
      await context.request.patch(`${baseUrl}/api/qa/scorecard-settings`, { data: { criteria: before.criteria }, headers: { origin: baseUrl } });
      const { teams } = await api.get("/api/teams");
      const left = teams.find((t: { name: string }) => t.name === teamName);
      if (left) await context.request.delete(`${baseUrl}/api/teams/${left.id}`, { headers: { origin: baseUrl } });
      await context.close();
    }
  });

  it("opens the owner's dashboard: this month's KPIs as the API computes them, a chart by day, and a range picker", { timeout: 90_000 }, async () => {
    const context = await loggedIn("owner@demo.test", "Administration");
    const page = context.pages()[0]!;
    try {
      await page.goto(`${baseUrl}/analytics/dashboard`);
      await expectHeading(page, "The business this month");
      const { organization } = await apiOf(context.request).get("/api/organization");
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: organization.timeZone }).format(new Date());
      const monthStart = `${today.slice(0, 8)}01`;
      // The page asks for this month on the organisation's calendar, and says so.
      expect(await page.getByTestId("range-from").inputValue()).toBe(monthStart);
      expect(await page.getByTestId("range-to").inputValue()).toBe(today);
      await expect.poll(() => page.getByRole("button", { name: "This month" }).getAttribute("aria-pressed")).toBe("true");
      const kpis = await apiOf(context.request).get(`/api/analytics/kpis?groupBy=day&from=${monthStart}&to=${today}`);
      const tiles = page.getByTestId("kpi-tiles");
      await tiles.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await tiles.locator("[data-kpi=dials] dd").innerText()).toBe(String(kpis.totals.dials));
      expect(await tiles.locator("[data-kpi=connects] dd").innerText()).toBe(String(kpis.totals.connects));
      if (kpis.totals.dials + kpis.totals.connects === 0) {
        expect(await page.getByTestId("dashboard-empty").innerText()).toMatch(/No calls in these dates\. Import accounts and start a campaign/);
      } else {
        // One bar a day of the month so far; today's label carries the API's connects.
        const chart = page.getByTestId("chart-connects-by-day");
        expect(await chart.locator("[data-bar]").count()).toBe(kpis.rows.length);
        const todayRow = kpis.rows.find((r: { key: string }) => r.key === today);
        expect(await chart.locator(`[data-bar="${today}"] text.value`).textContent()).toBe(String(todayRow.connects));
      }
      await saveScreenshot(page, "analytics-owner-dashboard");
      // The "Today" preset narrows the range to the organisation's today.
      await page.getByRole("button", { name: "Today" }).click();
      await expect.poll(() => page.getByTestId("range-from").inputValue()).toBe(today);
      await expect.poll(() => page.getByRole("button", { name: "Today" }).getAttribute("aria-pressed")).toBe("true");
    } finally {
      await context.close();
    }
  });
});
