// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "ivrPayments"
  | "aiAgent"
  | "liveIntelligence"
  | "callMonitoring"
  | "inboundQueues"
  | "reports"
  | "outboundWebhooks";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  ivrPayments: {
    title: "IVR payments",
    sentence: "Payments run through the API (the IVR's pay menu, payment links by text, the Stripe ledger); the payments list, refunds, the IVR settings page and the \"send payment link\" button are not built here yet.",
  },
  aiAgent: {
    title: "AI voice agent",
    sentence: "Every call is handled by a person or the IVR; no AI agent answers, talks to customers or hands over to you yet.",
  },
  liveIntelligence: {
    title: "Suggested lines and model sentiment",
    sentence: "Calls show the customer's language, sentiment and objections, each line's translation and a summary when they end (with a model); suggested lines, model sentiment and alerts in the campaign room are not built yet.",
  },
  callMonitoring: {
    title: "Listen, whisper and barge",
    sentence: "Supervisors can listen, whisper and barge through the API (POST /api/calls/:id/supervision); the buttons here and a browser softphone are not built yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "An inbound call rings the number's chosen agent, plays its message or goes to the IVR; there are no queues or hold yet.",
  },
  reports: {
    title: "Reports and analytics",
    sentence: "KPIs and the report builder work through the API (GET /api/analytics/kpis, /api/reports with CSV export); their pages, scorecards and QA are not built here yet.",
  },
  outboundWebhooks: {
    title: "Outbound webhooks",
    sentence: "Managing webhook endpoints here is not built yet; subscribe your systems to events over the API (POST /api/webhook-endpoints, described at /api/openapi.json).",
  },
};
