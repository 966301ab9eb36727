// A supervisor imports a small account CSV with one bad row: the dry run names the row and
// the field and stores nothing, the import stores the good rows with a progress bar and a
// summary, and the accounts are then found in the list (the bad row's account is not). The
// file has no consent column: the dry run says so, and the accounts show consent unknown.
// The selectors are the console's contract: the "Accounts" nav link, the "Import CSV" link,
// input[name=csv-file], data-testid import-dry-run / import-errors (rows carry data-row) /
// import-summary, the "Import N good rows" button and the accounts search box.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");

const supervisor = DEMO_USERS.find((u) => u.email === "supervisor@demo.test");
if (!supervisor) throw new Error("supervisor@demo.test is not a demo user (scripts/lib/seed.ts)");

// Names no other test (or a second run against the same stack) uses.
const tag = Date.now().toString(36).toUpperCase();
const CSV = [
  "account_ref,name,phone,time_zone,balance_due,debt_ref,debt_balance,creditor",
  `E2E-${tag}-1,Quinn Import ${tag},+15550101001,America/New_York,250.00,E2E-${tag}-1A,250.00,Lakeside Bank`,
  `E2E-${tag}-2,Robin Broken ${tag},not-a-phone,America/New_York,90.00,,,`,
  `E2E-${tag}-3,Sasha Import ${tag},+15550201003;+15550301003,America/New_York,1200.00,E2E-${tag}-3A,1000.00,Metro Card Services`,
  `E2E-${tag}-3,Sasha Import ${tag},+15550201003,America/New_York,1200.00,E2E-${tag}-3B,200.00,Bayview Auto Finance`,
].join("\r\n");

let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe("importing accounts from CSV", () => {
  it("shows the bad row and field in the dry run, imports the good rows and lists the accounts", { timeout: 90_000 }, async () => {
    const page = await newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });

    // The console sends files in chunks to an import session, for the dry run and the import.
    const importRequests: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/api/account") && request.method() === "POST") importRequests.push(pathname.replace(/[0-9a-f-]{36}/, ":id"));
    });

    await submitLogin(page, baseUrl, supervisor.email, DEMO_PASSWORD);
    await expectHeading(page, "Supervisor board");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts", exact: true }).click();
    await expectHeading(page, "Accounts");
    await page.getByRole("link", { name: "Import CSV", exact: true }).click();
    await expectHeading(page, "Import accounts");

    // The dry run: the bad row (row 3: the header is row 1) and its field, and nothing stored.
    await page.locator("input[name=csv-file]").setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    const dryRun = page.getByTestId("import-dry-run");
    await dryRun.waitFor({ timeout: UI_TIMEOUT_MS });
    const errorRows = dryRun.getByTestId("import-errors").locator("tbody tr");
    expect(await errorRows.count()).toBe(1);
    const badRow = errorRows.first();
    expect(await badRow.getAttribute("data-row")).toBe("3");
    expect((await badRow.locator("td").allInnerTexts()).map((t) => t.trim())).toEqual(["3", "phone", expect.stringContaining("not a phone number")]);
    expect(await dryRun.innerText()).toMatch(/4 rows read: 3 good, 1 with problems/);
    // The file has no consent column: the dry run says so, and what it means.
    expect(await dryRun.getByTestId("import-consent-note").innerText()).toMatch(/^The file has no consent column: 3 good rows give no consent\. New accounts from them are stored with consent unknown/);
    await saveScreenshot(page, "accounts-import-dry-run");

    const notYetStored = await page.request.get(`${baseUrl}/api/accounts?q=${encodeURIComponent(`E2E-${tag}`)}`);
    expect(((await notYetStored.json()) as { total: number }).total).toBe(0);

    // The import: progress, then the summary.
    await page.getByRole("button", { name: "Import 3 good rows", exact: true }).click();
    const summary = page.getByTestId("import-summary");
    await summary.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await summary.innerText()).toMatch(/3 rows imported, 1 left out/);
    const created = (await summary.getByTestId("import-summary-counts").locator("tbody tr").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
    expect(created).toEqual(["Accounts 2 0 0", "Debts 3 0 0"]);
    const session = ["/api/account-imports", "/api/account-imports/:id/chunks", "/api/account-imports/:id/finish"];
    expect(importRequests).toEqual([...session, ...session]);
    await saveScreenshot(page, "accounts-import-summary");

    // The accounts are listed; the bad row's is not.
    await summary.getByRole("link", { name: "See the accounts" }).click();
    await expectHeading(page, "Accounts");
    await page.getByRole("searchbox", { name: "Search accounts" }).fill(tag);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByText(`of 2 matching “${tag}”`).waitFor({ timeout: UI_TIMEOUT_MS });
    const names = page.locator("table tbody th");
    expect((await names.allInnerTexts()).map((t) => t.trim()).sort()).toEqual([`Quinn Import ${tag}`, `Sasha Import ${tag}`]);
    await saveScreenshot(page, "accounts-list-after-import");

    // The account's page shows its debts.
    await names.filter({ hasText: `Sasha Import ${tag}` }).getByRole("link").click();
    await expectHeading(page, `Sasha Import ${tag}`);
    const debts = page.getByTestId("account-debts").locator("tbody tr");
    await debts.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await debts.count()).toBe(2);
    // Imported without consent: unknown, shown as such, never as granted.
    expect(await page.getByTestId("account-consent").innerText()).toMatch(/^Nobody recorded consent/);
    await page.getByText("Consent unknown", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, "account-detail-after-import");

    expect(consoleErrors, "browser console errors").toEqual([]);
  });
});
