// "Ask in plain words" below the route: what the model is sent (the allow-list, today, the
// question; no rows, no SQL asked for), how its answer is read (only a proposal the
// builder's schema accepts), the model simulator's scripted answers through the real
// `openai` SDK, and the answer without a model.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORT_QUESTION_MARKER, REPORT_TOOL_NAME, readProposedReport, reportQuestionPrompt } from "../../../../domain/report-question";
import { createModelClient, modelConfigFrom, type ModelClient } from "../../../../objects/shared/model";
import { startModelSimulator, type ModelSimulator } from "../../../../sim/model/server";
import { REPORT_QUESTION_MARKER as SIM_MARKER, REPORT_TOOL_NAME as SIM_TOOL } from "../../../../sim/model/report-question";
import { proposeReportFor } from "../../../../worker/reports/ask";

const proposal = (args: unknown) => ({ text: "", toolCalls: [{ name: REPORT_TOOL_NAME, arguments: typeof args === "string" ? args : JSON.stringify(args) }] });

describe("reading the model's answer", () => {
  it("takes a definition the builder accepts, with the builder's defaults", () => {
    expect(readProposedReport(proposal({ dataset: "calls", groupBy: ["outcome"], measures: [{ fn: "count" }] }))).toEqual({
      ok: true,
      definition: { dataset: "calls", filters: [], groupBy: ["outcome"], measures: [{ fn: "count" }], sort: [] },
    });
  });

  it.each([
    [{ dataset: "calls", groupBy: ["region"] }, /definition\.groupBy\.0: unknown field "region" in calls/],
    [{ dataset: "calls", filters: [{ field: "talkSeconds", op: "contains", value: "1" }] }, /definition\.filters\.0\.op: unknown operator "contains" for talkSeconds/],
    [{ dataset: "calls", sql: "delete from calls" }, /definition: Unrecognized key: "sql"/],
    [{ dataset: "payroll" }, /definition\.dataset/],
    ["{not json", /not JSON/],
  ])("refuses %j, saying why", (args, reason) => {
    const read = readProposedReport(proposal(args));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(reason);
  });

  it("refuses an answer in words, quoting it", () => {
    expect(readProposedReport({ text: "I cannot help with that.", toolCalls: [] })).toEqual({ ok: false, reason: 'The model did not propose a report; it said: "I cannot help with that."', issues: [] });
  });

  it("sends the allow-list and today, and asks for no SQL", () => {
    const prompt = reportQuestionPrompt({ today: "2026-12-06", timeZone: "America/Chicago" });
    expect(prompt).toContain("Today is 2026-12-06 in the organisation's time zone (America/Chicago)");
    expect(prompt).toContain("promiseAmountCents (number: Promised amount (cents))");
    expect(prompt).toContain("never write SQL");
    // The simulator recognises the engine's prompt by these words.
    expect([SIM_MARKER, SIM_TOOL]).toEqual([REPORT_QUESTION_MARKER, REPORT_TOOL_NAME]);
  });
});

describe("asking the model", () => {
  let sim: ModelSimulator;
  let client: ModelClient;
  beforeEach(async () => {
    sim = await startModelSimulator({ port: 0, seed: 3, clock: "manual" });
    client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "sim-key", LLM_MODE: "simulator" }));
  });
  afterEach(() => sim.close());

  const askSim = async (question: string, today = "2026-12-06") => {
    const pending = proposeReportFor(client, question, { today, timeZone: "UTC" });
    await sim.waitForRequests(1);
    await sim.advance(60_000);
    return pending;
  };

  it("gets the simulator's proposal for a question it knows, the period read from today", async () => {
    // 6 December 2026 is a Sunday: this month starts on the 1st.
    expect(await askSim("talk time by agent this month")).toEqual({
      ok: true,
      definition: {
        dataset: "calls",
        filters: [
          { field: "connected", op: "eq", value: true },
          { field: "day", op: "gte", value: "2026-12-01" },
        ],
        groupBy: ["agentName"],
        measures: [{ fn: "sum", field: "talkSeconds" }, { fn: "avg", field: "talkSeconds" }],
        sort: [{ by: "sum_talkSeconds", direction: "desc" }],
      },
    });
    const [request] = sim.requests();
    // The model was offered the one tool, and sent the question, no rows.
    expect(request!.tools).toEqual([REPORT_TOOL_NAME]);
    expect(request!.messages.map((m) => (m as { role: string }).role)).toEqual(["system", "user"]);
  });

  it("says a model is needed when none is configured", async () => {
    const outcome = await proposeReportFor(createModelClient(null), "calls by outcome", { today: "2026-12-06", timeZone: "UTC" });
    expect(outcome).toEqual({ ok: false, unavailable: expect.stringMatching(/^Asking in plain words needs a model\. No model is configured: set OPENAI_BASE_URL and OPENAI_MODEL/) });
  });
});
