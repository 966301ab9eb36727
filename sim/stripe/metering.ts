// The simulated account's usage-based billing (Stripe Billing Meters): meters (an event
// name, summed values, the customer read from `stripe_customer_id`), metered prices on a
// meter (found by lookup key), and meter events, kept once per identifier (a resend
// with the same identifier is the same event, as Stripe enforces over at least 24 hours).
// A metered subscription item is billed the sum of its meter's events for the customer
// whose timestamp falls in the period (billing.ts puts that on the upcoming and the
// renewal invoices). Simplified: sum aggregation only, the default payload keys, no
// adjustments, no event streams, no error reports.
import type { Result, StripeAccount } from "./stripe-account.ts";
import { fail, missing, ok } from "./stripe-account.ts";
import type { CreateMeterEventParams, CreateMeterParams, CreatePriceParams, ListPricesParams } from "./validation.ts";
import type { Meter, MeterEvent, Price } from "./wire.ts";

/** Stripe accepts an event up to 35 days old and 5 minutes ahead. */
const EVENT_PAST_LIMIT_S = 35 * 86_400;
const EVENT_FUTURE_LIMIT_S = 5 * 60;

export class StripeMetering {
  readonly meters = new Map<string, Meter>();
  readonly prices = new Map<string, Price>();
  /** By identifier: the first one sent is kept. */
  readonly events = new Map<string, MeterEvent>();

  constructor(private readonly account: StripeAccount) {}

  createMeter(params: CreateMeterParams): Result<Meter> {
    if ([...this.meters.values()].some((meter) => meter.event_name === params.event_name && meter.status === "active")) {
      return fail(400, { type: "invalid_request_error", param: "event_name", message: `An active meter with event_name ${params.event_name} already exists.` });
    }
    const meter: Meter = {
      id: this.account.id("mtr_"),
      object: "billing.meter",
      created: this.account.nowS(),
      display_name: params.display_name,
      event_name: params.event_name,
      status: "active",
      default_aggregation: { formula: params.default_aggregation.formula },
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: "value" },
      livemode: false,
    };
    this.meters.set(meter.id, meter);
    return ok(meter);
  }

  listMeters(): Result<{ object: "list"; data: Meter[]; has_more: false; url: string }> {
    return ok({ object: "list", data: [...this.meters.values()], has_more: false, url: "/v1/billing/meters" });
  }

  createPrice(params: CreatePriceParams): Result<Price> {
    const meter = params.recurring?.meter;
    if (meter && !this.meters.has(meter)) return missing("billing.meter", meter, "recurring[meter]");
    if (params.recurring?.usage_type === "metered" && !meter) {
      return fail(400, { type: "invalid_request_error", param: "recurring[meter]", message: "Metered prices must be backed by a meter: pass recurring[meter]." });
    }
    if (params.lookup_key && [...this.prices.values()].some((price) => price.lookup_key === params.lookup_key)) {
      return fail(400, { type: "invalid_request_error", param: "lookup_key", message: `A price (${params.lookup_key}) already uses that lookup key.` });
    }
    const price: Price = {
      id: this.account.id("price_"),
      object: "price",
      currency: params.currency,
      unit_amount: params.unit_amount,
      lookup_key: params.lookup_key ?? null,
      product: this.account.id("prod_", 14),
      type: params.recurring ? "recurring" : "one_time",
      ...(params.recurring
        ? { recurring: { interval: params.recurring.interval, interval_count: 1, usage_type: params.recurring.usage_type ?? "licensed", meter: meter ?? null } }
        : {}),
    };
    this.prices.set(price.id, price);
    return ok(price);
  }

  listPrices(params: ListPricesParams): Result<{ object: "list"; data: Price[]; has_more: false; url: string }> {
    const keys = params.lookup_keys ? new Set(params.lookup_keys) : null;
    const data = [...this.prices.values()].filter((price) => !keys || (price.lookup_key !== null && keys.has(price.lookup_key)));
    return ok({ object: "list", data, has_more: false, url: "/v1/prices" });
  }

  retrievePrice(id: string): Result<Price> {
    const price = this.prices.get(id);
    return price ? ok(price) : missing("price", id, "price");
  }

  createEvent(params: CreateMeterEventParams): Result<MeterEvent> {
    const now = this.account.nowS();
    const timestamp = params.timestamp ?? now;
    if (timestamp < now - EVENT_PAST_LIMIT_S || timestamp > now + EVENT_FUTURE_LIMIT_S) {
      return fail(400, { type: "invalid_request_error", param: "timestamp", message: "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future." });
    }
    if (!(params.payload.stripe_customer_id ?? "")) return fail(400, { type: "invalid_request_error", param: "payload[stripe_customer_id]", message: "Missing required param: payload[stripe_customer_id]." });
    if (!/^-?\d+(\.\d+)?$/.test(params.payload.value ?? "")) return fail(400, { type: "invalid_request_error", param: "payload[value]", message: "payload[value] must be a number." });
    const identifier = params.identifier ?? this.account.id("mevt_");
    const kept = this.events.get(identifier);
    if (kept) return ok(kept);
    const event: MeterEvent = { object: "billing.meter_event", created: now, event_name: params.event_name, identifier, livemode: false, payload: { ...params.payload }, timestamp };
    this.events.set(identifier, event);
    return ok(event);
  }

  /** A metered price's usage for one customer in [fromS, toS): the sum of its meter's events' values. */
  usage(price: Price, customer: string, fromS: number, toS: number): number {
    const meter = price.recurring?.meter ? this.meters.get(price.recurring.meter) : undefined;
    if (!meter) return 0;
    let sum = 0;
    for (const event of this.events.values()) {
      if (event.event_name !== meter.event_name || event.payload.stripe_customer_id !== customer) continue;
      if (event.timestamp >= fromS && event.timestamp < toS) sum += Number(event.payload.value);
    }
    return sum;
  }

  reset(): void {
    this.meters.clear();
    this.prices.clear();
    this.events.clear();
  }
}
