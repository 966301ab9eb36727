// The report-question hook: a system prompt asking to turn a question into a report
// definition (domain/report-question.ts) is answered here for a few questions, always the
// same way: a `propose_report` tool call with the definition, "this week" and "this month"
// read from the prompt's "Today is …". Scripted, never a real model. Two answers are wrong
// on purpose, as a model can be: "by hour" names a field the builder does not have, and a
// question about SQL proposes SQL; the engine must refuse both. Anything else is answered
// in words, with no proposal.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

/** The words of the engine's prompt this hook answers (domain/report-question.ts REPORT_QUESTION_MARKER; a test keeps them equal). */
export const REPORT_QUESTION_MARKER = "You turn a question about a call centre's records into a report definition";
export const REPORT_TOOL_NAME = "propose_report";

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday of the week of `today` (YYYY-MM-DD). */
function mondayOf(today: string): string {
  const ms = Date.parse(`${today}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return dateOf(ms - weekday * DAY_MS);
}

/** "this week" / "this month" / "today" as a filter on the dataset's day field. */
function periodFilter(question: string, today: string | null): Record<string, unknown>[] {
  if (!today) return [];
  if (/\bthis week\b/i.test(question)) return [{ field: "day", op: "gte", value: mondayOf(today) }];
  if (/\bthis month\b/i.test(question)) return [{ field: "day", op: "gte", value: `${today.slice(0, 8)}01` }];
  if (/\btoday\b/i.test(question)) return [{ field: "day", op: "eq", value: today }];
  return [];
}

const campaignFilter = (question: string) => {
  const named = /\bfor (?:the )?campaign\s+["“]?([^"”?]+?)["”]?\s*\??$/i.exec(question.trim());
  return named ? [{ field: "campaignName", op: "contains", value: named[1]!.trim() }] : [];
};

const GROUPABLE_CALL_FIELDS: Record<string, string> = { outcome: "outcome", disposition: "disposition", agent: "agentName", campaign: "campaignName", team: "teamName", direction: "direction", day: "day" };

function proposal(question: string, today: string | null): Record<string, unknown> | null {
  const q = question.toLowerCase();
  if (/\bsql\b/.test(q)) return { dataset: "calls", sql: "select * from calls" };
  if (/promises? to pay/.test(q) && /by agent/.test(q)) {
    return {
      dataset: "dispositions",
      filters: [{ field: "disposition", op: "eq", value: "promise_to_pay" }, ...periodFilter(question, today)],
      groupBy: ["agentName"],
      measures: [{ fn: "count" }, { fn: "sum", field: "promiseAmountCents" }],
      sort: [{ by: "sum_promiseAmountCents", direction: "desc" }],
    };
  }
  if (/abandon/.test(q) && /by hour/.test(q)) return { dataset: "calls", filters: campaignFilter(question), groupBy: ["hour", "abandoned"], measures: [{ fn: "count" }] };
  if (/abandon/.test(q)) {
    return {
      dataset: "calls",
      filters: [{ field: "liveAnswered", op: "eq", value: true }, ...campaignFilter(question), ...periodFilter(question, today)],
      groupBy: ["day", "abandoned"],
      measures: [{ fn: "count" }],
      sort: [{ by: "day", direction: "asc" }],
    };
  }
  if (/talk time by agent/.test(q)) {
    return { dataset: "calls", filters: [{ field: "connected", op: "eq", value: true }, ...periodFilter(question, today)], groupBy: ["agentName"], measures: [{ fn: "sum", field: "talkSeconds" }, { fn: "avg", field: "talkSeconds" }], sort: [{ by: "sum_talkSeconds", direction: "desc" }] };
  }
  if (/skips? by reason/.test(q)) return { dataset: "complianceSkips", filters: periodFilter(question, today), groupBy: ["reason"], measures: [{ fn: "count" }], sort: [{ by: "count", direction: "desc" }] };
  const byField = /\bcalls by (outcome|disposition|agent|campaign|team|direction|day)\b/.exec(q);
  if (byField) {
    const field = GROUPABLE_CALL_FIELDS[byField[1]!]!;
    return { dataset: "calls", filters: periodFilter(question, today), groupBy: [field], measures: [{ fn: "count" }], sort: [{ by: "count", direction: "desc" }] };
  }
  return null;
}

export function reportQuestionReply(conversation: Conversation): ScriptedReply | null {
  if (!conversation.system.includes(REPORT_QUESTION_MARKER)) return null;
  const today = /Today is (\d{4}-\d{2}-\d{2})/.exec(conversation.system)?.[1] ?? null;
  const definition = proposal(conversation.lastUser, today);
  if (!definition) {
    return { text: "I can only propose reports on calls, dispositions, agents, campaigns and compliance skips, and this question names none of their fields.", toolCalls: [], source: "report-question:none" };
  }
  return { text: null, toolCalls: [{ name: REPORT_TOOL_NAME, arguments: JSON.stringify(definition) }], source: "report-question:proposal" };
}
