// Payments in Chromium with both simulators: an agent on a live call about James Smith
// (owes $480.50) texts a $100.00 payment link from the call card; the Stripe simulator's
// customer pays it; the card's timeline says so and the balance beside it drops to $380.50
// without a reload. A supervisor sees the payment on the Payments page (with the simulator's
// label, and no refund control), and an owner refunds it there with a confirmation; the
// row turns Refunded once Stripe's signed refund webhook has moved the ledger.
//
// Time: speed 1. The demo account's number is outside the number plan, so the live human
// persona answers after ~2 s and stays 60 s: the link, the payment and its webhook fit well inside.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");
const stripe = inject("stripeControlUrl");
const JAMES = { name: "James Smith", phone: "+12125550102" };
/** A call reaching the agent and the customer, with room for a cold actor. */
const CALL_TIMEOUT_MS = 40_000;

interface SimSession {
  id: string;
  status: string;
  amount_total: number;
  metadata: Record<string, string>;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The open Checkout Session the call card's link made (the simulator's control API). */
async function openSessionFor(phone: string, amountCents: number): Promise<SimSession> {
  for (let tries = 0; tries < 100; tries++) {
    const { sessions } = (await (await fetch(`${stripe}/control/checkout/sessions`)).json()) as { sessions: SimSession[] };
    const found = sessions.find((s) => s.status === "open" && s.amount_total === amountCents && s.metadata.sms_to === phone);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no open session of ${amountCents} cents for ${phone}`);
}

async function loggedIn(email: string, heading: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await submitLogin(page, baseUrl, email, DEMO_PASSWORD);
  await expectHeading(page, heading);
  return { page, close: () => context.close() };
}

describe("a payment link from the live call card, paid, listed and refunded", () => {
  it("the agent sends it, sees it paid and the balance drop; the supervisor sees it; the owner refunds it", { timeout: 180_000 }, async () => {
    expect(stripe).not.toBe("");
    const agent = await loggedIn("agent1@demo.test", "Agent workspace");
    try {
      const { page } = agent;
      // The agent finds the account by name: the first page lists only the ten highest balances.
      await page.getByRole("searchbox", { name: "Search accounts" }).fill(JAMES.name);
      await page.getByRole("button", { name: `Call ${JAMES.name} at ${JAMES.phone}` }).click();
      const pop = page.getByTestId("account-pop");
      await pop.getByTestId("account-name").filter({ hasText: JAMES.name }).waitFor({ timeout: CALL_TIMEOUT_MS });
      expect(await pop.getByTestId("account-balance").innerText()).toBe("$480.50");

      await pop.getByRole("button", { name: "Send payment link" }).click();
      const amount = pop.getByRole("textbox", { name: /Amount/ });
      expect(await amount.inputValue()).toBe("480.50");
      await amount.fill("500");
      // More than the balance: said, and nothing to press.
      await pop.getByRole("alert").filter({ hasText: "At most $480.50" }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await pop.getByRole("button", { name: "Text the link" }).isDisabled()).toBe(true);
      await amount.fill("100.00");
      await pop.getByRole("button", { name: "Text a link for $100.00" }).click();
      await pop.getByTestId("payment-link-sent").filter({ hasText: `Payment link for $100.00 sent by text to ${JAMES.phone}` }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByText("Payment link sent by text").waitFor({ timeout: UI_TIMEOUT_MS });

      // The customer pays the texted link in the Stripe simulator.
      const session = await openSessionFor(JAMES.phone, 10_000);
      expect((await fetch(`${stripe}/control/checkout/sessions/${session.id}/pay`, { method: "POST" })).status).toBe(200);
      await page.getByText("Payment received: $100.00; balance now $380.50").waitFor({ timeout: CALL_TIMEOUT_MS });
      await pop.getByTestId("account-balance").filter({ hasText: "$380.50" }).waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, "payments-call-card");
      const hangUp = page.getByRole("button", { name: "Hang up", exact: true });
      if (await hangUp.isVisible()) await hangUp.click();
    } finally {
      await agent.close();
    }

    const supervisor = await loggedIn("supervisor@demo.test", "Supervisor board");
    try {
      const { page } = supervisor;
      await page.goto(`${baseUrl}/payments`);
      await expectHeading(page, "Payments");
      await page.getByTestId("payments-simulator").waitFor({ timeout: UI_TIMEOUT_MS });
      const row = page.getByTestId("payments").locator("tr", { hasText: JAMES.name });
      expect(await row.getByTestId("payment-amount").innerText()).toBe("$100.00");
      expect(await row.innerText()).toContain("Agent's link");
      expect(await row.getByRole("button", { name: /Refund/ }).count()).toBe(0);
    } finally {
      await supervisor.close();
    }

    const owner = await loggedIn("owner@demo.test", "Administration");
    try {
      const { page } = owner;
      await page.goto(`${baseUrl}/payments`);
      await expectHeading(page, "Payments");
      const row = page.getByTestId("payments").locator("tr", { hasText: JAMES.name });
      await row.getByRole("button", { name: `Refund the payment of ${JAMES.name}` }).click();
      await row.getByRole("textbox", { name: /Amount to refund/ }).fill("100.00");
      await row.getByRole("button", { name: "Refund", exact: true }).click();
      await row.getByRole("button", { name: "Confirm refund of $100.00" }).click();
      await row.getByTestId("payment-status").filter({ hasText: "Refunded" }).waitFor({ timeout: 30_000 });
      expect(await row.getByTestId("payment-refunded").innerText()).toBe("$100.00");
      await saveScreenshot(page, "payments-refunded");
    } finally {
      await owner.close();
    }
  });

  it("an admin sets the IVR's Spanish greeting, menu options, hold and link validity, previews them, and finds them after a reload", { timeout: 90_000 }, async () => {
    const owner = await loggedIn("owner@demo.test", "Administration");
    try {
      const { page } = owner;
      await page.getByRole("link", { name: "IVR settings" }).click();
      await expectHeading(page, "IVR settings");
      const spanish = page.locator("fieldset", { hasText: "Spanish prompts" });
      await spanish.getByRole("textbox", { name: "Greeting" }).fill("Hola, gracias por llamar a Demo.");
      await spanish.getByLabel("What the caller hears in Spanish").getByText("Hola, gracias por llamar a Demo.").waitFor({ timeout: UI_TIMEOUT_MS });
      // The menu offers all three options until one is turned off; the preview says the menu as the IVR will.
      const spanishPreview = spanish.getByLabel("What the caller hears in Spanish");
      await spanishPreview.getByText("Para escuchar su saldo, oprima 2.", { exact: false }).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole("checkbox", { name: "2 Hear the balance" }).uncheck();
      await spanishPreview.getByText("Para hacer un pago, oprima 1. Para hablar con un agente, oprima 3.").waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await spanishPreview.innerText()).not.toContain("saldo");
      await page.getByRole("spinbutton", { name: "Payment hold (minutes)" }).fill("4");
      const validity = page.getByRole("spinbutton", { name: "Payment link valid for (hours)" });
      // 15 minutes is under Stripe's 30: the form will not send it.
      await validity.fill("0.25");
      expect(await validity.evaluate((input) => (input as unknown as { validity: { rangeUnderflow: boolean } }).validity.rangeUnderflow)).toBe(true);
      await validity.fill("2");
      await page.getByRole("button", { name: "Save IVR settings" }).click();
      await page.getByText("Saved. The next IVR call uses them.").waitFor({ timeout: UI_TIMEOUT_MS });
      await page.reload();
      await expectHeading(page, "IVR settings");
      expect(await page.locator("fieldset", { hasText: "Spanish prompts" }).getByRole("textbox", { name: "Greeting" }).inputValue()).toBe("Hola, gracias por llamar a Demo.");
      expect(await page.getByRole("spinbutton", { name: "Payment hold (minutes)" }).inputValue()).toBe("4");
      expect(await page.getByRole("spinbutton", { name: "Payment link valid for (hours)" }).inputValue()).toBe("2");
      expect(await page.getByRole("checkbox", { name: "2 Hear the balance" }).isChecked()).toBe(false);
      expect(await page.getByRole("checkbox", { name: "1 Pay" }).isChecked()).toBe(true);
      expect(await page.locator("fieldset", { hasText: "Spanish prompts" }).getByLabel("What the caller hears in Spanish").innerText()).toContain("Para hacer un pago, oprima 1. Para hablar con un agente, oprima 3.");
    } finally {
      await owner.close();
    }
  });
});
