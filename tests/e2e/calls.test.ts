// An agent places a direct call to the simulator's live human (English) from the console,
// watches it get answered, reads the transcript as it is spoken (no reload), hangs up,
// saves a disposition and notes, and finds the call in the history with its timeline,
// transcript and recording (with the pause the agent made drawn on its strip, named by who
// paused it). While the call is on screen (talking and wrapping up) it has
// the agent's page to itself: placing a call, the simulator's numbers and the accounts list
// are gone until the wrap-up is saved. The recording shows its length before it is played.
// The selectors are the console's contract: input[name=to], the "Call", "Hang up" and
// "Save" buttons, textarea[name=notes], the disposition-<value> radios, and the test ids
// call-status, transcript, call-timeline, call-history, call-detail-status and recording-length;
// the agent page's section headings #place-call-heading, #demo-numbers-heading, #accounts-heading.
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
/** The recording is copied to storage after the hang-up; the call page looks again for 60 s. */
const RECORDING_TIMEOUT_MS = 45_000;

const agent = DEMO_USERS.find((u) => u.email === "agent1@demo.test");
if (!agent) throw new Error("agent1@demo.test is not a demo user (scripts/lib/seed.ts)");

const word = (pattern: string) => new RegExp(`^\\s*(${pattern})\\s*$`, "i");
const ANSWERED_OR_LATER = word("answered|bridged|completed");
const TERMINAL = word("completed|busy|no answer|failed|canceled");

/** What the agent page shows beside a call: placing one, the simulator's numbers, the accounts. */
const BESIDE_THE_CALL = ["#place-call-heading", "#demo-numbers-heading", "#accounts-heading"];

async function visibleBesideTheCall(page: Page): Promise<string[]> {
  const visible: string[] = [];
  for (const selector of BESIDE_THE_CALL) if (await page.locator(selector).isVisible()) visible.push(selector);
  return visible;
}

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

      // Before the call: placing one, the simulator's numbers and the accounts are all there.
      await page.locator("#demo-numbers-heading").waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator("#accounts-heading").waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await visibleBesideTheCall(page)).toEqual(BESIDE_THE_CALL);

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
      // The live call has the screen: nothing else to dial or browse, the call card full width.
      expect(await visibleBesideTheCall(page)).toEqual([]);
      const callCard = await page.locator("section.live-call").boundingBox();
      const mainBox = await page.locator("main").boundingBox();
      expect(callCard!.width).toBeGreaterThan(mainBox!.width * 0.9);
      await saveScreenshot(page, "call-live");

      // The agent pauses the recording while the customer reads something out, then resumes it.
      const recordingControl = page.getByTestId("recording-control");
      await recordingControl.getByRole("textbox").fill("Customer reading a card number");
      await recordingControl.getByRole("button", { name: "Pause recording" }).click();
      await page.locator('[data-testid="recording-control"][data-paused="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
      // Typed as soon as the card says paused, maybe before the pause's answer is back: the reason is kept.
      await recordingControl.getByRole("textbox").fill("Card details done");
      await recordingControl.getByRole("button", { name: "Resume recording" }).click();
      await page.locator('[data-testid="recording-control"][data-paused="false"]').waitFor({ timeout: UI_TIMEOUT_MS });

      // Hang up; the call ends and waits for its wrap-up.
      await page.getByRole("button", { name: "Hang up", exact: true }).click();
      await status.filter({ hasText: TERMINAL }).waitFor({ timeout: UI_TIMEOUT_MS });
      // Wrapping up, the call still has the screen.
      expect(await visibleBesideTheCall(page)).toEqual([]);
      await page.getByTestId("disposition-promise_to_pay").click();
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.locator("input[name=promiseDate]").fill(tomorrow);
      await page.locator("input[name=promiseAmount]").fill("150");
      await page.locator("textarea[name=notes]").fill("Agreed a four-month plan; payment link by text.");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByRole("status").filter({ hasText: /Wrap-up saved/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      // Done with the call: the rest of the workspace is back.
      for (const selector of BESIDE_THE_CALL) await page.locator(selector).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await visibleBesideTheCall(page)).toEqual(BESIDE_THE_CALL);
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
      const audio = page.locator("audio").first();
      await audio.waitFor({ timeout: RECORDING_TIMEOUT_MS });
      expect(await audio.getAttribute("src")).toContain(`/api/calls/${callId}/recording`);
      // Its length shows before anyone presses play: the player read the file's header, and
      // the label beside it says the same length (not the 0:00 of an unloaded player).
      // (A string: the test code is typed for Node, the expression runs in the page.)
      await page.waitForFunction(
        `(() => { const a = document.querySelector("audio"); return a !== null && a.paused && Number.isFinite(a.duration) && a.duration > 0; })()`,
        undefined,
        { timeout: UI_TIMEOUT_MS },
      );
      const player = await audio.evaluate((element) => {
        const media = element as unknown as { duration: number; currentTime: number };
        return { duration: media.duration, currentTime: media.currentTime };
      });
      const length = page.getByTestId("recording-length").first();
      const clock = `${Math.floor(player.duration / 60)}:${String(Math.floor(player.duration % 60)).padStart(2, "0")}`;
      await length.filter({ hasText: new RegExp(`^\\s*${clock}\\s*$`) }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(clock).not.toBe("0:00");
      expect(player.currentTime).toBe(0);
      // The transcript is aligned to the recording: a line's time seeks the player there and
      // that line is the one highlighted; an agent is offered no Download (the route refuses it too).
      const cue = page.getByTestId("recording-cue").filter({ has: page.locator("button") }).last();
      await cue.waitFor({ timeout: UI_TIMEOUT_MS });
      const cueTime = (await cue.locator(".time").innerText()).trim();
      await cue.locator("button").click();
      await cue.and(page.locator('[aria-current="true"]')).waitFor({ timeout: UI_TIMEOUT_MS });
      const seekedTo = await audio.evaluate((element) => (element as unknown as { currentTime: number }).currentTime);
      expect(`${Math.floor(seekedTo / 60)}:${String(Math.floor(seekedTo % 60)).padStart(2, "0")}`).toBe(cueTime);
      expect(await page.getByRole("link", { name: "Download" }).count()).toBe(0);
      // The pause is drawn on the recording's strip with who paused it and why (the file leaves it out).
      await page.getByTestId("recording-strip-pause").filter({ hasText: `Paused by ${agent.name}: Customer reading a card number` }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.getByTestId("paused-span").innerText()).toMatch(new RegExp(`recording paused for \\d+:\\d\\d: Paused by ${agent.name}: Customer reading a card number \\(not in the file\\)`));
      // Locally the softphone says it is simulated rather than pretending to ring.
      expect(await page.getByTestId("softphone").getAttribute("data-status")).toBe("simulated");
      expect(await page.getByTestId("softphone").innerText()).toMatch(/simulated.*no audio/i);
      await saveScreenshot(page, "call-detail");
      expect(consoleErrors, "browser console errors").toEqual([]);
    } catch (error) {
      await saveScreenshot(page, "call-failure").catch(() => {});
      if (consoleErrors.length > 0) console.log(`[calls e2e] browser console errors:\n${consoleErrors.join("\n")}`);
      throw error;
    }
  });
});
