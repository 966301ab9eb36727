// Logging in lands each role on its home, a wrong password does not, logging out
// ends the session (also when an admin revokes a member's softphone), and an agent's presence reaches a supervisor's board live.
// The selectors are the console's contract: h1 headings, input names, button texts,
// data-testid="presence-status" and data-testid="team-board".
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../scripts/lib/seed.ts";
import { expectHeading, launchChromium, saveScreenshot, submitLogin, UI_TIMEOUT_MS } from "./support/browser.ts";

const baseUrl = inject("baseUrl");

function demoUser(email: string) {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`${email} is not a demo user (scripts/lib/seed.ts)`);
  return user;
}

const owner = demoUser("owner@demo.test");
const supervisor = demoUser("supervisor@demo.test");
const agent = demoUser("agent1@demo.test");

const HOMES = [
  { user: owner, heading: "Administration" },
  { user: supervisor, heading: "Supervisor board" },
  { user: agent, heading: "Agent workspace" },
] as const;

let browser: Browser;
const contexts: BrowserContext[] = [];

/** A fresh browser profile (own cookies), like a second person at another desk. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context.newPage();
}

async function logInAs(email: string, heading: string): Promise<Page> {
  const page = await newPage();
  await submitLogin(page, baseUrl, email, DEMO_PASSWORD);
  await expectHeading(page, heading);
  return page;
}

const exactly = (text: string) => new RegExp(`^\\s*${text}\\s*$`, "i");

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe("logging in", () => {
  for (const { user, heading } of HOMES) {
    it(`takes the ${user.role} to "${heading}"`, async () => {
      const page = await logInAs(user.email, heading);
      expect(new URL(page.url()).pathname).not.toBe("/login");
      await saveScreenshot(page, `${user.role}-home`);
    });
  }

  it("with a wrong password shows an error and stays on the login page", async () => {
    const page = await newPage();
    await submitLogin(page, baseUrl, owner.email, "not-the-password");
    const error = page.getByRole("alert").filter({ hasText: /\S/ });
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await error.innerText()).trim()).not.toBe("");
    expect(new URL(page.url()).pathname).toBe("/login");
    await saveScreenshot(page, "login-wrong-password");
  });
});

describe("logging out", () => {
  it("returns to the login page and ends the session", async () => {
    const page = await logInAs(owner.email, "Administration");
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/login", { timeout: UI_TIMEOUT_MS });
    // The session is gone, not just the page: the owner's home sends us back to log in.
    await page.goto(`${baseUrl}/admin`);
    await page.waitForURL((url) => url.pathname === "/login", { timeout: UI_TIMEOUT_MS });
  });

  it("happens to a member's open console when an admin revokes their softphone (a lost laptop)", async () => {
    const cleo = demoUser("agent3@demo.test");
    const desk = await logInAs(cleo.email, "Agent workspace");
    const admin = await logInAs(owner.email, "Administration");
    await admin.getByRole("button", { name: `Revoke softphone ${cleo.name}`, exact: true }).click();
    await admin.getByRole("button", { name: "Confirm revoke", exact: true }).click();
    const said = admin.getByRole("status").filter({ hasText: /softphone is revoked/ });
    await said.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await said.innerText()).toMatch(new RegExp(`^${cleo.name}'s softphone is revoked: \\d+ credential\\(s\\) deleted at the carrier, [1-9]\\d* session\\(s\\) signed out\\.$`));
    // Her console's session is gone, not just her softphone: the next page asks her to log in.
    await desk.goto(`${baseUrl}/agent`);
    await desk.waitForURL((url) => url.pathname === "/login", { timeout: UI_TIMEOUT_MS });
    await saveScreenshot(admin, "admin-revoked-softphone");
  });
});

describe("agent presence", () => {
  it("reaches a supervisor's board live, without a reload", async () => {
    const board = await logInAs(supervisor.email, "Supervisor board");
    // Survives only as long as the page is never reloaded.
    await board.evaluate(() => Object.assign(globalThis, { __wibNotReloaded: true }));
    const teamBoard = board.getByTestId("team-board");
    const agentRow = (status: string) =>
      teamBoard.locator(":is(li, tr, [role=row])", { hasText: agent.name }).filter({ hasText: new RegExp(`\\b${status}\\b`, "i") });

    const workspace = await logInAs(agent.email, "Agent workspace");
    const presence = workspace.getByTestId("presence-status");

    // Two changes in a row, so the board cannot pass by showing a state it already had.
    await workspace.getByRole("button", { name: "Break", exact: true }).click();
    await presence.filter({ hasText: exactly("break") }).waitFor({ timeout: UI_TIMEOUT_MS });
    await agentRow("break").first().waitFor({ timeout: UI_TIMEOUT_MS });

    await workspace.getByRole("button", { name: "Available", exact: true }).click();
    await presence.filter({ hasText: exactly("available") }).waitFor({ timeout: UI_TIMEOUT_MS });
    await agentRow("available").first().waitFor({ timeout: UI_TIMEOUT_MS });

    expect(await board.evaluate(() => "__wibNotReloaded" in globalThis)).toBe(true);
    await saveScreenshot(workspace, "agent-available");
    await saveScreenshot(board, "supervisor-board-agent-available");
  });
});

describe("administration", () => {
  it("shows an agent's sign-ins, the wrong password too, and sets the organisation's wrap-up time", async () => {
    // A wrong password, then the right one: both in the agent's history.
    const mistyped = await newPage();
    await submitLogin(mistyped, baseUrl, agent.email, "not-the-password");
    await mistyped.getByRole("alert").filter({ hasText: /\S/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await logInAs(agent.email, "Agent workspace");

    const admin = await logInAs(owner.email, "Administration");
    const history = admin.getByTestId("sign-in-history");
    await history.getByLabel("Member").selectOption({ label: `${agent.name} (${agent.email})` });
    await history.getByRole("cell", { name: "Wrong password" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await history.getByRole("cell", { name: "Signed in" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(admin, "admin-sign-in-history");

    const wrapUp = admin.getByLabel("Wrap-up seconds after a call");
    await expect.poll(() => wrapUp.inputValue(), { timeout: UI_TIMEOUT_MS }).toBe("30");
    await wrapUp.fill("45");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: "Saved: 45 s." }).waitFor({ timeout: UI_TIMEOUT_MS });
    // Stored, not just shown: a fresh load reads it back. Then back to the demo's 30 s.
    await admin.reload();
    await expect.poll(() => wrapUp.inputValue(), { timeout: UI_TIMEOUT_MS }).toBe("45");
    await wrapUp.fill("30");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: "Saved: 30 s." }).waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
