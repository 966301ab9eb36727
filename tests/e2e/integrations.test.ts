// An owner's Integrations page: create a scoped API key (the secret shown once) and use it,
// its last use shown after; subscribe a local receiver to webhooks (the secret shown once),
// cause an event with the key, see the delivery in the log and replay it (the same
// webhook-id arrives again, signed as the Standard Webhooks library verifies); open the
// API reference, rendered from /api/openapi.json with nothing fetched from another origin
// (filter, open an operation, send a GET as the session); then the audit log filtered to the
// owner's API-key actions, an entry opened to what it recorded.
// Selectors are the console's contract: the "Integrations" and "API reference" tabs, the
// labels of the forms, the "Deliveries" and "Replay" buttons.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");
const stripe = inject("stripeControlUrl");
const tag = Date.now().toString(36);

let browser: Browser;
const contexts: BrowserContext[] = [];
let receiver: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchChromium();
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const withKey = (secret: string, method: string, path: string, body?: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe("the Integrations page", () => {
  it("makes a scoped API key, a webhook endpoint with a delivery log and replay, and shows the API reference", { timeout: 120_000 }, async () => {
    const page = await newPage();
    const otherOrigins = new Set<string>();
    page.on("request", (request) => {
      const origin = new URL(request.url()).origin;
      if (origin !== new URL(baseUrl).origin && !request.url().startsWith("data:")) otherOrigins.add(origin);
    });
    await submitLogin(page, baseUrl, "owner@demo.test", DEMO_PASSWORD);
    await expectHeading(page, "Administration");
    await page.getByRole("navigation", { name: "Administration pages" }).getByRole("link", { name: "Integrations" }).click();
    await expectHeading(page, "Integrations");

    // An API key that may change accounts (and so read them), nothing else.
    await page.getByLabel("Key name").fill(`E2E sync ${tag}`);
    await page.getByLabel("accounts:write").check();
    await page.locator("#key-role").selectOption("supervisor");
    await page.getByLabel("Expires").selectOption({ label: "30 days" });
    await page.getByRole("button", { name: "Create key" }).click();
    const keySecret = await page.locator("#key-secret").inputValue({ timeout: UI_TIMEOUT_MS });
    expect(keySecret).toMatch(/^wib_/);
    const keyRow = page.locator("tr", { hasText: `E2E sync ${tag}` });
    expect(await keyRow.innerText()).toMatch(/accounts:read, accounts:write/);
    const lastUsedCell = (row: typeof keyRow) => row.locator("td").nth(5).innerText();
    expect(await lastUsedCell(keyRow)).toBe("Never");
    await page.getByRole("button", { name: "I have saved it" }).click();
    expect(await page.locator("#key-secret").count()).toBe(0);

    const refused = await withKey(keySecret, "GET", "/api/calls");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("This API key lacks the calls:read scope");

    // A webhook endpoint for account events, at a receiver in this test.
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await page.getByLabel("Endpoint URL").fill(receiverUrl);
    await page.getByLabel("* (every event)").uncheck();
    await page.getByLabel("account.*").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const webhookSecret = await page.locator("#webhook-secret").inputValue({ timeout: UI_TIMEOUT_MS });
    expect(webhookSecret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "I have saved it" }).click();

    // The key causes an event: a new account.
    const created = await withKey(keySecret, "POST", "/api/accounts", { name: `Webhook Person ${tag}`, phones: ["+15550101777"] });
    expect(created.status).toBe(201);

    const endpointRow = page.locator("tr", { hasText: receiverUrl });
    await endpointRow.getByRole("button", { name: "Deliveries" }).click();
    const deliveries = page.getByRole("region", { name: /Deliveries to/ });
    const deliveryRow = deliveries.locator("tbody tr", { hasText: "account.created" });
    // The dispatcher sends within moments; the log shows it once the receiver has answered.
    await expect.poll(async () => {
      await deliveries.getByRole("button", { name: "Refresh" }).click();
      await deliveries.getByText("Loading deliveries…").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
      return deliveries.innerText();
    }, { timeout: UI_TIMEOUT_MS, interval: 500 }).toMatch(/account\.created[\s\S]*succeeded[\s\S]*204 in \d+ ms/);
    expect(received).toHaveLength(1);
    const first = received[0]!;
    const verified = new Webhook(webhookSecret).verify(first.body, first.headers as Record<string, string>) as { type: string; data: { name?: string } };
    expect(verified.type).toBe("account.created");
    await saveScreenshot(page, "integrations-deliveries");

    await deliveryRow.getByRole("button", { name: /Replay/ }).click();
    await page.getByText(/Replay of account\.created queued/).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => received.length, { timeout: UI_TIMEOUT_MS, interval: 200 }).toBe(2);
    expect(received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    new Webhook(webhookSecret).verify(received[1]!.body, received[1]!.headers as Record<string, string>);

    // A time range (the last hour, as the form starts) sends every delivery created in it again.
    const range = deliveries.getByRole("form", { name: "Replay a time range" });
    await range.getByRole("button", { name: "Replay this range" }).click();
    await deliveries.getByText("1 delivery queued again (same webhook-ids).").waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => received.length, { timeout: UI_TIMEOUT_MS, interval: 200 }).toBe(3);
    expect(received[2]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);

    // Last use is shown for the key once the page is loaded again.
    await page.reload();
    await expectHeading(page, "Integrations");
    expect(await lastUsedCell(page.locator("tr", { hasText: `E2E sync ${tag}` }))).not.toBe("Never");

    // The API reference, rendered from the document, offline: an operation opens to its
    // scope and example, and a GET can be sent as this session.
    await page.getByRole("navigation", { name: "Administration pages" }).getByRole("link", { name: "API reference" }).click();
    await expectHeading(page, "API reference");
    const keysList = page.locator('[data-testid=operation][data-method=GET][data-path="/api/api-keys"]');
    await keysList.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId("operation").count()).toBeGreaterThan(50);
    await page.getByLabel("Filter operations").fill("api-keys");
    expect(await page.getByTestId("operation").count()).toBe(3);
    await keysList.locator("summary").click();
    expect(await keysList.innerText()).toMatch(/Least role: admin\. API key scope: admin\./);
    await keysList.getByRole("button", { name: "Send GET /api/api-keys" }).click();
    await keysList.getByText("Answered 200").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await keysList.locator("pre").last().innerText()).toContain(`E2E sync ${tag}`);
    await saveScreenshot(page, "integrations-api-reference");
    expect([...otherOrigins]).toEqual([]);

    // The audit log, filtered to API-key actions by this owner: the key made above, opened
    // to what it recorded; the account the key made is left out.
    await page.getByRole("navigation", { name: "Administration pages" }).getByRole("link", { name: "Administration" }).click();
    await expectHeading(page, "Administration");
    const audit = page.getByRole("region", { name: "Audit log" });
    await audit.getByLabel("Who").selectOption({ label: "Olivia Owner" });
    await audit.getByLabel("Action").fill("api_key.*");
    await audit.getByRole("button", { name: "Apply" }).click();
    // The unfiltered page showed the account the key made; the filtered one does not.
    await expect.poll(() => audit.locator("tbody tr", { hasText: "account.created" }).count(), { timeout: UI_TIMEOUT_MS, interval: 200 }).toBe(0);
    const keyEntry = audit.locator("tbody tr", { hasText: "api_key.created" }).first();
    await keyEntry.waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await audit.locator("tbody tr").allInnerTexts()).filter((row) => !row.includes("api_key."))).toEqual([]);
    await keyEntry.locator("summary").click();
    expect(await keyEntry.innerText()).toContain(`E2E sync ${tag}`);
    await audit.getByText(/Days are those of the organisation's time zone/).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, "admin-audit-filtered");
  });
});

describe("the Billing page", () => {
  it("changes plan through Stripe Checkout, and the predictive dialer Starter lacks unlocks on Growth", { timeout: 120_000 }, async () => {
    expect(stripe).not.toBe("");
    // An organisation of its own: the demo's plan is left alone for the other files.
    const email = `billing-${tag}@example.test`;
    const password = "correct horse battery";
    const signup = await fetch(`${baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organizationName: `Billing ${tag}`, name: "Billing Owner", email, password }),
    });
    expect(signup.status).toBe(201);
    const page = await newPage();
    await submitLogin(page, baseUrl, email, password);
    await expectHeading(page, "Administration");
    await page.getByRole("navigation", { name: "Administration pages" }).getByRole("link", { name: "Billing" }).click();
    await expectHeading(page, "Billing");
    await page.getByRole("heading", { name: "Plan: Scale" }).waitFor({ timeout: UI_TIMEOUT_MS });

    const predictiveDialer = page.getByRole("list", { name: "Features" }).getByRole("listitem").filter({ hasText: "The predictive dialer" });
    const newPredictiveCampaign = () =>
      page.evaluate(async () => {
        const response = await fetch("/api/campaigns", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `Predictive ${Date.now()}`, pacingMode: "predictive" }) });
        return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
      });

    /** Change to the plan on the page, pay as the customer on the simulator's Checkout, and wait for Stripe's webhook to move the plan. */
    async function changePlan(name: string) {
      await page.getByRole("button", { name: `Change to ${name}` }).click();
      await page.waitForURL(/\/checkout\/cs_/, { timeout: UI_TIMEOUT_MS });
      const sessionId = new URL(page.url()).pathname.split("/").pop()!;
      expect((await fetch(`${stripe}/control/checkout/sessions/${sessionId}/pay`, { method: "POST" })).status).toBe(200);
      await page.goto(`${baseUrl}/admin/billing?checkout=complete`);
      await expect
        .poll(
          async () => {
            await page.getByRole("button", { name: "Refresh" }).click();
            return page.getByRole("heading", { name: `Plan: ${name}` }).count();
          },
          { timeout: UI_TIMEOUT_MS, interval: 250 },
        )
        .toBe(1);
    }

    await changePlan("Starter");
    expect(await predictiveDialer.innerText()).toContain("Needs Growth");
    const refused = await newPredictiveCampaign();
    expect(refused.status).toBe(402);
    expect(refused.body.error?.message).toBe("The predictive dialer needs the Growth plan or above; this organisation is on Starter");

    await changePlan("Growth");
    expect(await predictiveDialer.innerText()).toContain("Included");
    expect((await newPredictiveCampaign()).status).toBe(201);
    expect(await page.getByRole("row", { name: /Growth/ }).innerText()).toContain("Current plan");
    await saveScreenshot(page, "admin-billing-growth");
  });
});
