// What Stripe needs before a meter event can be charged: the meter of call minutes, a
// metered price on it (domain/billing-overage.ts names both), and that price on the
// organisation's subscription as a second item. Each is looked up first and made only
// when missing, with an idempotency key, so concurrent or repeated runs make one.
import type Stripe from "stripe";
import { CALL_MINUTES_METER_EVENT, OVERAGE_CENTS_PER_CALL_MINUTE, OVERAGE_PRICE_LOOKUP_KEY } from "../../domain/billing-overage";

/** The metered price of call minutes above the plan (with its meter), made on first use. */
export async function ensureOveragePrice(stripe: Stripe): Promise<Stripe.Price> {
  const found = await stripe.prices.list({ lookup_keys: [OVERAGE_PRICE_LOOKUP_KEY], active: true, limit: 1 });
  if (found.data[0]) return found.data[0];
  const meters = await stripe.billing.meters.list({ status: "active", limit: 100 });
  const meter =
    meters.data.find((each) => each.event_name === CALL_MINUTES_METER_EVENT) ??
    (await stripe.billing.meters.create(
      {
        display_name: "Call minutes above the plan",
        event_name: CALL_MINUTES_METER_EVENT,
        default_aggregation: { formula: "sum" },
        customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
        value_settings: { event_payload_key: "value" },
      },
      { idempotencyKey: `meter-${CALL_MINUTES_METER_EVENT}` },
    ));
  return stripe.prices.create(
    {
      currency: "usd",
      unit_amount: OVERAGE_CENTS_PER_CALL_MINUTE,
      lookup_key: OVERAGE_PRICE_LOOKUP_KEY,
      product_data: { name: "Word Is Bond call minutes above the plan" },
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    },
    { idempotencyKey: `price-${OVERAGE_PRICE_LOOKUP_KEY}-${meter.id}` },
  );
}

/** The metered price on the subscription (a subscription sold before metering has only its plan); a canceled one is left as it is. */
export async function ensureOverageItem(stripe: Stripe, subscriptionId: string, price: Stripe.Price): Promise<void> {
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  if (subscription.status === "canceled") return;
  if (subscription.items.data.some((item) => item.price.id === price.id || item.price.lookup_key === OVERAGE_PRICE_LOOKUP_KEY)) return;
  await stripe.subscriptionItems.create({ subscription: subscriptionId, price: price.id }, { idempotencyKey: `overage-item-${subscriptionId}-${price.id}` });
}
