// The engine's model client against the model simulator (manual clock): streamed text
// and tool calls for the voice agent, whole answers for summaries and translation, and
// every failure coming out as one of three named errors, never a hang.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createModelClient,
  modelConfigFrom,
  ModelFailedError,
  ModelNotConfiguredError,
  ModelTimeoutError,
  type ModelClient,
  type ModelStreamEvent,
} from "../../../../objects/shared/model";
import { startModelSimulator, type ModelSimulator } from "../../../../sim/model/server";

let sim: ModelSimulator;
let client: ModelClient;

beforeEach(async () => {
  sim = await startModelSimulator({ port: 0, seed: 11, clock: "manual" });
  client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "sim-key", LLM_MODE: "simulator" }));
});
afterEach(async () => {
  vi.useRealTimers();
  await sim.close();
});

async function collect(events: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const out: ModelStreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** The error a promise ends with (caught at once, so its rejection is never unhandled). */
const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => new Error("expected a failure"), (error: unknown) => error);

const TOOLS = [{ name: "lookup_balance", description: "The balance", parameters: { type: "object", properties: {} } }];

describe("the model client", () => {
  it("reads its configuration from the environment, and says when there is none", async () => {
    expect(client.config).toEqual({ baseUrl: sim.baseUrl, model: "wib-sim-1", apiKey: "sim-key", simulated: true });
    expect(modelConfigFrom({ OPENAI_BASE_URL: "", OPENAI_MODEL: "x" })).toBeNull();
    const none = createModelClient(null);
    await expect(none.complete([{ role: "user", content: "hi" }])).rejects.toBeInstanceOf(ModelNotConfiguredError);
    await expect(collect(none.streamChat([{ role: "user", content: "hi" }]))).rejects.toThrow(/OPENAI_BASE_URL and OPENAI_MODEL/);
  });

  it("streams text as it arrives, then done", async () => {
    sim.setScript([{ when: { lastUser: "hello" }, reply: { text: "Hi. Your balance is $150.50." } }]);
    const events = collect(client.streamChat([{ role: "user", content: "hello" }]));
    await sim.waitForRequests(1);
    await sim.advance(5_000);
    const got = await events;
    expect(got.filter((e) => e.kind === "text").map((e) => (e.kind === "text" ? e.text : "")).join("")).toBe("Hi. Your balance is $150.50.");
    expect(got.at(-1)).toEqual({ kind: "done", finishReason: "stop" });
  });

  it("offers the tools and hands back a streamed tool call whole", async () => {
    const events = collect(client.streamChat([{ role: "user", content: "How much do I owe?" }], { tools: TOOLS }));
    await sim.waitForRequests(1);
    await sim.advance(5_000);
    const got = await events;
    expect(got).toEqual([
      { kind: "tool_call", call: { id: expect.stringMatching(/^call_/), name: "lookup_balance", arguments: "{}" } },
      { kind: "done", finishReason: "tool_calls" },
    ]);
    expect(sim.requests()[0]!.tools).toEqual(["lookup_balance"]);
  });

  it("completes a whole answer for a second caller (a summary)", async () => {
    sim.setScript([{ when: { system: "summarise" }, reply: { text: "Caller will pay Friday." } }]);
    const answer = client.complete([
      { role: "system", content: "Summarise this call." },
      { role: "user", content: "…" },
    ]);
    await sim.waitForRequests(1);
    await sim.advance(5_000);
    expect(await answer).toEqual({ text: "Caller will pay Friday.", toolCalls: [], finishReason: "stop" });
  });

  it("an endpoint error is a ModelFailedError with its status", async () => {
    sim.failNext({ kind: "error", status: 500, message: "boom" });
    await expect(client.complete([{ role: "user", content: "hi" }])).rejects.toMatchObject({ name: "ModelFailedError", status: 500 });
  });

  it("a stream cut mid-reply is a ModelFailedError, not a short reply", async () => {
    sim.failNext({ kind: "cut", afterTokens: 2 });
    const failure = failureOf(collect(client.streamChat([{ role: "user", content: "hello there" }])));
    await sim.waitForRequests(1);
    await sim.advance(5_000);
    expect(await failure).toBeInstanceOf(ModelFailedError);
  });

  it("no first token within the deadline is a ModelTimeoutError", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    sim.failNext({ kind: "stall" });
    const failure = failureOf(collect(client.streamChat([{ role: "user", content: "hello" }])));
    await sim.waitForRequests(1);
    let failed = false;
    void failure.then(() => (failed = true));
    await vi.advanceTimersByTimeAsync(7_999);
    expect(failed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await failure).toEqual(new ModelTimeoutError(8_000, "first_token"));
  });
});
