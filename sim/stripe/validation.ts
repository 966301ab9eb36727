// Request parameters, validated with zod on arrival. The API's parameters arrive
// form-encoded (every value a string), so integers are read from digit strings; a
// failure becomes Stripe's own 400 (`parameter_missing`, `parameter_unknown`,
// `parameter_invalid_integer`, …) with `param` in Stripe's bracket form. The control
// API's JSON bodies are validated here too.
import { z } from "zod";
import type { StripeErrorBody } from "./wire.ts";

const intString = z.string().regex(/^-?\d+$/, "integer").transform(Number);
const metadata = z
  .record(z.string().max(40, "Metadata keys can be at most 40 characters"), z.string().max(500, "Metadata values can be at most 500 characters"))
  .refine((value) => Object.keys(value).length <= 50, "Metadata can have at most 50 keys")
  // An empty value unsets a key: at creation it is simply left out.
  .transform((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== "")));
const currency = z.string().regex(/^[a-zA-Z]{3}$/, "currency").transform((value) => value.toLowerCase());
const expand = z.array(z.string()).optional();

export const createCustomerSchema = z.strictObject({
  email: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  description: z.string().optional(),
  metadata: metadata.optional(),
  expand,
});

const lineItem = z.strictObject({
  price_data: z.strictObject({
    currency,
    unit_amount: intString.pipe(z.number().min(0, "unit_amount must be 0 or more")),
    product_data: z.strictObject({ name: z.string().min(1), description: z.string().optional(), metadata: metadata.optional() }),
    recurring: z.strictObject({ interval: z.enum(["month", "year"], "The simulator supports interval month or year") }).optional(),
  }),
  quantity: intString.pipe(z.number().min(1, "quantity must be at least 1")),
});

export const createSessionSchema = z.strictObject({
  mode: z.enum(["payment", "subscription"], "The simulator supports mode=payment or mode=subscription"),
  line_items: z.array(lineItem).min(1),
  metadata: metadata.optional(),
  expires_at: intString.optional(),
  success_url: z.string().optional(),
  cancel_url: z.string().optional(),
  customer: z.string().optional(),
  customer_email: z.string().optional(),
  client_reference_id: z.string().max(200).optional(),
  payment_method_types: z.array(z.string()).optional(),
  payment_intent_data: z.strictObject({ metadata: metadata.optional(), description: z.string().optional() }).optional(),
  subscription_data: z.strictObject({ metadata: metadata.optional(), description: z.string().optional() }).optional(),
  expand,
});
export type CreateSessionParams = z.infer<typeof createSessionSchema>;

export const createRefundSchema = z.strictObject({
  payment_intent: z.string().optional(),
  charge: z.string().optional(),
  amount: intString.pipe(z.number().min(1, "amount must be at least 1")).optional(),
  reason: z.enum(["duplicate", "fraudulent", "requested_by_customer"]).optional(),
  metadata: metadata.optional(),
  expand,
});
export type CreateRefundParams = z.infer<typeof createRefundSchema>;

export const emptySchema = z.strictObject({ expand });

export const createPortalSessionSchema = z.strictObject({ customer: z.string().min(1), return_url: z.string().optional(), expand });
export type CreatePortalSessionParams = z.infer<typeof createPortalSessionSchema>;

export const createMeterSchema = z.strictObject({
  display_name: z.string().min(1).max(250),
  event_name: z.string().min(1).max(100),
  default_aggregation: z.strictObject({ formula: z.enum(["sum"], "The simulator supports default_aggregation[formula]=sum") }),
  customer_mapping: z.strictObject({ event_payload_key: z.literal("stripe_customer_id"), type: z.literal("by_id") }).optional(),
  value_settings: z.strictObject({ event_payload_key: z.literal("value") }).optional(),
  expand,
});
export type CreateMeterParams = z.infer<typeof createMeterSchema>;

export const listMetersSchema = z.strictObject({ status: z.enum(["active", "inactive"]).optional(), limit: intString.optional(), expand });

export const createPriceSchema = z.strictObject({
  currency,
  unit_amount: intString.pipe(z.number().min(0, "unit_amount must be 0 or more")),
  lookup_key: z.string().min(1).max(200).optional(),
  product_data: z.strictObject({ name: z.string().min(1) }),
  recurring: z
    .strictObject({ interval: z.enum(["month", "year"], "The simulator supports interval month or year"), usage_type: z.enum(["licensed", "metered"]).optional(), meter: z.string().optional() })
    .optional(),
  expand,
});
export type CreatePriceParams = z.infer<typeof createPriceSchema>;

export const listPricesSchema = z.strictObject({ lookup_keys: z.array(z.string()).optional(), active: z.enum(["true", "false"]).optional(), limit: intString.optional(), expand });
export type ListPricesParams = z.infer<typeof listPricesSchema>;

export const createMeterEventSchema = z.strictObject({
  event_name: z.string().min(1).max(100),
  payload: z.record(z.string(), z.string()),
  identifier: z.string().min(1).max(100).optional(),
  timestamp: intString.optional(),
  expand,
});
export type CreateMeterEventParams = z.infer<typeof createMeterEventSchema>;

export const createSubscriptionItemSchema = z.strictObject({ subscription: z.string().min(1), price: z.string().min(1), proration_behavior: z.string().optional(), expand });
export type CreateSubscriptionItemParams = z.infer<typeof createSubscriptionItemSchema>;

/** POST /v1/invoices/create_preview: the next invoice of a subscription. */
export const createPreviewSchema = z.strictObject({ subscription: z.string().min(1), customer: z.string().optional(), expand });

/** DELETE /v1/subscriptions/:id: Stripe's optional flags, accepted and not acted on. */
export const cancelSubscriptionSchema = z.strictObject({ invoice_now: z.string().optional(), prorate: z.string().optional(), expand });

/** Stripe's bracket form of a parameter path: line_items[0][price_data][unit_amount]. */
const bracketPath = (path: readonly PropertyKey[]) => path.map((segment, i) => (i === 0 ? String(segment) : `[${String(segment)}]`)).join("");

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** A zod failure as Stripe answers it: the first problem, named by its parameter. */
export function parameterError(error: z.ZodError, input: unknown): StripeErrorBody {
  const issue = error.issues[0]!;
  const invalid = (code: string, param: string, message: string): StripeErrorBody => ({
    error: { type: "invalid_request_error", code, param, message, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}` },
  });
  if (issue.code === "unrecognized_keys") {
    const param = bracketPath([...issue.path, issue.keys[0]!]);
    return invalid("parameter_unknown", param, `Received unknown parameter: ${param}`);
  }
  const param = bracketPath(issue.path);
  const value = valueAt(input, issue.path);
  if (value === undefined) return invalid("parameter_missing", param, `Missing required param: ${param}.`);
  if (issue.message === "integer") return invalid("parameter_invalid_integer", param, `Invalid integer: ${String(value)}`);
  return invalid("parameter_invalid", param, `Invalid ${param}: ${issue.message}`);
}

// ---- The control API --------------------------------------------------------------

const rate = z.number().min(0).max(1);
export const chaosSchema = z
  .strictObject({
    duplicateRate: rate,
    reorderRate: rate,
    lateRate: rate,
    lateMs: z.number().int().min(0).max(86_400_000),
    apiFailureRate: rate,
    lostResponseRate: rate,
  })
  .partial();
export const seedSchema = z.strictObject({ seed: z.number().int().min(0).max(0xffffffff) });
export const advanceSchema = z.strictObject({ ms: z.number().int().min(0).max(7 * 86_400_000) });
export const webhookUrlSchema = z.strictObject({ url: z.url().nullable() });
/** Paying a subscription-mode session may date the subscription (whole seconds), so a test can give two of one customer's the same second. */
export const paySchema = z.strictObject({ subscriptionCreated: z.number().int().positive().optional() }).optional();
/** A plan switched in the billing portal: the portal's price for it. */
export const changePriceSchema = z.strictObject({ lookupKey: z.string().min(1).max(200), unitAmount: z.number().int().nonnegative() });
export const declineSchema = z.strictObject({ declineCode: z.string().min(1).max(60).optional() }).optional();
export const disputeSchema = z.strictObject({ reason: z.enum(["fraudulent", "general", "product_not_received"]).optional() }).optional();
