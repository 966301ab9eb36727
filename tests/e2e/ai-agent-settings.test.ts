// An owner's Administration → AI agent page: the prompt editor's preview fills the
// variables in as the owner types (the same function a call uses when it starts), a name
// that is not a variable is flagged and cannot be saved, a saved prompt, voice and payment
// policy are there after a reload, and the change is in the audit log.
// Selectors are the console's contract: the "AI agent" link, the page's labels, the
// "Prompt preview" region, the "Save AI agent settings" button.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");

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
});
