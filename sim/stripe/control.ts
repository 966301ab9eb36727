// The control API (/control/*): no auth, loopback callers only. Lets a person, a test or
// a load generator play the customer ("pays", "abandons", "card declined"), the card
// network (a dispute), and steer the simulated world (chaos, seed, the manual clock, the
// webhook endpoint), and read what happened (objects, events, deliveries, API requests).
// Errors use the project's own shape ({ error: { code, message } }); this is not Stripe's API.
import type http from "node:http";
import type { z } from "zod";
import { isLoopback, parseJsonBody, readBody, sendJson } from "../carrier/http.ts";
import type { StripeSimulatorState } from "./server.ts";
import type { Result } from "./stripe-account.ts";
import { advanceSchema, chaosSchema, changePriceSchema, declineSchema, disputeSchema, paySchema, seedSchema, webhookUrlSchema } from "./validation.ts";

type Reply = { status: number; body: unknown };
const ok = (body: unknown, status = 200): Reply => ({ status, body });
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });
/** A Stripe-side refusal (no such session, not open) in the project's shape. */
const fromResult = <T>(result: Result<T>, wrap: (body: T) => unknown): Reply =>
  result.ok ? ok(wrap(result.body)) : error(result.status, result.body.error.code ?? "invalid_request", result.body.error.message);

const SESSION_ACTION = /^\/control\/checkout\/sessions\/([A-Za-z0-9_]+)\/(pay|decline|abandon)$/;
const DISPUTE = /^\/control\/disputes\/([A-Za-z0-9_]+)$/;
const RESEND = /^\/control\/events\/([A-Za-z0-9_]+)\/resend$/;
const CHANGE_PRICE = /^\/control\/subscriptions\/([A-Za-z0-9_]+)\/change-price$/;
const SUBSCRIPTION_ACTION = /^\/control\/subscriptions\/([A-Za-z0-9_]+)\/(renew|fail-renewal|cancel)$/;

export async function handleControl(sim: StripeSimulatorState, request: http.IncomingMessage, response: http.ServerResponse, path: string): Promise<void> {
  if (!isLoopback(request)) {
    request.resume();
    return sendJson(response, 403, { error: { code: "forbidden", message: "The control API answers loopback callers only" } });
  }
  const body = parseJsonBody(await readBody(request));
  const reply = body.ok ? await route(sim, request.method ?? "GET", path, body.value) : error(400, "invalid_json", "The request body is not valid JSON");
  sendJson(response, reply.status, reply.body);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; reply: Reply } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return { ok: false, reply: error(422, "invalid_body", message) };
}

async function route(sim: StripeSimulatorState, method: string, path: string, input: unknown): Promise<Reply> {
  const { account, api, webhooks, scheduler, settings } = sim;
  switch (`${method} ${path}`) {
    case "GET /control":
      return ok({
        clock: scheduler.mode,
        now: new Date(scheduler.now()).toISOString(),
        seed: settings.seed,
        chaos: settings.chaos,
        webhook_url: settings.webhookUrl,
        api_base: settings.origin,
      });
    case "GET /control/chaos":
      return ok({ chaos: settings.chaos });
    case "PUT /control/chaos": {
      const parsed = parse(chaosSchema, input);
      if (!parsed.ok) return parsed.reply;
      Object.assign(settings.chaos, parsed.value);
      return ok({ chaos: settings.chaos });
    }
    case "PUT /control/seed": {
      const parsed = parse(seedSchema, input);
      if (!parsed.ok) return parsed.reply;
      settings.seed = parsed.value.seed;
      sim.prng.reseed(parsed.value.seed);
      return ok({ seed: settings.seed });
    }
    case "POST /control/clock/advance": {
      if (scheduler.mode !== "manual") return error(409, "real_clock", 'The simulator runs on the real clock; start it with clock: "manual" to drive time');
      const parsed = parse(advanceSchema, input);
      if (!parsed.ok) return parsed.reply;
      await scheduler.advance(parsed.value.ms);
      return ok({ now: new Date(scheduler.now()).toISOString() });
    }
    case "PUT /control/webhook-url": {
      const parsed = parse(webhookUrlSchema, input);
      if (!parsed.ok) return parsed.reply;
      settings.webhookUrl = parsed.value.url;
      return ok({ webhook_url: settings.webhookUrl });
    }
    case "GET /control/checkout/sessions":
      return ok({ sessions: [...account.sessions.values()].map((stored) => stored.session) });
    case "GET /control/payment_intents":
      return ok({ payment_intents: [...account.paymentIntents.values()] });
    case "GET /control/charges":
      return ok({ charges: [...account.charges.values()] });
    case "GET /control/refunds":
      return ok({ refunds: [...account.refunds.values()] });
    case "GET /control/customers":
      return ok({ customers: [...account.customers.values()] });
    case "GET /control/subscriptions":
      return ok({ subscriptions: [...account.billing.subscriptions.values()] });
    case "GET /control/meter-events":
      return ok({ meterEvents: [...account.metering.events.values()] });
    case "GET /control/invoices":
      return ok({ invoices: [...account.billing.invoices.values()] });
    case "GET /control/billing-portal/sessions":
      return ok({ sessions: [...account.billing.portalSessions.values()] });
    case "GET /control/events":
      return ok({ events: account.events });
    case "GET /control/webhooks":
      return ok({ deliveries: webhooks.log() });
    case "GET /control/requests":
      return ok({ requests: api.log() });
    case "POST /control/reset":
      sim.reset();
      return ok({ ok: true });
  }
  const sessionAction = method === "POST" ? SESSION_ACTION.exec(path) : null;
  if (sessionAction) {
    const [, id, action] = sessionAction as unknown as [string, string, "pay" | "decline" | "abandon"];
    if (action === "pay") {
      const parsed = parse(paySchema, input);
      if (!parsed.ok) return parsed.reply;
      return fromResult(account.pay(id, { subscriptionCreatedS: parsed.value?.subscriptionCreated }), (session) => ({ session }));
    }
    if (action === "abandon") return fromResult(account.abandon(id), (session) => ({ session }));
    const parsed = parse(declineSchema, input);
    if (!parsed.ok) return parsed.reply;
    return fromResult(account.decline(id, parsed.value?.declineCode), (session) => ({ session }));
  }
  const dispute = method === "POST" ? DISPUTE.exec(path) : null;
  if (dispute) {
    const parsed = parse(disputeSchema, input);
    if (!parsed.ok) return parsed.reply;
    return fromResult(account.dispute(dispute[1]!, parsed.value?.reason), (created) => ({ dispute: created }));
  }
  const subscriptionAction = method === "POST" ? SUBSCRIPTION_ACTION.exec(path) : null;
  if (subscriptionAction) {
    const [, id, action] = subscriptionAction as unknown as [string, string, "renew" | "fail-renewal" | "cancel"];
    const result = action === "renew" ? account.billing.renew(id) : action === "fail-renewal" ? account.billing.failRenewal(id) : account.billing.cancel(id);
    return fromResult(result, (subscription) => ({ subscription }));
  }
  const changePrice = method === "POST" ? CHANGE_PRICE.exec(path) : null;
  if (changePrice) {
    const parsed = parse(changePriceSchema, input);
    if (!parsed.ok) return parsed.reply;
    return fromResult(account.billing.changePrice(changePrice[1]!, parsed.value), (subscription) => ({ subscription }));
  }
  const resend = method === "POST" ? RESEND.exec(path) : null;
  if (resend) return fromResult(account.resendEvent(resend[1]!), (event) => ({ event }));
  return error(404, "not_found", `No control route ${method} ${path}`);
}
