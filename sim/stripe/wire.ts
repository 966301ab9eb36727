// Stripe's wire shapes for the objects the simulator keeps (the fields the engine reads,
// named and typed as Stripe's API reference has them) and its one error body.

export type Metadata = Record<string, string>;

export interface StripeErrorBody {
  error: {
    type: "invalid_request_error" | "api_error" | "card_error" | "idempotency_error";
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    doc_url?: string;
  };
}

export interface Customer {
  id: string;
  object: "customer";
  created: number;
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Metadata;
  livemode: false;
}

export interface LineItem {
  id: string;
  object: "item";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  quantity: number;
  price: Price;
}

export interface Price {
  id: string;
  object: "price";
  currency: string;
  unit_amount: number;
  /** Set on prices made in the dashboard (a plan offered in the billing portal); null on Checkout's price_data. */
  lookup_key: string | null;
  product: string;
  type: "one_time" | "recurring";
  /** usage_type metered: billed the sum of its meter's events in the period (metering.ts). */
  recurring?: { interval: "month" | "year"; interval_count: 1; usage_type?: "licensed" | "metered"; meter?: string | null };
}

export interface Meter {
  id: string;
  object: "billing.meter";
  created: number;
  display_name: string;
  event_name: string;
  status: "active" | "inactive";
  default_aggregation: { formula: "sum" | "count" | "last" };
  customer_mapping: { event_payload_key: string; type: "by_id" };
  value_settings: { event_payload_key: string };
  livemode: false;
}

export interface MeterEvent {
  object: "billing.meter_event";
  created: number;
  event_name: string;
  identifier: string;
  livemode: false;
  payload: Record<string, string>;
  timestamp: number;
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Metadata;
  mode: "payment" | "subscription";
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  success_url: string | null;
  /** mode=subscription: the subscription the completed session started. */
  subscription: string | null;
  url: string | null;
  /** Only when expanded (`expand[]=line_items`). */
  line_items?: { object: "list"; data: LineItem[]; has_more: false; url: string };
}

export interface PaymentError {
  type: "card_error";
  code: "card_declined";
  decline_code: string;
  message: string;
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  customer: string | null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  status: "requires_payment_method" | "succeeded" | "canceled";
}

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  created: number;
  currency: string;
  customer: string | null;
  disputed: boolean;
  livemode: false;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  receipt_number: string | null;
  receipt_url: string;
  refunded: boolean;
  status: "succeeded";
}

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | null;
  status: "succeeded";
}

export interface Dispute {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  livemode: false;
  metadata: Metadata;
  payment_intent: string;
  reason: "fraudulent" | "general" | "product_not_received";
  status: "needs_response";
}

export type SubscriptionStatus = "incomplete" | "active" | "past_due" | "canceled";

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  /** Since API 2025-03-31 the period is on each item, not the subscription. */
  current_period_start: number;
  current_period_end: number;
  price: Price;
  quantity: number;
  subscription: string;
}

export interface Subscription {
  id: string;
  object: "subscription";
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  created: number;
  currency: string;
  customer: string;
  ended_at: number | null;
  items: { object: "list"; data: SubscriptionItem[]; has_more: false; url: string };
  latest_invoice: string | null;
  livemode: false;
  metadata: Metadata;
  status: SubscriptionStatus;
}

export interface Invoice {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  billing_reason: "subscription_create" | "subscription_cycle";
  created: number;
  currency: string;
  customer: string;
  livemode: false;
  /** Since API 2025-03-31 an invoice names its subscription here. */
  parent: { type: "subscription_details"; subscription_details: { subscription: string; metadata: Metadata } };
  period_end: number;
  period_start: number;
  status: "draft" | "open" | "paid";
  /** One line per subscription item: the plan's price, and a metered price's usage in the period. */
  lines: { object: "list"; data: InvoiceLine[]; has_more: false; url: string };
}

export interface InvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  quantity: number;
  period: { start: number; end: number };
  pricing: { type: "price_details"; price_details: { price: string; product: string }; unit_amount_decimal: string };
}

export interface BillingPortalSession {
  id: string;
  object: "billing_portal.session";
  created: number;
  customer: string;
  livemode: false;
  return_url: string | null;
  url: string;
}

export type StripeObject = Customer | CheckoutSession | PaymentIntent | Charge | Refund | Dispute | Subscription | Invoice;

export const EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.succeeded",
  "charge.refunded",
  "charge.dispute.created",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: EventType;
}

/** The API version the simulator speaks (what stripe@23 pins). */
export const API_VERSION = "2026-11-18.endive";
