// An agent places a direct call to the simulator's live human (English) from the console,
// watches it get answered, reads the transcript as it is spoken (no reload), hangs up,
// saves a disposition and notes, and finds the call in the history with its timeline,
// transcript and recording.
// The selectors are the console's contract: input[name=to], the "Call", "Hang up" and
// "Save" buttons, textarea[name=notes], the disposition-<value> radios, and the test ids
// call-status, transcript, call-timeline, call-history and call-detail-status.
//
// Time: the simulator runs at speed 1 here, on purpose. The live human (sim/README.md
// number plan) answers after ~4 s, says "Hello?" 0.6 s later and stays on the line for
// 60 s, so the test needs ~15 s; a faster factor (PUT /control/speed) would let the
// customer hang up before the agent does.
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");

/** The number plan's live human, English (sim/carrier/personas.ts NUMBER_PLAN). */
const LIVE_HUMAN_EN = "+15550100001";
/** Ringing plus answering, with room for a cold actor and a slow webhook. */
const ANSWER_TIMEOUT_MS = 30_000;

const agent = DEMO_USERS.find((u) => u.email === "agent1@demo.test");
if (!agent) throw new Error("agent1@demo.test is not a demo user (scripts/lib/seed.ts)");

const word = (pattern: string) => new RegExp(`^\\s*(${pattern})\\s*$`, "i");
const ANSWERED_OR_LATER = word("answered|bridged|completed");
const TERMINAL = word("completed|busy|no answer|failed|canceled");

let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

/** What the API said to POST /api/calls, as text for a failure message. */
async function describeResponse(response: Response): Promise<string> {
  return `${response.status()} ${await response.text().catch(() => "(no body)")}`;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe("a direct call from the agent workspace", () => {
  it("is answered, streams its transcript live, hangs up, takes a wrap-up and appears in the history", { timeout: 120_000 }, async () => {
    const page = await newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    try {
      await submitLogin(page, baseUrl, agent.email, DEMO_PASSWORD);
      await expectHeading(page, "Agent workspace");
      // Survives only as long as the page is never reloaded.
      await page.evaluate(() => Object.assign(globalThis, { __wibNotReloaded: true }));

      // Place the call.
      const form = page.locator("form", { has: page.locator("input[name=to]") });
      await form.locator("input[name=to]").fill(LIVE_HUMAN_EN);
      await form.getByRole("radio", { name: /^Direct\b/ }).check();
      const placedResponse = page.waitForResponse(
        (r) => new URL(r.url()).pathname === "/api/calls" && r.request().method() === "POST",
        { timeout: UI_TIMEOUT_MS },
      );
      await form.getByRole("button", { name: "Call", exact: true }).click();
      const placed = await placedResponse;
      expect(placed.status(), `POST /api/calls answered ${await describeResponse(placed)}`).toBe(201);
      const callId = ((await placed.json()) as { id: string }).id;

      // It rings, is answered, and the transcript arrives over the call's room.
      const status = page.getByTestId("call-status");
      await status.filter({ hasText: ANSWERED_OR_LATER }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
      const transcriptLines = page.getByTestId("transcript").locator("li");
      await transcriptLines.first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await transcriptLines.first().innerText()).trim()).not.toBe("");
      expect(await page.evaluate(() => "__wibNotReloaded" in globalThis)).toBe(true);
      await saveScreenshot(page, "call-live");

      // Hang up; the call ends and waits for its wrap-up.
      await page.getByRole("button", { name: "Hang up", exact: true }).click();
      await status.filter({ hasText: TERMINAL }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId("disposition-promise_to_pay").click();
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.locator("input[name=promiseDate]").fill(tomorrow);
      await page.locator("input[name=promiseAmount]").fill("150");
      await page.locator("textarea[name=notes]").fill("Agreed a four-month plan; payment link by text.");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByRole("status").filter({ hasText: /Wrap-up saved/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "call-wrap-up-saved");

      // The history lists it with its disposition; its page shows the record.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calls", exact: true }).click();
      await expectHeading(page, "Calls");
      const row = page.getByTestId("call-history").locator(`tr[data-call-id="${callId}"]`);
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await row.innerText()).toMatch(/Promise to pay/);
      // What the call was and how it ended, not just "completed": a manual call a person answered, no agent on it.
      expect(await row.innerText()).toMatch(/Outbound manual/);
      await row.getByTestId("call-outcome").filter({ hasText: "Answered, no agent" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "call-history");

      await row.getByRole("link").click();
      await page.waitForURL((url) => url.pathname === `/calls/${callId}`, { timeout: UI_TIMEOUT_MS });
      await page.getByTestId("call-detail-status").filter({ hasText: TERMINAL }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId("call-timeline").locator("li").first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.getByTestId("call-detail-kind").innerText()).toBe("Outbound manual");
      await page.getByTestId("transcript").locator("li").first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.locator("textarea[name=notes]").inputValue()).toMatch(/four-month plan/);
      // The recording is copied after the call ends; the page looks again for a while.
      const audio = page.locator("audio");
      await audio.first().waitFor({ timeout: UI_TIMEOUT_MS }).catch(() => {});
      if ((await audio.count()) > 0) {
        expect(await audio.first().getAttribute("src")).toContain(`/api/calls/${callId}/recording`);
      }
      await saveScreenshot(page, "call-detail");
      expect(consoleErrors, "browser console errors").toEqual([]);
    } catch (error) {
      await saveScreenshot(page, "call-failure").catch(() => {});
      if (consoleErrors.length > 0) console.log(`[calls e2e] browser console errors:\n${consoleErrors.join("\n")}`);
      throw error;
    }
  });
});
