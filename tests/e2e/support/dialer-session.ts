// What the dialer's browser tests share: an IANA zone where it is midday now (so the
// calling window never decides a test), a logged-in page per person (each its own
// browser context), the API as that person, and the simulator's speed factor.
import { expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { submitLogin, UI_TIMEOUT_MS } from "./browser";

export const DEMO_PASSWORD = "demo-password";

/** An IANA zone where the local hour is about noon now. */
export function middayZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** A new browser context logged in as this demo user; the context is added to `contexts` for closing. */
export async function loggedIn(browser: Browser, contexts: BrowserContext[], baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await submitLogin(page, baseUrl, email, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: UI_TIMEOUT_MS });
  return page;
}

/** The API as the page's user (its session cookie); throws with the status and body unless 2xx. */
export async function api<T>(page: Page, baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await page.request.fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: baseUrl },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as T;
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(json)}`);
  return json;
}

/** Sets the carrier simulator's speed factor through its control API. */
export async function setSimulatorSpeed(carrierBaseUrl: string, factor: number): Promise<void> {
  const response = await fetch(new URL("/control/speed", carrierBaseUrl.replace(/\/v2\/?$/, "/")), { method: "PUT", body: JSON.stringify({ factor }) });
  expect(response.ok).toBe(true);
}
