// The model simulator through the real `openai` SDK, on the manual clock: the SDK must
// not notice it is not talking to OpenAI (streamed text, streamed tool calls, whole
// answers, errors), and time to first token and tokens per second are what was set.
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startModelSimulator, type ModelSimulator } from "../../../../sim/model/server";

let sim: ModelSimulator;
let client: OpenAI;

beforeEach(async () => {
  sim = await startModelSimulator({ port: 0, seed: 7, clock: "manual", timing: { timeToFirstTokenMs: 300, tokensPerSecond: 50 } });
  client = new OpenAI({ baseURL: sim.baseUrl, apiKey: "sim-key", maxRetries: 0 });
});
afterEach(() => sim.close());

const BALANCE_TOOL = {
  type: "function" as const,
  function: { name: "lookup_balance", description: "The caller's balance", parameters: { type: "object", properties: {} } },
};

describe("the model simulator, to the openai SDK", () => {
  it("lists its model, labelled as the simulator's", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models).toEqual([{ id: "wib-sim-1", object: "model", created: 1_700_000_000, owned_by: "word-is-bond-simulator" }]);
  });

  it("streams a scripted reply token by token: nothing before the first token's time, then 50 tokens a second", async () => {
    sim.setScript([{ when: { lastUser: "hello" }, reply: { text: "Hi there, this is Sam. How are you today?" } }]);
    const stream = await client.chat.completions.create({ model: "wib-sim-1", stream: true, messages: [{ role: "user", content: "Hello?" }] });
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.content;
        if (delta) received.push(delta);
      }
    })();
    await sim.advance(299);
    expect(received).toEqual([]);
    await sim.advance(1);
    await until(() => received.length === 1);
    expect(received).toEqual(["Hi"]);
    await sim.advance(20); // 50 tokens/s: one token per 20 ms
    await until(() => received.length === 2);
    expect(received).toEqual(["Hi", " there"]);
    await sim.advance(10_000);
    await reading;
    expect(received.join("")).toBe("Hi there, this is Sam. How are you today?");
  });

  it("streams tool calls as OpenAI does (id and name first, arguments in pieces) and the SDK's helper assembles them", async () => {
    sim.setScript([{ when: { lastUser: "how much" }, reply: { toolCalls: [{ name: "send_payment_link", arguments: { amountCents: 15050, channel: "sms" } }] } }]);
    const runner = client.chat.completions.stream({
      model: "wib-sim-1",
      messages: [{ role: "user", content: "How much do I owe?" }],
      tools: [BALANCE_TOOL],
    });
    await sim.waitForRequests(1);
    await sim.advance(10_000);
    const completion = await runner.finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    expect(call.id).toMatch(/^call_/);
    if (call.type !== "function") throw new Error("not a function call");
    expect(call.function.name).toBe("send_payment_link");
    expect(JSON.parse(call.function.arguments)).toEqual({ amountCents: 15050, channel: "sms" });
  });

  it("answers without streaming once the last token is due, with usage", async () => {
    sim.setScript([{ when: { system: "summarise" }, reply: { text: "The caller agreed to pay on Friday." } }]);
    const answer = client.chat.completions.create({
      model: "wib-sim-1",
      messages: [
        { role: "system", content: "Summarise the call in one sentence." },
        { role: "user", content: "Transcript: …" },
      ],
    });
    let settled = false;
    void answer.then(() => (settled = true));
    await sim.waitForRequests(1);
    await sim.advance(300);
    expect(settled).toBe(false);
    await sim.advance(1_000);
    const completion = await answer;
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]!.message).toMatchObject({ role: "assistant", content: "The caller agreed to pay on Friday." });
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(completion.usage!.completion_tokens).toBe(7); // "The", " caller", … " Friday."
  });

  it("fails the next request as told, with OpenAI's error shape, then answers again", async () => {
    sim.failNext({ kind: "error", status: 503, message: "Rehearsed outage" });
    const failed = client.chat.completions.create({ model: "wib-sim-1", messages: [{ role: "user", content: "Hello?" }] });
    await expect(failed).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(failed).rejects.toMatchObject({ status: 503, error: { message: "Rehearsed outage", type: "server_error" } });

    const next = client.chat.completions.create({ model: "wib-sim-1", messages: [{ role: "user", content: "Hello?" }] });
    await sim.waitForRequests(2);
    await sim.advance(10_000);
    expect((await next).choices[0]!.message.content).toMatch(/\w/);
  });

  it("a stalled request ends only when the caller gives up", async () => {
    sim.failNext({ kind: "stall" });
    const controller = new AbortController();
    const stalled = client.chat.completions.create({ model: "wib-sim-1", messages: [{ role: "user", content: "Hello?" }] }, { signal: controller.signal });
    await sim.waitForRequests(1);
    await sim.advance(600_000);
    controller.abort();
    await expect(stalled).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it("a stream cut mid-reply is an error to the SDK, not a short reply", async () => {
    sim.failNext({ kind: "cut", afterTokens: 2 });
    const stream = await client.chat.completions.create({ model: "wib-sim-1", stream: true, messages: [{ role: "user", content: "what is my balance" }] });
    const reading = (async () => {
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      return text;
    })();
    await sim.advance(10_000);
    await expect(reading).rejects.toThrow();
  });

  it("answers bad input with 400 naming the parameter", async () => {
    const bad = client.chat.completions.create({ model: "wib-sim-1", messages: [] });
    await expect(bad).rejects.toMatchObject({ status: 400, error: { param: "messages", type: "invalid_request_error" } });
  });

  it("the same seed gives the same reply to the same conversation", async () => {
    const replyTo = async (server: ModelSimulator) => {
      const c = new OpenAI({ baseURL: server.baseUrl, apiKey: "k", maxRetries: 0 });
      const answer = c.chat.completions.create({ model: "m", messages: [{ role: "user", content: "I'm not sure about any of this." }] });
      await server.waitForRequests(1);
      await server.advance(60_000);
      const completion = await answer;
      return { id: completion.id, text: completion.choices[0]!.message.content };
    };
    const other = await startModelSimulator({ port: 0, seed: 7, clock: "manual" });
    try {
      expect(await replyTo(sim)).toEqual(await replyTo(other));
    } finally {
      await other.close();
    }
  });
});

/** Lets the SDK read what the server already wrote (socket reads are not on the simulator's clock). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
