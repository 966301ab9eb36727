// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "ivrPayments"
  | "aiAgent"
  | "liveIntelligence"
  | "inboundQueues"
  | "reports"
  | "retention";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  ivrPayments: {
    title: "Payment-reminder campaigns",
    sentence: "Customers pay through the IVR or a texted link (Payments lists them, IVR settings sets the menu), but agentless payment-reminder campaigns are not built yet.",
  },
  aiAgent: {
    title: "AI voice agent",
    sentence: "Every call is handled by a person or the IVR; no AI agent answers, talks to customers or hands over to you yet.",
  },
  liveIntelligence: {
    title: "Suggested lines and model sentiment",
    sentence: "Calls show the customer's language, sentiment and objections, each line's translation and a summary when they end (with a model); suggested lines, model sentiment and alerts in the campaign room are not built yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are set up over the API (/api/queues) and a number can route to one; callers do not wait in a queue yet: an open queue gives them its overflow action, a closed one its closed action.",
  },
  reports: {
    title: "Dashboards and questions in plain words",
    sentence: "KPIs, reports, the QA queue and scorecards are under Analytics; role home dashboards with charts, asking for a report in plain words, and editing teams, evaluation forms and scorecard weights here (they are set over the API) are not built yet.",
  },
  retention: {
    title: "Retention and privacy",
    sentence: "Recordings, transcripts and call records are kept until deleted: there are no retention periods, legal holds, or data export and erasure on request yet.",
  },
};
