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
    sentence: "Customers cannot pay during a call yet: there is no payment menu and no Stripe payment link by text.",
  },
  aiAgent: {
    title: "AI voice agent",
    sentence: "Every call is handled by a person; no AI agent answers, talks to customers or hands over to you yet.",
  },
  liveIntelligence: {
    title: "Live translation and call summaries",
    sentence: "Calls show the customer's language, sentiment and objections, but nothing is translated, summarised or suggested yet: those need a model.",
  },
  callMonitoring: {
    title: "Listen, whisper and barge",
    sentence: "Supervisors see live calls but cannot listen in, coach the agent or join the call yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "An inbound call rings the number's chosen agent or plays its message; there are no queues, hold or callbacks yet.",
  },
  reports: {
    title: "Reports and analytics",
    sentence: "Beyond each campaign's live room and compliance report there are no KPIs, scorecards or report builder yet.",
  },
  outboundWebhooks: {
    title: "Outbound webhooks",
    sentence: "Managing webhook endpoints here is not built yet; subscribe your systems to events over the API (POST /api/webhook-endpoints, described at /api/openapi.json).",
  },
};
