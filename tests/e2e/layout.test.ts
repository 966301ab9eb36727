// The console's frame at a laptop's 1366×768 and a phone's 390×844, for the roles with the
// most and the fewest nav items: the header stays one line, every nav item can be reached
// (in the bar on the laptop, behind the Menu button on the phone), and nothing scrolls
// sideways. Also what the frame's pages now say: the supervisor board links the live rooms
// of the campaigns on the floor, and each home names what is not built yet.
// Screenshots of every role at both widths land in test-results/e2e/layout-*.png.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";
import { api } from "./support/dialer-session.ts";

const baseUrl = inject("baseUrl");

const ROLES = [
  { email: "owner@demo.test", role: "owner", home: "Administration", nav: ["Admin", "Supervisor", "Agent", "Calls", "Payments", "Analytics", "Accounts", "Campaigns"] },
  { email: "supervisor@demo.test", role: "supervisor", home: "Supervisor board", nav: ["Supervisor", "Agent", "Calls", "Payments", "Analytics", "Accounts", "Campaigns"] },
  { email: "agent1@demo.test", role: "agent", home: "Agent workspace", nav: ["Agent", "Calls", "Analytics", "Accounts"] },
] as const;

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;
const contexts: BrowserContext[] = [];

async function logIn(email: string, home: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await submitLogin(page, baseUrl, email, DEMO_PASSWORD);
  await expectHeading(page, home);
  return page;
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} has no box (not rendered)`);
  return found;
}

/** The header bar's height, and each of the given items' vertical middle and horizontal extent (left to right). */
async function headerLine(page: Page, items: Locator[]): Promise<{ barHeight: number; middles: number[]; spans: [number, number][] }> {
  const bar = await box(page.locator("header.shell-header .bar"));
  const middles: number[] = [];
  const spans: [number, number][] = [];
  for (const item of items) {
    const b = await box(item);
    middles.push(b.y + b.height / 2);
    spans.push([b.x, b.x + b.width]);
  }
  return { barHeight: bar.height, middles, spans };
}

/**
 * One line: every item's middle within a few pixels of the first's, each item starting after
 * the one before it ends (nothing squeezed on top of its neighbour), and a bar no taller than one row.
 */
function expectOneLine({ barHeight, middles, spans }: { barHeight: number; middles: number[]; spans: [number, number][] }): void {
  for (const middle of middles) expect(Math.abs(middle - middles[0]!)).toBeLessThan(4);
  for (let i = 1; i < spans.length; i++) expect(spans[i]![0], `item ${i} starts after item ${i - 1} ends`).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  // One row of 2.5rem controls plus the bar's padding is ~64 px; a second row would add ≥ 40.
  expect(barHeight).toBeLessThan(80);
}

/**
 * In the page: its scroll width and the outermost elements (or unbreakable text) reaching
 * past the right edge unclipped, named for a failure. A string, as the test code is typed
 * for Node and this runs in the browser.
 */
const SIDEWAYS_REPORT = `(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (node) => {
    for (let up = node.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return up.getBoundingClientRect().right <= width + 1;
    }
    return false;
  };
  const past = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const parent = node.parentElement;
    if (parent && range.getBoundingClientRect().right > width + 1 && !clipped(node) && !past.includes(parent)) past.push(parent);
  }
  const outermost = past.filter((el) => !past.includes(el.parentElement));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    overflowing: outermost.slice(0, 5).map((el) => el.tagName.toLowerCase() + "." + [...el.classList].join(".") + ' "' + (el.textContent || "").slice(0, 40) + '"'),
  };
})()`;

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth, overflowing } = await page.evaluate<{ scrollWidth: number; clientWidth: number; overflowing: string[] }>(SIDEWAYS_REPORT);
  expect(scrollWidth, `wider than the screen: ${overflowing.join(", ")}`).toBeLessThanOrEqual(clientWidth);
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe("the header at 1366 × 768", () => {
  for (const { email, role, home, nav } of ROLES) {
    it(`is one line for the ${role}, with every nav item in it`, async () => {
      const page = await logIn(email, home, LAPTOP);
      const main = page.getByRole("navigation", { name: "Main" });
      const links = nav.map((label) => main.getByRole("link", { name: label, exact: true }));
      for (const link of links) expect(await link.isVisible()).toBe(true);
      expect(await main.getByRole("link").count()).toBe(nav.length);
      expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);

      const brand = page.locator("header .brand");
      const logOut = page.getByRole("button", { name: "Log out", exact: true });
      expectOneLine(await headerLine(page, [brand, ...links, logOut]));
      await expectNoSidewaysScroll(page);
      await saveScreenshot(page, `layout-${role}-1366`);
    });
  }
});

describe("the owner's header between a laptop and a tablet", () => {
  it("drops the organisation before anything squeezes, then folds into the Menu", async () => {
    const owner = ROLES[0];
    const page = await logIn(owner.email, owner.home, { width: 1160, height: 800 });
    const main = page.getByRole("navigation", { name: "Main" });
    const links = owner.nav.map((label) => main.getByRole("link", { name: label, exact: true }));
    for (const link of links) expect(await link.isVisible()).toBe(true);
    const logOut = page.getByRole("button", { name: "Log out", exact: true });
    expectOneLine(await headerLine(page, [page.locator("header .brand"), ...links, logOut]));
    await expectNoSidewaysScroll(page);
    await saveScreenshot(page, "layout-owner-1160");

    await page.setViewportSize({ width: 1100, height: 800 });
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.waitFor({ timeout: UI_TIMEOUT_MS });
    expectOneLine(await headerLine(page, [page.locator("header .brand"), menu]));
    await menu.click();
    for (const link of links) expect(await link.isVisible()).toBe(true);
    await saveScreenshot(page, "layout-owner-1100-menu");
  });
});

describe("the header at 390 × 844", () => {
  for (const { email, role, home, nav } of ROLES) {
    it(`is one line for the ${role}, and its Menu opens every nav item`, async () => {
      const page = await logIn(email, home, PHONE);
      const brand = page.locator("header .brand");
      const menu = page.getByRole("button", { name: "Menu" });
      expect(await menu.isVisible(), "a Menu button in the header").toBe(true);
      expectOneLine(await headerLine(page, [brand, menu]));
      await expectNoSidewaysScroll(page);
      await saveScreenshot(page, `layout-${role}-390`);

      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      const main = page.getByRole("navigation", { name: "Main" });
      for (const label of nav) {
        const link = main.getByRole("link", { name: label, exact: true });
        expect(await link.isVisible(), `${label} is visible in the open menu`).toBe(true);
        const b = await box(link);
        // Inside the phone's width, not cut off at its edge.
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
      }
      expect(await page.getByRole("button", { name: "Log out", exact: true }).isVisible()).toBe(true);
      await expectNoSidewaysScroll(page);
      await saveScreenshot(page, `layout-${role}-390-menu`);

      // Following a link goes there and folds the menu away again.
      const last = nav[nav.length - 1]!;
      await main.getByRole("link", { name: last, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/${last.toLowerCase()}`, { timeout: UI_TIMEOUT_MS });
      await page.getByRole("button", { name: "Menu" }).and(page.locator("[aria-expanded=false]")).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await main.getByRole("link", { name: last, exact: true }).isVisible()).toBe(false);
    });
  }
});

describe("what the homes say", () => {
  it("the supervisor board links the live room of a running campaign, not a promise of one", async () => {
    const page = await logIn("supervisor@demo.test", "Supervisor board", LAPTOP);
    const { members } = await api<{ members: { userId: string; email: string }[] }>(page, baseUrl, "GET", "/api/members");
    // Preview pacing for an agent who is not logged in: running, yet nothing is ever dialled.
    const cleo = members.find((m) => m.email === "agent3@demo.test")!.userId;
    const stamp = Date.now();
    const { account } = await api<{ account: { id: string } }>(page, baseUrl, "POST", "/api/accounts", {
      name: `Layout board ${stamp}`,
      phones: ["+15550300977"],
      balanceDueCents: 10_000,
      timeZone: "America/New_York",
    });
    const name = `Board rooms ${stamp}`;
    const { campaign } = await api<{ campaign: { id: string } }>(page, baseUrl, "POST", "/api/campaigns", {
      name,
      pacingMode: "preview",
      maxLinesPerAgent: 1,
      abandonCapPercent: 3,
      agentUserIds: [cleo],
      accountSelection: { accountIds: [account.id] },
      retryMaxAttempts: 1,
      retrySpacingMinutes: 60,
      safeHarborMessage: "This is Demo Collections. Please call us at {callbackNumber}.",
    });
    try {
      const rooms = page.getByTestId("campaign-rooms");
      await rooms.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await rooms.getByRole("link", { name, exact: true }).count()).toBe(0);

      await api(page, baseUrl, "POST", `/api/campaigns/${campaign.id}/start`);
      await page.reload();
      const link = rooms.getByRole("link", { name, exact: true });
      await link.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await link.getAttribute("href")).toBe(`/campaigns/${campaign.id}/live`);
      expect(await rooms.locator("li", { hasText: name }).innerText()).toMatch(/Running\s+Preview · 1 agent\s*$/);
      expect(await page.getByText("Campaign rooms arrive with the dialer").count()).toBe(0);
      await saveScreenshot(page, "layout-supervisor-board-rooms");

      await link.click();
      await page.waitForURL((url) => url.pathname === `/campaigns/${campaign.id}/live`, { timeout: UI_TIMEOUT_MS });
      await expectHeading(page, name);
    } finally {
      await api(page, baseUrl, "POST", `/api/campaigns/${campaign.id}/stop`).catch(() => undefined);
    }
  });
});
