// Live intelligence on the agent's call card, in Chromium: the agent bridges a call to the
// simulator's angry persona and, without a reload, sees the customer's language, the
// sentiment gauge, the "Stop calling" objection chip, the supervisor alert and a suggested
// line (assist only) written by the model simulator, labelled as the model's; choosing
// "Translation" says which model translates (the stack's model simulator, named as one);
// the model's sentiment row is labelled as the simulator's, and at wrap-up the model's
// suggested disposition is picked, labelled, confirmed with Save and kept.
// And a supervisor watching a campaign room whose one lead is the angry persona sees its
// "Stop calling" alert arrive in the room's call-alert feed, the call's live sentiment below
// zero when the calls are sorted by it, jumps to the call, and there, once the call ended,
// the customer's sentiment over the whole call.
// And an agent on a call to the Spanish persona turns voice-to-voice on for the call, types
// one line in English in the "Say in Spanish" box, and sees what the caller heard: the
// line in Spanish, spoken by the carrier.
// The selectors are the console's contract: the test ids call-intelligence, call-language,
// sentiment-gauge, objection-chips, call-alerts, translation-status, translation-needs-model, line-language,
// model-sentiment, model-sentiment-word, model-sentiment-source, suggested-disposition, disposition-<value>,
// voice-line-box, voice-line-status, voice-line-spoken.
//
// Time: speed 1. The angry persona (sim/carrier/persona-scripts.ts) answers after 2 s and
// says "Stop calling me!" ~4 s after the bridge; it hangs up 22 s after answering.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";
import { api as apiAs, loggedIn as loggedInAs, middayZone } from "./support/dialer-session.ts";

const baseUrl = inject("baseUrl");
/** The number plan's angry persona (sim/carrier/personas.ts NUMBER_PLAN). */
const ANGRY = "+15550120001";
/** The number plan's Spanish-speaking persona: says "Sí, soy yo…" ~8 s after the bridge, hangs up 60 s after answering. */
const SPANISH = "+15550110001";
/** Ringing the agent, then the customer, bridging, and the first lines, with room for a cold actor. */
const CONVERSATION_TIMEOUT_MS = 40_000;

const agent = DEMO_USERS.find((u) => u.email === "agent2@demo.test");
if (!agent) throw new Error("agent2@demo.test is not a demo user (scripts/lib/seed.ts)");

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("live intelligence on the agent's call card", () => {
  it("shows the angry caller's language, sentiment, objection and alert, and says which model translates", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page: Page = await context.newPage();
    try {
      await submitLogin(page, baseUrl, agent.email, DEMO_PASSWORD);
      await expectHeading(page, "Agent workspace");
      const form = page.locator("form", { has: page.locator("input[name=to]") });
      await form.locator("input[name=to]").fill(ANGRY);
      await form.getByRole("radio", { name: /^Bridge\b/ }).check();
      await form.getByRole("button", { name: "Call", exact: true }).click();

      const panel = page.getByTestId("call-intelligence");
      await panel.waitFor({ timeout: UI_TIMEOUT_MS });
      const chips = page.getByTestId("objection-chips");
      await chips.filter({ hasText: "Stop calling" }).waitFor({ timeout: CONVERSATION_TIMEOUT_MS });
      await page.getByTestId("call-alerts").filter({ hasText: "The customer asked us to stop calling" }).waitFor({ timeout: UI_TIMEOUT_MS });
      // The angry caller objects: the card suggests a line (assist only), the offline script's
      // at once and then the model's (the stack's model simulator, so named) once it answers.
      const suggestion = page.locator('[data-testid="suggested-line"][data-source="model"]');
      await suggestion.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await suggestion.innerText()).toMatch(/Suggested line[\s\S]*noting that now[\s\S]*Assist only[\s\S]*Written by the model wib-sim-1 \(simulator\)/);
      const gauge = page.getByRole("meter", { name: "Sentiment" });
      expect(Number(await gauge.getAttribute("aria-valuenow"))).toBeLessThan(0);
      // The model's own reading of the customer sits beside the lexicon's gauge, named as the model simulator's.
      const modelSentiment = page.getByTestId("model-sentiment").and(page.locator("[data-available=true]"));
      await modelSentiment.getByTestId("model-sentiment-word").waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await modelSentiment.getByTestId("model-sentiment-source").innerText()).toMatch(/^Scored by wib-sim-1 \(the model simulator, not a real model\), every 3 customer lines\.$/);
      expect(await page.getByTestId("call-language").innerText()).toMatch(/English/);
      const stopLine = page.getByTestId("transcript").locator("li", { hasText: "Stop calling me" });
      expect(await stopLine.getByTestId("line-language").innerText()).toBe("EN");
      await saveScreenshot(page, "call-intelligence");

      // The stack runs the model simulator: choosing the translation says which model
      // translates (a simulator, so named), and an English caller's lines stay as said.
      expect(await page.getByTestId("translation-status").count()).toBe(0);
      await panel.getByRole("radio", { name: "Translation" }).check();
      await page.getByTestId("translation-status").filter({ hasText: "Translating into English with wib-sim-1 (the model simulator" }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.getByTestId("translation-needs-model").count()).toBe(0);
      expect(await stopLine.getByTestId("line-translation").count()).toBe(0);
      await panel.getByRole("radio", { name: "Original" }).check();
      expect(await page.getByTestId("translation-status").count()).toBe(0);

      const hangUp = page.getByRole("button", { name: "Hang up", exact: true });
      if (await hangUp.isVisible()) await hangUp.click();
      await page.getByRole("heading", { name: "Call ended" }).waitFor({ timeout: UI_TIMEOUT_MS });

      // At wrap-up the model (the simulator, so named) suggests the disposition from the whole
      // call; it is picked until the agent picks another, and Save confirms it: that is what is kept.
      const suggested = page.locator('[data-testid="suggested-disposition"][data-source="model"]');
      await suggested.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await suggested.innerText()).toMatch(/^Suggested: Refused by the model wib-sim-1 \(simulator\) \(simulator: “[^”]*Stop calling me!”\)\.\s+Confirm it with Save, or pick another\.$/);
      expect(await page.getByTestId("disposition-refused").locator("input").isChecked()).toBe(true);
      const callId = (await page.getByRole("link", { name: "Call details" }).first().getAttribute("href"))!.replace("/calls/", "");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
      const { call: saved } = await apiAs<{ call: { disposition: string | null } }>(page, baseUrl, "GET", `/api/calls/${callId}`);
      expect(saved.disposition).toBe("refused");
    } finally {
      await context.close();
    }
  });

  it("puts the angry caller's alert in the supervisor's campaign room as it is raised, with a jump to the call", { timeout: 180_000 }, async () => {
    const api = <T>(page: Page, method: string, path: string, body?: unknown) => apiAs<T>(page, baseUrl, method, path, body);
    const supervisor = await loggedInAs(browser, contexts, baseUrl, "supervisor@demo.test");
    const { members } = await api<{ members: { userId: string; email: string }[] }>(supervisor, "GET", "/api/members");
    const agentId = members.find((m) => m.email === "agent1@demo.test")!.userId;
    const { account } = await api<{ account: { id: string } }>(supervisor, "POST", "/api/accounts", {
      name: "Angry campaign e2e",
      phones: [ANGRY],
      timeZone: middayZone(),
      balanceDueCents: 42_000,
      consent: true,
    });
    const { campaign } = await api<{ campaign: { id: string } }>(supervisor, "POST", "/api/campaigns", {
      name: `Alerts e2e ${Date.now()}`,
      pacingMode: "progressive",
      agentUserIds: [agentId],
      accountSelection: { accountIds: [account.id] },
      retryMaxAttempts: 1,
      safeHarborMessage: "This is Demo Collections. Sorry we missed you: please call us at {callbackNumber}.",
    });
    const agentPage = await loggedInAs(browser, contexts, baseUrl, "agent1@demo.test");
    await agentPage.goto(`${baseUrl}/agent`);
    await agentPage.getByRole("button", { name: "Available", exact: true }).click();
    await agentPage.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}`);
    await supervisor.getByTestId("campaign-start").click();
    await supervisor.goto(`${baseUrl}/campaigns/${campaign.id}/live`);

    // The alert arrives on the room's socket while the supervisor watches (no reload).
    const alert = supervisor.getByTestId("call-alert").and(supervisor.locator("[data-rule=cease_contact]"));
    await alert.waitFor({ timeout: 90_000 });
    expect(await alert.innerText()).toMatch(/Stop calling[\s\S]*Angry campaign e2e[\s\S]*The customer asked us to stop calling/);
    const callId = await alert.getAttribute("data-call-id");
    // Sorted by sentiment, the call's row shows the customer's live mood below zero.
    await supervisor.getByRole("radio", { name: "Sentiment, lowest first" }).check();
    const mood = supervisor.locator(`tr[data-call-id="${callId}"]`).getByTestId("call-sentiment").and(supervisor.locator('[data-score^="-"]'));
    await mood.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await mood.innerText()).toMatch(/Negative|Uneasy/);
    await saveScreenshot(supervisor, "campaign-call-alert");
    await alert.getByTestId("call-alert-jump").click();
    await supervisor.waitForURL(`${baseUrl}/calls/${callId}`, { timeout: UI_TIMEOUT_MS });
    await api(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`);

    // The agent finishes the call as any shift would (ended, dispositioned, available
    // again), so the demo agent is free for the files that follow.
    await agentPage.getByTestId("call-status").first().waitFor({ timeout: UI_TIMEOUT_MS });
    if (!/completed|ended|canceled|failed|no answer|busy/i.test(await agentPage.getByTestId("call-status").first().innerText())) {
      await agentPage.getByRole("button", { name: "Hang up" }).click();
    }
    await agentPage.getByTestId("call-status").filter({ hasText: /completed|ended|canceled|failed|no answer|busy/i }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await agentPage.getByTestId("disposition-refused").click();
    await agentPage.getByRole("button", { name: "Save", exact: true }).click();
    await agentPage.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The supervisor, still on the call's page, sees the customer's sentiment over the whole call once it is kept.
    const summary = supervisor.getByTestId("call-sentiment-summary");
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getByTestId("sentiment-summary-counts").innerText()).toMatch(/\d+ customer lines? scored · [1-9]\d* objections? · [1-9]\d* alerts?/);
    await agentPage.getByRole("button", { name: "Available", exact: true }).click();
    await agentPage.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it("says the agent's typed line to the Spanish caller in Spanish, through the carrier, once voice-to-voice is on", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page: Page = await context.newPage();
    try {
      await submitLogin(page, baseUrl, agent.email, DEMO_PASSWORD);
      await expectHeading(page, "Agent workspace");
      const form = page.locator("form", { has: page.locator("input[name=to]") });
      await form.locator("input[name=to]").fill(SPANISH);
      await form.getByRole("radio", { name: /^Bridge\b/ }).check();
      const placed = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/calls" && response.request().method() === "POST", { timeout: UI_TIMEOUT_MS });
      await form.getByRole("button", { name: "Call", exact: true }).click();
      const callId = ((await (await placed).json()) as { id: string }).id;

      // Off by default: the box says so and takes nothing.
      const box = page.getByTestId("voice-line-box");
      await box.waitFor({ timeout: CONVERSATION_TIMEOUT_MS });
      await box.getByTestId("voice-line-status").filter({ hasText: /Voice-to-voice is off|not known yet/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      await apiAs(page, baseUrl, "PATCH", `/api/calls/${callId}/translation`, { enabled: true, from: "auto", to: "en", voiceToVoice: true });

      // Once the caller has spoken, the box offers their language and takes the line.
      await box.getByRole("heading", { name: "Say in Spanish" }).waitFor({ timeout: CONVERSATION_TIMEOUT_MS });
      await box.and(page.locator("[data-available=true]")).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await box.getByTestId("voice-line-status").innerText()).toMatch(/translated into Spanish by wib-sim-1 \(the model simulator, not a real model\)/);
      await box.getByRole("textbox").fill("Of course. I can note a payment for Monday. Shall I send you the link by text?");
      await box.getByRole("button", { name: "Say it" }).click();
      const spoken = box.getByTestId("voice-line-spoken");
      await spoken.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await spoken.innerText()).toBe("Said in Spanish: “Claro. Puedo anotar un pago para el lunes. ¿Le envío el enlace por mensaje?”");
      await saveScreenshot(page, "voice-to-voice");

      // The agent finishes the call, so the demo agent is free for the files that follow.
      const hangUp = page.getByRole("button", { name: "Hang up", exact: true });
      if (await hangUp.isVisible()) await hangUp.click();
      await page.getByRole("heading", { name: "Call ended" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId("disposition-refused").click();
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByRole("status").filter({ hasText: /Wrap-up saved/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    } finally {
      await context.close();
    }
  });
});
