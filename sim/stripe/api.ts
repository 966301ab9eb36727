// The Stripe API subset under /v1: bearer auth, form-encoded parameters validated with
// zod (Stripe's 400s), idempotency keys on POST, the API chaos (a 500 before running,
// or a result kept but its response "lost"), and the request log. What each call does
// lives in stripe-account.ts.
import type http from "node:http";
import type { z } from "zod";
import { readBody, sendJson } from "../carrier/http.ts";
import type { Prng } from "../carrier/prng.ts";
import type { Scheduler } from "../carrier/scheduler.ts";
import { decodeForm, FormError, type FormObject } from "./form.ts";
import { IdempotencyStore } from "./idempotency.ts";
import type { RequestRef, Result, StripeAccount } from "./stripe-account.ts";
import {
  cancelSubscriptionSchema,
  createCustomerSchema,
  createMeterEventSchema,
  createMeterSchema,
  createPreviewSchema,
  createPriceSchema,
  createSubscriptionItemSchema,
  listMetersSchema,
  listPricesSchema,
  createPortalSessionSchema,
  createRefundSchema,
  createSessionSchema,
  emptySchema,
  parameterError,
} from "./validation.ts";
import { API_VERSION, type StripeErrorBody } from "./wire.ts";
import type { StripeChaos } from "./webhooks.ts";

const MAX_LOG_ENTRIES = 20_000;

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  /** performed, replayed (idempotent replay), rejected (an error answer), chaos_failure, lost_response */
  outcome: "performed" | "replayed" | "rejected" | "chaos_failure" | "lost_response";
}

interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  /** Parameter validation failed: nothing is kept under the idempotency key. */
  run(match: RegExpExecArray, params: FormObject, request: RequestRef): Result<unknown> | { invalid: StripeErrorBody };
}

function parsed<T>(schema: z.ZodType<T>, params: FormObject, then: (value: T) => Result<unknown>): Result<unknown> | { invalid: StripeErrorBody } {
  const result = schema.safeParse(params);
  return result.success ? then(result.data) : { invalid: parameterError(result.error, params) };
}

const ID = "([A-Za-z0-9_]+)";

export interface ApiDeps {
  account: StripeAccount;
  scheduler: Scheduler;
  prng: Prng;
  chaos: () => StripeChaos;
  /** When set, the only secret key accepted; otherwise any `sk_test_…` key. */
  apiKey?: string;
}

export class StripeApi {
  readonly idempotency = new IdempotencyStore();
  private readonly entries: RequestLogEntry[] = [];
  private seq = 0;
  private readonly routes: Route[];

  constructor(private readonly deps: ApiDeps) {
    const { account } = deps;
    this.routes = [
      { method: "POST", pattern: /^\/v1\/customers$/, run: (_m, p) => parsed(createCustomerSchema, p, (v) => account.createCustomer(v)) },
      { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}$`), run: (m) => account.retrieveCustomer(m[1]!) },
      { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, run: (_m, p) => parsed(createSessionSchema, p, (v) => account.createSession(v)) },
      { method: "GET", pattern: new RegExp(`^/v1/checkout/sessions/${ID}$`), run: (m, p) => parsed(emptySchema, p, (v) => account.retrieveSession(m[1]!, v.expand)) },
      {
        method: "POST",
        pattern: new RegExp(`^/v1/checkout/sessions/${ID}/expire$`),
        run: (m, p, request) => parsed(emptySchema, p, () => account.expireSession(m[1]!, request)),
      },
      { method: "GET", pattern: new RegExp(`^/v1/payment_intents/${ID}$`), run: (m) => account.retrievePaymentIntent(m[1]!) },
      { method: "GET", pattern: new RegExp(`^/v1/charges/${ID}$`), run: (m) => account.retrieveCharge(m[1]!) },
      { method: "POST", pattern: /^\/v1\/refunds$/, run: (_m, p, request) => parsed(createRefundSchema, p, (v) => account.createRefund(v, request)) },
      { method: "GET", pattern: new RegExp(`^/v1/refunds/${ID}$`), run: (m) => account.retrieveRefund(m[1]!) },
      { method: "GET", pattern: new RegExp(`^/v1/subscriptions/${ID}$`), run: (m, p) => parsed(emptySchema, p, () => account.billing.retrieve(m[1]!)) },
      {
        method: "DELETE",
        pattern: new RegExp(`^/v1/subscriptions/${ID}$`),
        run: (m, p, request) => parsed(cancelSubscriptionSchema, p, () => account.billing.cancel(m[1]!, request)),
      },
      { method: "GET", pattern: new RegExp(`^/v1/invoices/${ID}$`), run: (m) => account.billing.retrieveInvoice(m[1]!) },
      { method: "POST", pattern: /^\/v1\/subscription_items$/, run: (_m, p) => parsed(createSubscriptionItemSchema, p, (v) => account.billing.addItem(v)) },
      { method: "POST", pattern: /^\/v1\/invoices\/create_preview$/, run: (_m, p) => parsed(createPreviewSchema, p, (v) => account.billing.preview(v.subscription)) },
      { method: "POST", pattern: /^\/v1\/billing\/meters$/, run: (_m, p) => parsed(createMeterSchema, p, (v) => account.metering.createMeter(v)) },
      { method: "GET", pattern: /^\/v1\/billing\/meters$/, run: (_m, p) => parsed(listMetersSchema, p, () => account.metering.listMeters()) },
      { method: "POST", pattern: /^\/v1\/billing\/meter_events$/, run: (_m, p) => parsed(createMeterEventSchema, p, (v) => account.metering.createEvent(v)) },
      { method: "POST", pattern: /^\/v1\/prices$/, run: (_m, p) => parsed(createPriceSchema, p, (v) => account.metering.createPrice(v)) },
      { method: "GET", pattern: /^\/v1\/prices$/, run: (_m, p) => parsed(listPricesSchema, p, (v) => account.metering.listPrices(v)) },
      { method: "GET", pattern: new RegExp(`^/v1/prices/${ID}$`), run: (m) => account.metering.retrievePrice(m[1]!) },
      { method: "POST", pattern: /^\/v1\/billing_portal\/sessions$/, run: (_m, p) => parsed(createPortalSessionSchema, p, (v) => account.billing.createPortalSession(v)) },
    ];
  }

  log(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.entries.length = 0;
    this.seq = 0;
    this.idempotency.clear();
  }

  async handle(request: http.IncomingMessage, response: http.ServerResponse, path: string, search: string): Promise<void> {
    const method = request.method ?? "GET";
    const text = method === "POST" ? await readBody(request) : (request.resume(), search.replace(/^\?/, ""));
    const requestId = this.deps.account.requestId();
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      response.setHeader("request-id", requestId);
      response.setHeader("stripe-version", API_VERSION);
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      sendJson(response, status, body);
    };
    const logged = (status: number, outcome: RequestLogEntry["outcome"], idempotencyKey: string | null) => {
      this.entries.push({ seq: ++this.seq, method, path, idempotencyKey, status, outcome });
      if (this.entries.length > MAX_LOG_ENTRIES) this.entries.shift();
    };
    const invalid = (status: number, error: StripeErrorBody["error"]) => answer(status, { error } satisfies StripeErrorBody);

    const apiKey = this.authenticate(request);
    if (!apiKey.ok) {
      logged(401, "rejected", null);
      return invalid(401, { type: "invalid_request_error", message: apiKey.message });
    }
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!route) {
      logged(404, "rejected", null);
      return invalid(404, {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      });
    }
    let params: FormObject;
    try {
      params = decodeForm(text);
    } catch (error) {
      logged(400, "rejected", null);
      return invalid(400, { type: "invalid_request_error", message: error instanceof FormError ? error.message : "Invalid request body" });
    }

    const headerKey = request.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof headerKey === "string" && headerKey !== "" ? headerKey : null;
    const endpoint = `${method} ${path}`;
    const nowMs = this.deps.scheduler.now();
    if (idempotencyKey) {
      const lookup = this.idempotency.check(apiKey.key, idempotencyKey, endpoint, params, nowMs);
      if (lookup.kind === "conflict") {
        logged(400, "rejected", idempotencyKey);
        return invalid(400, { type: "idempotency_error", message: lookup.message });
      }
      if (lookup.kind === "replay") {
        logged(lookup.result.status, "replayed", idempotencyKey);
        return answer(lookup.result.status, lookup.result.body, { "idempotent-replayed": "true", "idempotency-key": idempotencyKey, "original-request": lookup.result.requestId });
      }
    }

    const chaos = this.deps.chaos();
    if (this.deps.prng.chance(chaos.apiFailureRate)) {
      logged(500, "chaos_failure", idempotencyKey);
      return answer(500, { error: { type: "api_error", message: "An unknown error occurred (simulator chaos: not performed)." } } satisfies StripeErrorBody, { "stripe-should-retry": "true" });
    }
    const outcome = route.run(route.pattern.exec(path)!, params, { id: requestId, idempotency_key: idempotencyKey });
    if ("invalid" in outcome) {
      logged(400, "rejected", idempotencyKey);
      return answer(400, outcome.invalid);
    }
    // Stripe keeps no result for a request whose parameters it refused (a 400 naming a param).
    const refusedParameter = !outcome.ok && outcome.status === 400 && outcome.body.error.param !== undefined;
    if (idempotencyKey && !refusedParameter) this.idempotency.keep(apiKey.key, idempotencyKey, { endpoint, params, status: outcome.status, body: outcome.body, requestId, keptAtMs: nowMs });
    const headers: Record<string, string> = idempotencyKey ? { "idempotency-key": idempotencyKey } : {};
    if (method === "POST" && this.deps.prng.chance(chaos.lostResponseRate)) {
      logged(500, "lost_response", idempotencyKey);
      return answer(500, { error: { type: "api_error", message: "An unknown error occurred (simulator chaos: performed, response lost)." } } satisfies StripeErrorBody, {
        ...headers,
        "stripe-should-retry": "true",
      });
    }
    logged(outcome.status, outcome.ok ? "performed" : "rejected", idempotencyKey);
    answer(outcome.status, outcome.body, headers);
  }

  private authenticate(request: http.IncomingMessage): { ok: true; key: string } | { ok: false; message: string } {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return {
        ok: false,
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      };
    }
    const key = match[1]!;
    const accepted = this.deps.apiKey === undefined ? key.startsWith("sk_test_") : key === this.deps.apiKey;
    if (!accepted) return { ok: false, message: `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` };
    return { ok: true, key };
  }
}
