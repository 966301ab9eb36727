// The local payments provider: a Stripe API simulator the Worker reaches through
// STRIPE_API_BASE with the real `stripe` SDK (host, port and protocol pointed here).
// This file is the entry and the router: GET /health, the API under /v1 (api.ts), the
// hosted checkout page and receipts a customer would open, and the loopback-only
// control API under /control (control.ts). sim/README.md describes the whole.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLargeError, sendJson } from "../carrier/http.ts";
import { Prng, randomSeed } from "../carrier/prng.ts";
import { Scheduler, type ClockMode } from "../carrier/scheduler.ts";
import { StripeApi } from "./api.ts";
import { handleControl } from "./control.ts";
import { StripeAccount } from "./stripe-account.ts";
import { DEFAULT_DELIVERY_TIMEOUT_MS, NO_CHAOS, WebhookDispatcher, type StripeChaos } from "./webhooks.ts";
import type { StripeErrorBody } from "./wire.ts";

export interface StripeSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The webhook endpoint (changeable later); none: events are logged, not sent. */
  webhookUrl?: string;
  /** The endpoint's signing secret. Default: a fresh `whsec_…`. */
  webhookSecret?: string;
  /** When set, the only secret key the API accepts; otherwise any `sk_test_…`. */
  apiKey?: string;
  /** Default: a random seed (logged), so the run is not repeatable. */
  seed?: number;
  /** "manual": time moves only through advance(ms) or POST /control/clock/advance. Default "real". */
  clock?: ClockMode;
  chaos?: Partial<StripeChaos>;
  webhookTimeoutMs?: number;
  log?: (line: string) => void;
}

/** What the control API and the entry share. */
export interface StripeSimulatorState {
  account: StripeAccount;
  api: StripeApi;
  webhooks: WebhookDispatcher;
  scheduler: Scheduler;
  prng: Prng;
  settings: { seed: number; chaos: StripeChaos; webhookUrl: string | null; origin: string; startedAtMs: number };
  reset(): void;
}

export interface StripeSimulator {
  port: number;
  /** http://127.0.0.1:<port>: the API base (STRIPE_API_BASE), health, checkout pages, the control API. */
  origin: string;
  /** The secret key to give the SDK (the configured one, or a test key the simulator accepts). */
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET. */
  webhookSecret: string;
  seed: number;
  state: StripeSimulatorState;
  setWebhookUrl(url: string | null): void;
  /** Manual clock only: moves time and waits for the webhooks it set off. */
  advance(ms: number): Promise<void>;
  /** Waits until no webhook delivery is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const CHECKOUT_PAGE = /^\/checkout\/([A-Za-z0-9_]+)$/;
const RECEIPT_PAGE = /^\/receipts\/([A-Za-z0-9_]+)$/;
const PORTAL_PAGE = /^\/billing_portal\/([A-Za-z0-9_]+)$/;

export async function startStripeSimulator(options: StripeSimulatorOptions): Promise<StripeSimulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const seed = options.seed ?? randomSeed();
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString("hex")}`;
  const scheduler = new Scheduler({ mode: options.clock ?? "real", onError: (label, error) => log(`timer ${label} failed: ${String(error)}`) });
  const prng = new Prng(seed);
  const settings: StripeSimulatorState["settings"] = {
    seed,
    chaos: { ...NO_CHAOS, ...options.chaos },
    webhookUrl: options.webhookUrl ?? null,
    origin: "",
    startedAtMs: scheduler.now(),
  };
  const webhooks = new WebhookDispatcher({
    scheduler,
    prng,
    chaos: () => settings.chaos,
    webhookUrl: () => settings.webhookUrl,
    webhookSecret,
    elapsedMs: () => scheduler.now() - settings.startedAtMs,
    deliveryTimeoutMs: options.webhookTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
    log,
  });
  const account = new StripeAccount({ scheduler, prng, webhooks, origin: () => settings.origin });
  const api = new StripeApi({ account, scheduler, prng, chaos: () => settings.chaos, apiKey: options.apiKey });
  const state: StripeSimulatorState = {
    account,
    api,
    webhooks,
    scheduler,
    prng,
    settings,
    reset() {
      scheduler.clear();
      account.reset();
      api.reset();
      webhooks.reset();
      Object.assign(settings.chaos, NO_CHAOS);
      prng.reseed(settings.seed);
      settings.startedAtMs = scheduler.now();
    },
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://stripe.local");
    const path = url.pathname;
    if (path.startsWith("/v1/")) return api.handle(request, response, path, url.search);
    if (path === "/control" || path.startsWith("/control/")) return handleControl(state, request, response, path);
    request.resume();
    if (method === "GET" && path === "/health") return sendJson(response, 200, { ok: true, service: "stripe-simulator" });
    const checkout = method === "GET" ? CHECKOUT_PAGE.exec(path) : null;
    if (checkout) return checkoutPage(state, checkout[1]!, response);
    const receipt = method === "GET" ? RECEIPT_PAGE.exec(path) : null;
    if (receipt) return receiptPage(state, receipt[1]!, response);
    const portal = method === "GET" ? PORTAL_PAGE.exec(path) : null;
    if (portal) return portalPage(state, portal[1]!, response);
    sendJson(response, 404, {
      error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}). The simulator's API lives under /v1.` },
    } satisfies StripeErrorBody);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, { error: { type: "invalid_request_error", message: error.message } });
      log(`request ${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      sendJson(response, 500, { error: { type: "api_error", message: "The simulator failed on this request; see its log." } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const originHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const origin = `http://${originHost}:${port}`;
  settings.origin = origin;
  log(`stripe simulator on ${origin} (seed ${seed}, ${scheduler.mode} clock)`);

  return {
    port,
    origin,
    secretKey: options.apiKey ?? "sk_test_simulator",
    webhookSecret,
    seed,
    state,
    setWebhookUrl: (next) => (settings.webhookUrl = next),
    advance: (ms) => scheduler.advance(ms),
    idle: () => scheduler.idle(),
    close: async () => {
      scheduler.close();
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;

function sendHtml(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><meta charset="utf-8"><title>Stripe simulator</title><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body>`);
}

/** The page the SMS link opens. Paying is the control API's job (a script, a test, or this page's hint). */
function checkoutPage(state: StripeSimulatorState, id: string, response: http.ServerResponse): void {
  const stored = state.account.sessions.get(id);
  if (!stored) return sendHtml(response, 404, "<h1>This payment link is not valid</h1>");
  const { session } = stored;
  const lines = stored.lineItems.map((item) => `<li>${escapeHtml(item.description)}: ${money(item.amount_total, item.currency)}</li>`).join("");
  const payHint =
    session.status === "open"
      ? `<p>Simulated checkout: <code>curl -X POST ${escapeHtml(state.settings.origin)}/control/checkout/sessions/${escapeHtml(id)}/pay</code></p>`
      : "";
  const verb = session.mode === "subscription" ? "Subscribe" : "Pay";
  sendHtml(response, 200, `<h1>${verb}: ${money(session.amount_total, session.currency)}</h1><ul>${lines}</ul><p>Status: ${session.status}</p>${payHint}`);
}

/** The billing portal a customer opens (Stripe simulator): their subscriptions, and how to play the customer cancelling. */
function portalPage(state: StripeSimulatorState, id: string, response: http.ServerResponse): void {
  const session = state.account.billing.portalSessions.get(id);
  if (!session) return sendHtml(response, 404, "<h1>This billing portal link is not valid</h1>");
  const rows = [...state.account.billing.subscriptions.values()]
    .filter((subscription) => subscription.customer === session.customer)
    .map((subscription) => {
      const cancel = subscription.status === "canceled" ? "" : ` <code>curl -X POST ${escapeHtml(state.settings.origin)}/control/subscriptions/${escapeHtml(subscription.id)}/cancel</code>`;
      return `<li>${escapeHtml(subscription.id)}: ${escapeHtml(subscription.status)}${cancel}</li>`;
    })
    .join("");
  const back = session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">Return</a></p>` : "";
  sendHtml(response, 200, `<h1>Billing portal (Stripe simulator)</h1><ul>${rows}</ul>${back}`);
}

function receiptPage(state: StripeSimulatorState, paymentIntentId: string, response: http.ServerResponse): void {
  const intent = state.account.paymentIntents.get(paymentIntentId);
  const charge = intent?.latest_charge ? state.account.charges.get(intent.latest_charge) : undefined;
  if (!intent || !charge) return sendHtml(response, 404, "<h1>No such receipt</h1>");
  const refunded = charge.amount_refunded > 0 ? `<p>Refunded ${money(charge.amount_refunded, charge.currency)}</p>` : "";
  sendHtml(response, 200, `<h1>Receipt ${escapeHtml(charge.receipt_number ?? "")}</h1><p>Paid ${money(charge.amount, charge.currency)}</p>${refunded}`);
}
