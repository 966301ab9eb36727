// Inbound queues in Chromium: a fresh organisation (its own owner, two agents, a queue that
// routes by language, a number and a Spanish-speaking caller's account, so no other file's
// demo data matters). The English agent is free; the Spanish caller waits for the Spanish
// agent anyway, and the owner's Supervisor → Inbound queues shows them waiting, live; once
// the Spanish agent says Available her console rings with the caller's account popped (the
// view shows whom it rings) and she accepts from the browser: the caller reaches her, and the view shows nobody
// waiting, one answered and that agent on the call. Then a caller to the organisation's IVR
// line pays $150.00 by the texted link and asks for an agent: the English agent's live call
// card shows the IVR step and the payment with the new balance (never a key pressed), and
// the call's page marks the span the IVR paused the recording for ("Payment step") on its strip;
// the Payments page lists it (phone menu, with its Stripe receipt) and the account's page
// shows the balance $150.00 lower. Then, in another fresh organisation, an admin builds a
// queue in Administration → Inbound queues (a member with skills, a holiday, the agent's ring
// with the organisation's miss threshold; a span that does not read is named before saving),
// routes a number to it under Administration → IVR, and cannot delete it while a caller
// waits in it (the 409 names them) until the caller has gone, nor while the IVR menu's own
// option (added in Administration → IVR's editor, said in the menu) sends callers to it.
//
// Time: the caller's persona waits as long as it takes (the machine may be busy); the
// test waits on what the pages show, never on a fixed sleep.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, saveScreenshot, UI_TIMEOUT_MS } from "./support/browser";
import { api as apiAs } from "./support/dialer-session";
import { freshNumberIn } from "../setup/fresh-numbers";

const baseUrl = inject("baseUrl");
const carrierBaseUrl = inject("carrierBaseUrl");
const controlUrl = (path: string) => new URL(path, carrierBaseUrl.replace(/\/v2\/?$/, "/"));
const PASSWORD = "queue e2e password";
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const randomLine = () => freshNumberIn("+1999", 7);
const CALLER = freshNumberIn("+1555014");
/** Calls the IVR line, pays $150.00 by the texted link (1, 2, 15000#), then asks for an agent (3). */
const PAYER = freshNumberIn("+1555018");
/** Calls the queue the admin builds and waits there (nobody is available). */
const WAITER = freshNumberIn("+1555019");
/** The caller waits in line until answered (three minutes of simulator time passes on a busy machine). */
const ANSWERED_TIMEOUT_MS = 120_000;

let browser: Browser;
const contexts: BrowserContext[] = [];
const api = <T>(page: Page, method: string, path: string, body?: unknown) => apiAs<T>(page, baseUrl, method, path, body);

/** A new browser context whose session comes from `path` (signup or accepting an invite). */
async function sessionFrom(path: string, body: unknown): Promise<{ page: Page; user: { id: string } }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const answer = await api<{ user: { id: string } }>(page, "POST", path, body);
  return { page, user: answer.user };
}

async function agentJoins(owner: Page, name: string): Promise<{ page: Page; userId: string }> {
  const { token } = await api<{ token: string }>(owner, "POST", "/api/invites", { email: `queue-${unique()}@example.test`, role: "agent" });
  const { page, user } = await sessionFrom("/api/auth/accept-invite", { token, name, password: PASSWORD });
  return { page, userId: user.id };
}

beforeAll(async () => {
  browser = await launchChromium();
  // Callers who wait however long the machine takes to answer, then talk until we hang up.
  for (const caller of [CALLER, WAITER]) {
    const persona = await fetch(controlUrl(`/control/numbers/${encodeURIComponent(caller)}`), {
      method: "PUT",
      body: JSON.stringify({ persona: { base: "inbound-caller", hangupAfterSeconds: null, giveUpAfterSeconds: 3600 } }),
    });
    expect(persona.ok).toBe(true);
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("inbound queues", () => {
  it("routes a Spanish caller to the Spanish agent while the supervisor's queue view shows them waiting live; an IVR caller's step and payment reach the agent's card", { timeout: 360_000 }, async () => {
    const { page: owner } = await sessionFrom("/api/auth/signup", { organizationName: `Queues e2e ${unique()}`, name: "Queue Owner", email: `queue-owner-${unique()}@example.test`, password: PASSWORD });
    const english = await agentJoins(owner, "Emma English");
    const spanish = await agentJoins(owner, "Sofia Spanish");
    const { queue } = await api<{ queue: { id: string } }>(owner, "POST", "/api/queues", {
      name: "Customer care",
      members: [
        { userId: english.userId, skills: { "language:en": 8 } },
        { userId: spanish.userId, skills: { "language:es": 8 } },
      ],
      routeByLanguage: true,
      // Nobody else will do for ten minutes: the caller is for the Spanish agent.
      skillRelaxSeconds: 600,
      maxWaitSeconds: 3600,
      // The chosen agent's console rings (accept or reject); long enough for a busy machine.
      agentRing: { acceptSeconds: 120, missesBeforeBreak: 3 },
    });
    const line = randomLine();
    await api(owner, "POST", "/api/phone-numbers", { e164: line, label: "Care line", inboundAction: "queue", inboundQueueId: queue.id });
    await api(owner, "POST", "/api/accounts", { name: "Lucía Ortega", phones: [CALLER], preferredLanguage: "es", balanceDueCents: 42_000, consent: true });

    // The English agent is free; the owner watches the queue.
    await english.page.goto(`${baseUrl}/agent`);
    await english.page.getByRole("button", { name: "Available", exact: true }).click();
    await english.page.getByTestId("presence-status").filter({ hasText: /available/i }).waitFor({ timeout: UI_TIMEOUT_MS });
    const consoleErrors: string[] = [];
    owner.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    owner.on("pageerror", (error) => consoleErrors.push(error.message));
    await owner.goto(`${baseUrl}/supervisor`);
    await owner.getByTestId("queues-link").click();
    const view = owner.locator('[data-testid="queue-live"][data-queue-name="Customer care"]');
    // The first render waits on the queue list and the pool socket: generous on a busy machine.
    await view.getByTestId("queue-nobody-waiting").waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      await saveScreenshot(owner, "queues-view-missing");
      throw new Error(`${String(error)}\npage at ${owner.url()}: ${(await owner.locator("main").textContent())?.slice(0, 2000)}\nconsole: ${consoleErrors.join(" | ")}`);
    });
    await view.getByTestId("queue-member").filter({ hasText: "Emma English" }).getByText("available").waitFor({ timeout: UI_TIMEOUT_MS });

    // The Spanish caller calls: they wait (the free agent speaks no Spanish), and the view shows it without a reload.
    const placed = await fetch(controlUrl("/control/inbound"), { method: "POST", body: JSON.stringify({ from: CALLER, to: line }) });
    expect(placed.status).toBe(201);
    const waiting = view.locator(`[data-testid="queue-caller"][data-from="${CALLER}"]`);
    await waiting.waitFor({ timeout: 60_000 });
    await expect.poll(() => waiting.textContent(), { timeout: UI_TIMEOUT_MS }).toContain("language:es");
    await expect.poll(() => view.getByTestId("queue-waiting-count").textContent(), { timeout: UI_TIMEOUT_MS }).toBe("1");
    // The wait counts up while they hold.
    const firstWait = await waiting.locator("td").nth(2).textContent();
    await expect.poll(() => waiting.locator("td").nth(2).textContent(), { timeout: UI_TIMEOUT_MS }).not.toBe(firstWait);
    await saveScreenshot(owner, "queues-caller-waiting");
    await view.getByTestId("queue-member").filter({ hasText: "Emma English" }).getByText("available").waitFor({ timeout: UI_TIMEOUT_MS });

    // The Spanish agent comes in: her console rings (not the English agent's) with the
    // caller's account popped; the supervisor sees whom it rings; she accepts.
    await spanish.page.goto(`${baseUrl}/agent`);
    await spanish.page.getByRole("button", { name: "Available", exact: true }).click();
    const ring = spanish.page.getByTestId("queue-ring");
    await ring.waitFor({ timeout: ANSWERED_TIMEOUT_MS });
    expect(await ring.getByTestId("ring-from").innerText()).toBe(CALLER);
    await ring.getByTestId("account-name").filter({ hasText: "Lucía Ortega" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await ring.getByTestId("account-balance").innerText()).toBe("$420.00");
    await waiting.getByTestId("queue-caller-ringing").filter({ hasText: "Ringing Sofia Spanish" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await english.page.getByTestId("queue-ring").count()).toBe(0);
    await saveScreenshot(spanish.page, "queues-agent-ring");
    await ring.getByRole("button", { name: "Accept", exact: true }).click();
    await view.getByTestId("queue-nobody-waiting").waitFor({ timeout: ANSWERED_TIMEOUT_MS });
    await expect.poll(() => view.getByTestId("queue-answered").textContent(), { timeout: UI_TIMEOUT_MS }).toBe("1");
    await view.getByTestId("queue-member").filter({ hasText: "Sofia Spanish" }).getByText("on call").waitFor({ timeout: ANSWERED_TIMEOUT_MS });
    await view.getByTestId("queue-member").filter({ hasText: "Emma English" }).getByText("available").waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(owner, "queues-caller-answered");

    // An IVR caller pays by the texted link, then asks for an agent: the free English agent's
    // card shows where they are in the IVR and how their payment stands, never the keys.
    const ivrLine = randomLine();
    await api(owner, "POST", "/api/phone-numbers", { e164: ivrLine, label: "Payments line", inboundAction: "ivr" });
    const { account: patPayer } = await api<{ account: { id: string } }>(owner, "POST", "/api/accounts", { name: "Pat Payer", phones: [PAYER], balanceDueCents: 42_000, consent: true });
    const payer = { base: "ivr-self-payer", dtmf: ["1", "2", "15000#", "3"], hangupAfterSeconds: null, giveUpAfterSeconds: 3600, payment: { outcome: "pay", afterSeconds: 2 } };
    expect((await fetch(controlUrl(`/control/numbers/${encodeURIComponent(PAYER)}`), { method: "PUT", body: JSON.stringify({ persona: payer }) })).ok).toBe(true);
    // The prompts play four times faster for this caller only.
    expect((await fetch(controlUrl("/control/speed"), { method: "PUT", body: JSON.stringify({ factor: 4, numbers: [PAYER] }) })).ok).toBe(true);
    expect((await fetch(controlUrl("/control/inbound"), { method: "POST", body: JSON.stringify({ from: PAYER, to: ivrLine }) })).status).toBe(201);
    const agentCard = english.page;
    await agentCard.getByTestId("call-ivr").filter({ hasText: "With an agent" }).waitFor({ timeout: ANSWERED_TIMEOUT_MS });
    expect(await agentCard.getByTestId("call-ivr-payment").innerText()).toContain("Paid $150.00 (balance $270.00)");
    expect(await agentCard.locator("main").innerText()).not.toContain("15000");
    await saveScreenshot(agentCard, "queues-ivr-call-card");
    await agentCard.getByRole("button", { name: "Hang up", exact: true }).click();

    // The call's page: its recording's strip marks the span the IVR paused for the payment step.
    const { calls } = await api<{ calls: { id: string; from: string }[] }>(owner, "GET", "/api/calls?limit=50");
    const ivrCall = calls.find((c) => c.from === PAYER);
    expect(ivrCall).toBeDefined();
    await owner.goto(`${baseUrl}/calls/${ivrCall!.id}`);
    await owner.getByTestId("call-timeline").getByText("Recording paused: Payment step").waitFor({ timeout: UI_TIMEOUT_MS });
    // The recording is copied after the call ends; the page looks again for a while.
    await owner.getByTestId("recording-strip-pause").filter({ hasText: /^Payment step$/ }).waitFor({ timeout: ANSWERED_TIMEOUT_MS });
    expect(await owner.getByTestId("paused-span").first().innerText()).toMatch(/recording paused for \d+:\d\d: Payment step \(not in the file\)/);
    await saveScreenshot(owner, "queues-ivr-call-recording");

    // The console's ledger: the Payments page lists the phone menu's payment with its
    // Stripe receipt, and the account's page shows the balance down by $150.00.
    await owner.goto(`${baseUrl}/payments`);
    const paymentRow = owner.getByTestId("payments").locator("tr", { hasText: "Pat Payer" });
    await paymentRow.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await paymentRow.getByTestId("payment-amount").innerText()).toBe("$150.00");
    expect(await paymentRow.innerText()).toContain("Phone menu (IVR)");
    expect(await paymentRow.getByTestId("payment-status").innerText()).toBe("Paid");
    const receipt = paymentRow.getByRole("link", { name: /^\d{4}-\d{4}$/ });
    const receiptNumber = await receipt.innerText();
    const receiptPage = await fetch((await receipt.getAttribute("href"))!);
    expect(receiptPage.status).toBe(200);
    expect(await receiptPage.text()).toContain(`Receipt ${receiptNumber}</h1><p>Paid 150.00 USD`);
    await saveScreenshot(owner, "queues-ivr-payment-listed");
    await owner.goto(`${baseUrl}/accounts/${patPayer.id}`);
    await owner.getByRole("heading", { name: "Pat Payer" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await owner.locator("p", { hasText: "Balance due" }).innerText()).toMatch(/Balance due\s+\$270\.00/);
  });
  it("an admin builds a queue in the console, routes a number to it, adds an IVR menu option sending callers to it, and is told why it cannot be deleted while a caller waits or the menu sends callers there", { timeout: 300_000 }, async () => {
    const { page: owner } = await sessionFrom("/api/auth/signup", { organizationName: `Queue admin e2e ${unique()}`, name: "Queue Admin", email: `queue-admin-${unique()}@example.test`, password: PASSWORD });
    const agent = await agentJoins(owner, "Nora Newqueue");
    const line = randomLine();
    const { phoneNumber } = await api<{ phoneNumber: { id: string } }>(owner, "POST", "/api/phone-numbers", { e164: line, label: "Sales line", inboundAction: "message" });

    // Administration → Inbound queues → New queue.
    await owner.goto(`${baseUrl}/admin`);
    await owner.getByRole("link", { name: "Inbound queues", exact: true }).click();
    await owner.getByTestId("no-queues").waitFor({ timeout: UI_TIMEOUT_MS });
    await owner.getByRole("button", { name: "New queue", exact: true }).click();
    const form = owner.getByTestId("queue-form");
    await form.getByLabel("Name", { exact: true }).fill("Sales");
    await form.getByLabel("Add a person").selectOption({ label: "Nora Newqueue" });
    await form.getByLabel("Skills of Nora Newqueue").fill("language:en 7, sales 5");
    await form.getByLabel(/^Holidays/).fill("2026-01-01 New Year");
    await form.getByLabel("Hold message").fill("Sales will be with you shortly.");
    await form.getByRole("checkbox", { name: /Ring the agent's console/ }).check();
    await form.getByLabel("Seconds to accept").fill("30");
    // A span that does not read is named before anything is sent.
    await owner.getByTestId("queue-hours-tue").fill("nine to five");
    await form.getByRole("button", { name: "Create queue", exact: true }).click();
    await form.getByRole("alert").filter({ hasText: 'hours.weekly.tue: "nine to five" is not a span like 09:00-17:00' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await owner.getByTestId("queue-hours-tue").fill("00:00-24:00");
    await form.getByRole("button", { name: "Create queue", exact: true }).click();
    await owner.getByRole("status").filter({ hasText: "Created Sales." }).waitFor({ timeout: UI_TIMEOUT_MS });
    const item = owner.locator('[data-testid="admin-queue"][data-queue-name="Sales"]');
    expect(await item.innerText()).toContain("Always open, 1 holiday");
    expect(await item.innerText()).toContain("a break after the organisation's number of missed rings");
    await saveScreenshot(owner, "queues-admin-created");
    // Stored as typed: the API reads it back.
    const { queues } = await api<{ queues: { id: string; name: string }[] }>(owner, "GET", "/api/queues");
    expect(queues).toMatchObject([
      {
        name: "Sales",
        members: [{ userId: agent.userId, skills: { "language:en": 7, sales: 5 } }],
        hours: { timeZone: null, holidays: [{ date: "2026-01-01", name: "New Year" }] },
        holdMessage: "Sales will be with you shortly.",
        agentRing: { acceptSeconds: 30 },
      },
    ]);
    const queueId = queues[0]!.id;

    // Administration → IVR: the number routes to the new queue.
    await owner.goto(`${baseUrl}/admin/ivr`);
    const numberRow = owner.locator("li", { hasText: line });
    await numberRow.locator("select").first().selectOption("queue");
    await numberRow.getByTestId("number-queue").selectOption({ label: "Sales" });
    await numberRow.getByRole("status").filter({ hasText: "Saved" }).waitFor({ timeout: UI_TIMEOUT_MS });
    const { phoneNumbers } = await api<{ phoneNumbers: { id: string }[] }>(owner, "GET", "/api/phone-numbers");
    expect(phoneNumbers.find((n) => n.id === phoneNumber.id)).toMatchObject({ inboundAction: "queue", inboundQueueId: queueId });

    // A caller waits in it (its only member is not available); the number is routed elsewhere (it lets go of the queue), so only they hold the queue.
    expect((await fetch(controlUrl("/control/inbound"), { method: "POST", body: JSON.stringify({ from: WAITER, to: line }) })).status).toBe(201);
    const waitingIds = async () => (await api<{ queue: { waiting: { callId: string }[] } }>(owner, "GET", `/api/queues/${queueId}/stats`)).queue.waiting.map((c) => c.callId);
    await expect.poll(waitingIds, { timeout: ANSWERED_TIMEOUT_MS }).toHaveLength(1);
    await numberRow.locator("select").first().selectOption("message");
    await expect.poll(async () => (await api<{ phoneNumbers: { id: string; inboundQueueId: string | null }[] }>(owner, "GET", "/api/phone-numbers")).phoneNumbers.find((n) => n.id === phoneNumber.id)?.inboundQueueId, { timeout: UI_TIMEOUT_MS }).toBeNull();

    // Deleting it is refused, naming the caller, and shown beside the queue; once they have gone it is deleted.
    await owner.goto(`${baseUrl}/admin/queues`);
    await item.getByRole("button", { name: "Delete Sales", exact: true }).click();
    await item.getByRole("button", { name: "Delete queue", exact: true }).click();
    await item.getByTestId("queue-delete-refused").filter({ hasText: `Callers wait in this queue: ${WAITER}` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(owner, "queues-admin-delete-refused");
    const [waiterCall] = await waitingIds();
    await api(owner, "POST", `/api/calls/${waiterCall}/hangup`);
    await expect.poll(waitingIds, { timeout: ANSWERED_TIMEOUT_MS }).toHaveLength(0);

    // Administration → IVR, the menu's own options: one sends callers to Sales, said in the menu with its words.
    await owner.goto(`${baseUrl}/admin/ivr`);
    const ivrForm = owner.locator("form.ivr");
    await ivrForm.getByRole("button", { name: "Add an option sending callers to a queue", exact: true }).click();
    const option = ivrForm.getByRole("group", { name: "Queue option 1" });
    await option.getByLabel("Words said").fill("Talk to sales");
    // Its two selects: the key, then the queue (their labels' names include the options').
    await option.locator("select").nth(1).selectOption({ label: "Sales" });
    const key = await option.locator("select").first().inputValue();
    await owner.locator('[aria-label="What the caller hears in English"]').getByText(`Talk to sales, press ${key}.`, { exact: false }).waitFor({ timeout: UI_TIMEOUT_MS });
    await ivrForm.getByRole("button", { name: "Save IVR settings", exact: true }).click();
    await ivrForm.getByRole("status").filter({ hasText: "Saved. The next IVR call uses them." }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(owner, "queues-admin-ivr-option");
    const { ivrSettings } = await api<{ ivrSettings: { queueOptions: unknown[] } }>(owner, "GET", "/api/ivr-settings");
    expect(ivrSettings.queueOptions).toEqual([{ key, label: "Talk to sales", action: { kind: "queue", queueId } }]);
    // Read back on a fresh load of the page.
    await owner.reload();
    await expect.poll(() => owner.locator("form.ivr").getByRole("group", { name: "Queue option 1" }).getByLabel("Words said").inputValue(), { timeout: UI_TIMEOUT_MS }).toBe("Talk to sales");

    // While the menu sends callers there, the queue cannot be deleted (the refusal names the key); removed from the menu, it can.
    await owner.goto(`${baseUrl}/admin/queues`);
    await item.getByRole("button", { name: "Delete Sales", exact: true }).click();
    await item.getByRole("button", { name: "Delete queue", exact: true }).click();
    await item.getByTestId("queue-delete-refused").filter({ hasText: `The IVR menu sends callers here (key ${key}: Talk to sales)` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await owner.goto(`${baseUrl}/admin/ivr`);
    await owner.locator("form.ivr").getByRole("group", { name: "Queue option 1" }).getByRole("button", { name: "Remove", exact: true }).click();
    await owner.locator("form.ivr").getByRole("button", { name: "Save IVR settings", exact: true }).click();
    await owner.locator("form.ivr").getByRole("status").filter({ hasText: "Saved. The next IVR call uses them." }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await api<{ ivrSettings: { queueOptions: unknown[] } }>(owner, "GET", "/api/ivr-settings")).ivrSettings.queueOptions).toEqual([]);
    await owner.goto(`${baseUrl}/admin/queues`);
    await item.getByRole("button", { name: "Delete Sales", exact: true }).click();
    await item.getByRole("button", { name: "Delete queue", exact: true }).click();
    await owner.getByRole("status").filter({ hasText: "Deleted Sales." }).waitFor({ timeout: UI_TIMEOUT_MS });
    await owner.getByTestId("no-queues").waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
