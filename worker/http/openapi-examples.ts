// An example for every route in the OpenAPI document: its request body and its first
// success answer. Built from the route's own JSON Schema (the first enum value, a
// plausible string for each format, required fields only, arrays of one), with a
// hand-written example where a field's rule is more than its schema says (a phone number
// must be possible in a real numbering plan). tests/workers/openapi.test.ts checks every
// example against the route's zod schemas, so an example that drifts from its route fails.
import { z } from "zod";
import type { RouteSpec } from "./route-table";
import { DEFAULT_IVR_SETTINGS } from "../../domain/ivr-settings";
import { DEFAULT_AI_AGENT_SETTINGS } from "../../domain/ai-agent-settings";

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  default?: unknown;
  pattern?: string;
};

export interface RouteExamples {
  request?: unknown;
  response?: { status: number; body: unknown };
}

const EXAMPLE_ID = "7d3f5a52-4f0e-4c8e-9a51-2f1b6c0d9e11";
const EXAMPLE_INSTANT = "2026-12-05T14:30:00.000Z";
const EXAMPLE_PHONE = "+12025550143";

/** Request bodies whose rules go beyond their schema (phone numbers, secrets that must match). */
const REQUEST_EXAMPLES: Record<string, unknown> = {
  "POST /api/accounts": { name: "Ada Lovelace", phones: [EXAMPLE_PHONE], balanceDueCents: 12_500, consent: true },
  "PATCH /api/accounts/:id": { balanceDueCents: 4_200 },
  "POST /api/calls": { to: EXAMPLE_PHONE, kind: "direct" },
  "POST /api/dnc": { phone: EXAMPLE_PHONE, reason: "asked us to stop" },
  "POST /api/phone-numbers": { e164: EXAMPLE_PHONE, label: "Main line" },
  "POST /api/accounts/import": { csv: `account_ref,name,phone\nR-1,Ada Lovelace,${EXAMPLE_PHONE}\n`, dryRun: true },
  "POST /api/account-imports/:id/chunks": { index: 0, firstRow: 2, csv: `R-1,Ada Lovelace,${EXAMPLE_PHONE}\n` },
  // Partial updates: the schema makes every field optional, the route wants at least one.
  "PATCH /api/organization": { wrapUpSeconds: 45 },
  "PATCH /api/calls/:id": { disposition: "no_contact", notes: "Left a message with the spouse", annotationVersion: 0 },
  "PATCH /api/campaigns/:id": { name: "December arrears" },
  "PATCH /api/webhook-endpoints/:id": { enabled: false },
  "POST /api/queues": {
    name: "Spanish collections",
    priority: 10,
    hours: { timeZone: "America/New_York", weekly: { mon: [{ from: "08:00", to: "20:00" }], tue: [{ from: "08:00", to: "20:00" }] }, holidays: [{ date: "2026-12-25", name: "Christmas" }] },
    members: [{ userId: "0b7f6c1e-4d6a-4a57-9a1c-5f2d8e3b9c10", skills: { "language:es": 8, collections: 5 } }],
    routeByLanguage: true,
    skillRelaxSeconds: 90,
    closedAction: { kind: "message", message: "We are closed. Please call between 8am and 8pm." },
    callback: { offered: true, attempts: 3, retrySeconds: 120 },
    agentRing: { acceptSeconds: 15, missesBeforeBreak: 3 },
  },
  "PATCH /api/queues/:id": { serviceLevelSeconds: 30, overflowAction: { kind: "ivr" } },
  "POST /api/queues/:id/move-in": { callId: "5c0e2f4a-8b1d-4c3e-9f6a-2d7b8e1c4a90" },
  "PATCH /api/queues/:id/members": { members: [{ userId: "0b7f6c1e-4d6a-4a57-9a1c-5f2d8e3b9c10", skills: { "language:es": 9, collections: 5 } }] },
  "POST /api/segments": { name: "Over $500, not reached this week", filters: { balanceMinCents: 50_000, notContactedWithinDays: 7 } },
  "PATCH /api/segments/:id": { filters: { balanceMinCents: 50_000 } },
  "POST /api/segments/count": { filters: { balanceMinCents: 50_000 } },
  "POST /api/webhook-endpoints": { url: "https://hooks.example.com/word-is-bond", events: ["call.completed", "campaign.*"] },
  "POST /api/webhook-endpoints/:id/replay": { since: "2026-12-05T00:00:00Z", until: "2026-12-05T23:59:59Z" },
  // The default language must have its prompts: the whole settings, with one change.
  "PATCH /api/ivr-settings": { ...DEFAULT_IVR_SETTINGS, paymentHoldSeconds: 240 },
  "POST /api/ai-agent-settings/test-calls": { persona: "ai-caller-pays" },
  "PATCH /api/ai-agent-settings": { ...DEFAULT_AI_AGENT_SETTINGS, prompt: "You are a brief, polite agent for {{organization_name}}. {{customer_name}} owes {{balance}}.", minimumPaymentPercent: 80 },
  // A partial refund; without amountCents the rest is refunded.
  "POST /api/payments/:id/refunds": { amountCents: 2_500, reason: "requested_by_customer" },
  // Recordings and transcripts are kept at most as long as their call records.
  "PATCH /api/retention-policy": { recordingsDays: 90, transcriptsDays: 180, callRecordsDays: 365, paymentMetadataDays: 730 },
  "POST /api/accounts/:id/legal-holds": { reason: "Subpoena in case 24-118: keep everything about this person" },
  "POST /api/calls/:id/legal-holds": { reason: "Complaint CFPB-2026-0412 under review" },
  "POST /api/legal-holds/:id/lift": { reason: "Case 24-118 closed" },
  "POST /api/accounts/:id/erase": { reason: "Erasure request DSR-2026-118, received by email 2026-12-01" },
  "POST /api/billing/checkout": { plan: "growth" },
  "PATCH /api/intelligence-settings": { translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: ["talk to my lawyer", "file a complaint"] },
  "PATCH /api/campaigns/:id/translation": { translation: { enabled: true, from: "es", to: "en" } },
  "PATCH /api/calls/:id/translation": { enabled: true, from: "auto", to: "fr", voiceToVoice: true },
  "POST /api/calls/:id/voice-lines": { text: "Of course. I can note a payment for Monday. Shall I send you the link by text?" },
  // A report's definition is checked against its dataset's fields.
  "POST /api/reports": { name: "Outcomes by day", definition: { dataset: "calls", groupBy: ["day", "outcome"], measures: [{ fn: "count" }] } },
  "PATCH /api/reports/:id": { name: "Outcomes by week" },
  "POST /api/reports/preview": { definition: { dataset: "calls", groupBy: ["outcome"], measures: [{ fn: "count" }], sort: [{ by: "count", direction: "desc" }] } },
  "POST /api/reports/export": { definition: { dataset: "complianceSkips" } },
  "POST /api/reports/ask": { question: "promises to pay this week by agent" },
  // Teams: supervisors are supervisor or above; an agent is a member of one team at most.
  "POST /api/teams": { name: "Early shift", supervisorUserIds: [EXAMPLE_ID], memberUserIds: ["0b6f4c1e-8d2a-4f3b-9c7e-5a1d2e3f4a5b"] },
  "PATCH /api/teams/:id": { name: "Late shift" },
  // QA: weights 1–100; a scale question says its maximum; answers name the form's question ids.
  "PATCH /api/qa/scorecard-settings": {
    criteria: [
      { kind: "qa_evaluations", weight: 50 },
      { kind: "aht_band", weight: 30, minSeconds: 120, maxSeconds: 420 },
      { kind: "disposition_rate", weight: 20, targetPercent: 95 },
    ],
  },
  "POST /api/qa/forms": {
    name: "Collections call review",
    sections: [
      { title: "Compliance", weight: 3, questions: [{ id: "mini_miranda", text: "Gave the mini-Miranda disclosure", kind: "yes_no", weight: 2 }] },
      { title: "Conversation", weight: 1, questions: [{ id: "empathy", text: "Empathy shown", kind: "scale", scaleMax: 5, weight: 1 }] },
    ],
  },
  // A form's next version: the whole form as it is to stand (the example adds a question).
  "POST /api/qa/forms/:id/versions": {
    name: "Collections call review",
    sections: [
      {
        title: "Compliance",
        weight: 3,
        questions: [
          { id: "mini_miranda", text: "Gave the mini-Miranda disclosure", kind: "yes_no", weight: 2 },
          { id: "right_party", text: "Confirmed the right party before discussing the debt", kind: "yes_no", weight: 2 },
        ],
      },
      { title: "Conversation", weight: 1, questions: [{ id: "empathy", text: "Empathy shown", kind: "scale", scaleMax: 5, weight: 1 }] },
    ],
  },
  "POST /api/calls/:id/evaluations": {
    formId: EXAMPLE_ID,
    answers: { mini_miranda: { value: true }, empathy: { value: 4, comment: "Calm when the customer raised her voice" } },
    comments: "Good call; offer the payment plan earlier.",
  },
  "POST /api/campaigns/:id/rehearsals": { workload: "holdout/sales-high-answer-20", agents: 10, speed: 8, minutes: 30 },
  "POST /api/calls/:id/ai-agent": { action: "hand_back", notes: "Agreed to pay the balance on Friday; wants a text reminder." },
};

/** Answers whose generated example would say too little (a token that looks like one, the address the engine rings). */
const RESPONSE_EXAMPLES: Record<string, unknown> = {
  "POST /api/softphone/token": {
    mode: "webrtc",
    token: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJnZW5jcmVkMTIzNCJ9.c2lnbmF0dXJl",
    expiresAt: "2026-12-05T22:30:00.000Z",
    refreshAt: "2026-12-05T22:20:00.000Z",
    sipAddress: "sip:gencredq1w2e3r4t5y6u7i8o9p0@sip.telnyx.com",
    sipUsername: "gencredq1w2e3r4t5y6u7i8o9p0",
  },
};

export function examplesFor(route: RouteSpec): RouteExamples {
  const key = `${route.method} ${route.path}`;
  const examples: RouteExamples = {};
  if (route.body) examples.request = key in REQUEST_EXAMPLES ? REQUEST_EXAMPLES[key] : exampleOf(jsonSchema(route.body, "input"));
  const success = Object.entries(route.response).find(([, body]) => body !== null && !(typeof body === "object" && "kind" in body));
  if (success) examples.response = { status: Number(success[0]), body: key in RESPONSE_EXAMPLES ? RESPONSE_EXAMPLES[key] : exampleOf(jsonSchema(success[1] as z.ZodType, "output")) };
  return examples;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
}

/** A value the schema accepts: the smallest plausible one. */
export function exampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return exampleOf(choice.find((option) => option.type !== "null") ?? choice[0]!);
  if (schema.allOf?.length) return exampleOf(Object.assign({}, ...schema.allOf) as JsonSchema);
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries((schema.required ?? []).map((name) => [name, exampleOf(schema.properties?.[name] ?? {})]));
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(schema.items ?? {}));
    case "string":
      return exampleString(schema);
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return null;
  }
}

function exampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case "uuid":
      return EXAMPLE_ID;
    case "date-time":
      return EXAMPLE_INSTANT;
    case "date":
      return "2026-12-05";
    case "email":
      return "ada@example.com";
    case "uri":
      return "https://example.com/";
    default:
      return "x".repeat(Math.max(1, schema.minLength ?? 7)).replace(/^x{7}$/, "example");
  }
}
