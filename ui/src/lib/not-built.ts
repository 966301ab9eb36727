// The product's capabilities that are not built yet, each in one plain sentence, so the
// console can say so where a user would look for them (PRODUCT.md lists them all; the
// repository README's "what does not work yet" is the same list). One place: a capability
// that ships is deleted here, and every page stops mentioning it.

export type UnbuiltCapability =
  | "ivrPayments"
  | "aiAgent"
  | "liveIntelligence"
  | "inboundQueues"
  | "reports";

export const unbuiltCapabilities: Record<UnbuiltCapability, { title: string; sentence: string }> = {
  ivrPayments: {
    title: "Payment status in the campaign room",
    sentence: "Customers pay through the IVR, a texted link or a payment-reminder campaign (Payments lists them, IVR settings sets the menu); the campaign room does not show each call's IVR step and payment status yet.",
  },
  aiAgent: {
    title: "AI voice agent",
    sentence: "A number can route its callers to the AI agent (its settings are Administration → AI agent), and taking a call over or handing it back works over the API; the live call card's AI state and Take over / Hand back buttons, and campaign calls to the AI, are not built yet.",
  },
  liveIntelligence: {
    title: "Suggested lines and model sentiment",
    sentence: "Calls show the customer's language, sentiment and objections, each line's translation and a summary when they end (with a model); alerts reach the campaign room as they are raised; suggested lines and model sentiment are not built yet.",
  },
  inboundQueues: {
    title: "Inbound queues",
    sentence: "Queues (hours, members and skills, closed and overflow actions) are set up over the API (/api/queues) and a number can route to one; callers wait in an open queue (position and expected wait said, answered in order by the longest-idle skilled agent, hang-ups counted as queue abandons) and a closed one gives its closed action (a message, voicemail, the IVR or another queue); a console view of the queues, their live numbers and the callback option are not built yet.",
  },
  reports: {
    title: "Editors for teams, QA forms and scorecard weights",
    sentence: "Your dashboard, KPIs, reports (ask for one in plain words when a model is set up), the QA queue and scorecards are under Analytics; editing teams, evaluation forms and scorecard weights here is not built yet (they are set over the API).",
  },
};
