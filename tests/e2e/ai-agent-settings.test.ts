// An owner's Administration → AI agent page: the prompt editor's preview fills the
// variables in as the owner types (the same function a call uses when it starts), a name
// that is not a variable is flagged and cannot be saved, a saved prompt, voice and payment
// policy are there after a reload, and the change is in the audit log.
// Selectors are the console's contract: the "AI agent" link, the page's labels, the
// "Prompt preview" region, the "Save AI agent settings" button.
// And a live AI call, in an organisation of its own (so no demo person's presence or call
// changes): the owner places a test call from the AI settings page (a carrier-simulator
// persona calls a number routed to the AI, from the customer's phone); the owner, available
// in the agent workspace, sees the AI call listed there live before holding it (what the AI
// is doing, the caller's sentiment), watches the call's page as the AI talks, takes it over
// from the workspace's list (rung and bridged by the simulator; the call takes the
// workspace), hands it back with Alt+G and notes, is freed into wrap-up while the AI carries
// on, and sees both switches in the audit.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";
import { api } from "./support/dialer-session.ts";
import { freshNumberIn } from "../setup/fresh-numbers.ts";

const baseUrl = inject("baseUrl");
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the AI agent settings page", () => {
  it("previews the prompt's variables, refuses an unknown one, and saves what the next AI call uses", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await submitLogin(page, baseUrl, "owner@demo.test", DEMO_PASSWORD);
    await expectHeading(page, "Administration");
    await page.getByRole("link", { name: "AI agent", exact: true }).click();
    await expectHeading(page, "AI agent");

    const prompt = page.getByLabel(/What the agent is told/);
    const preview = page.getByTestId("ai-prompt-preview");
    await prompt.fill("You call for {{organization_name}}. {{customer_name}} owes {{balance}}; take at least {{minimum_payment}}.");
    await expect.poll(() => preview.textContent(), { timeout: UI_TIMEOUT_MS }).toBe("You call for Acme Recovery. Ada Lovelace owes $1,250.00; take at least $625.00.");
    await page.getByLabel("Sample customer_name").fill("Grace Hopper");
    await expect.poll(() => preview.textContent(), { timeout: UI_TIMEOUT_MS }).toContain("Grace Hopper owes $1,250.00");

    await prompt.fill("Hello {{nickname}}");
    await page.getByRole("alert").filter({ hasText: "Not a variable: {{nickname}}" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByRole("button", { name: "Save AI agent settings" }).isDisabled()).toBe(true);

    await prompt.fill("You call for {{organization_name}}. Be brief with {{customer_name}}.");
    await page.getByRole("combobox", { name: /^Voice/ }).selectOption("male");
    await page.getByLabel(/Lowest payment the AI may take/).fill("80");
    await page.getByRole("button", { name: "Save AI agent settings" }).click();
    await page.getByRole("status").filter({ hasText: "Saved. The next AI call uses them." }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, "ai-agent-settings");

    await page.reload();
    await expectHeading(page, "AI agent");
    await expect.poll(() => page.getByLabel(/What the agent is told/).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe("You call for {{organization_name}}. Be brief with {{customer_name}}.");
    expect(await page.getByRole("combobox", { name: /^Voice/ }).inputValue()).toBe("male");
    expect(await page.getByLabel(/Lowest payment the AI may take/).inputValue()).toBe("80");

    const audit = await page.evaluate(async () => (await (await fetch("/api/audit?limit=10")).json()) as { entries: { action: string }[] });
    expect(audit.entries.map((entry) => entry.action)).toContain("organization.ai_agent_settings_changed");
    await context.close();
  });

  it("lists a live AI call in the agent workspace before anyone holds it; Take over there, Alt+G hands it back with notes and frees the person; both are audited", { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const signup = await page.request.post(`${baseUrl}/api/auth/signup`, {
      headers: { "content-type": "application/json", origin: baseUrl },
      data: JSON.stringify({ organizationName: `AI calls ${unique()}`, name: "Olive Owner", email: `ai-owner-${unique()}@example.test`, password: "a-long-password-1" }),
    });
    expect(signup.status()).toBe(201);
    const line = freshNumberIn("+1999", 7);
    const caller = freshNumberIn("+1555779");
    await api(page, baseUrl, "POST", "/api/phone-numbers", { e164: line, label: "AI line", inboundAction: "ai_agent" });
    await api(page, baseUrl, "POST", "/api/accounts", { name: "Ada Caller", phones: [caller], balanceDueCents: 84_216, consent: true });

    // The owner takes calls: the takeover rings the person who asked, through the pool.
    await page.goto(`${baseUrl}/agent`);
    await page.getByRole("group", { name: "Set your status" }).getByRole("button", { name: "Available" }).click();
    await page.getByRole("group", { name: "Set your status" }).getByRole("button", { name: "Available", pressed: true }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The test call from the AI settings page: a simulator persona rings the AI line from the customer's phone.
    const watcher = await context.newPage();
    await watcher.goto(`${baseUrl}/admin/ai-agent`);
    const testCall = watcher.getByRole("region", { name: "Test call" });
    await testCall.getByLabel("Simulator persona").selectOption("ai-caller-pays");
    await testCall.getByLabel(/Caller number/).fill(caller);
    await testCall.getByRole("button", { name: "Place test call" }).click();
    await testCall.getByRole("status").filter({ hasText: `ai-caller-pays (simulator) is calling ${line}` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await testCall.getByRole("link", { name: "Watch the live call" }).click();
    await watcher.waitForURL(/\/calls\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT_MS });
    const callId = new URL(watcher.url()).pathname.split("/").pop();
    const card = watcher.getByTestId("ai-agent-card");
    await card.waitFor({ timeout: UI_TIMEOUT_MS });
    // The AI talks live: its lines arrive on the timeline without a reload, and it answers the caller's turn.
    const timeline = watcher.getByRole("region", { name: "Timeline" });
    await timeline.getByText("AI said: \"Your current balance is $842.16.\"").waitFor({ timeout: 60_000 });
    await expect.poll(() => watcher.getByTestId("ai-last-turn").textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Answered the last turn in [\d,]+ ms$/);
    await card.getByRole("button", { name: "Take over" }).waitFor({ timeout: 60_000 });
    await saveScreenshot(watcher, "ai-call-live");

    // The agent workspace lists the call live, before anyone holds it: the AI's state, the caller's sentiment, Take over.
    const aiCalls = page.getByTestId("ai-calls");
    const row = aiCalls.locator(`tr[data-call-id="${callId}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId("call-ai").getAttribute("data-ai-state"), { timeout: UI_TIMEOUT_MS }).toBe("talking");
    expect(await row.getByText("AI talking").count()).toBe(1);
    await expect.poll(() => row.getByTestId("call-sentiment").getAttribute("data-score"), { timeout: 60_000 }).not.toBe("");
    await saveScreenshot(page, "ai-calls-to-take-over");
    await row.getByRole("button", { name: "Take over the call with Ada Caller" }).click();
    await expect.poll(() => card.getAttribute("data-phase"), { timeout: 60_000 }).toBe("human_active");
    expect(await watcher.getByTestId("ai-phase").textContent()).toBe("a person has the call");
    await timeline.getByText("Olive Owner took the call over from the AI").waitFor({ timeout: UI_TIMEOUT_MS });
    // The call takes the workspace (the list gives way to it), and the owner is on it.
    await aiCalls.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await expect.poll(() => page.getByTestId("presence-status").textContent(), { timeout: UI_TIMEOUT_MS }).toBe("on call");

    await watcher.keyboard.press("Alt+G");
    const notes = card.getByLabel(/Notes for the AI/);
    expect(await card.getByRole("button", { name: "Hand back with these notes" }).isDisabled()).toBe(true);
    await notes.fill("Will pay Friday; send the link then.");
    await card.getByRole("button", { name: "Hand back with these notes" }).click();
    await timeline.getByText("Olive Owner handed the call back to the AI (notes: Will pay Friday; send the link then.)").waitFor({ timeout: 60_000 });
    await timeline.getByText("AI said: \"Hi, it's the automated assistant again.", { exact: false }).waitFor({ timeout: 60_000 });
    await expect.poll(() => card.getAttribute("data-phase"), { timeout: 60_000 }).not.toBe("human_active");
    await saveScreenshot(watcher, "ai-call-handed-back");
    // Freed at the hand-back: wrapping up while the AI still has the caller.
    await expect.poll(() => page.getByTestId("presence-status").textContent(), { timeout: 60_000 }).toBe("wrap up");
    expect(await card.getAttribute("data-phase")).not.toBe("ended");

    const audit = await api<{ entries: { action: string; resourceId: string | null }[] }>(page, baseUrl, "GET", "/api/audit?limit=20");
    const onCall = audit.entries.filter((entry) => entry.resourceId === callId).map((entry) => entry.action);
    expect(onCall).toEqual(expect.arrayContaining(["call.ai_taken_over", "call.ai_handed_back"]));
    await api(page, baseUrl, "POST", `/api/calls/${callId}/hangup`, {}).catch(() => undefined);
    await context.close();
  });
});
