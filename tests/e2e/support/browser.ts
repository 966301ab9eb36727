// Chromium for the e2e suite: Debian's /usr/bin/chromium driven by playwright-core
// (no downloaded browsers), plus the console actions every test needs.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results/e2e");

/** How long the UI gets to show something that arrives over the network or a socket. */
export const UI_TIMEOUT_MS = 15_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Opens /login and submits the form; does not wait for where it lands. */
export async function submitLogin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

/** Waits for the page's <h1> to read exactly `text`. */
export async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator("h1", { hasText: new RegExp(`^\\s*${text}\\s*$`) }).waitFor({ timeout: UI_TIMEOUT_MS });
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let the page's own API requests land so the picture shows data, not "Loading…".
  // (Open WebSockets do not count against network idle.)
  await page.waitForLoadState("networkidle", { timeout: UI_TIMEOUT_MS }).catch(() => {});
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
