// What the simulated model chooses to say: scripted rules first (in order, retiring after
// `times`), then the translation hook, then the collections persona, which calls a tool
// only when the request offers it. And the control API that steers it.
import { describe, expect, it } from "vitest";
import { Prng } from "../../../../sim/carrier/prng";
import { chooseReply, scriptRuleSchema, type InstalledRule, type ScriptRuleInput } from "../../../../sim/model/script";
import { startModelSimulator } from "../../../../sim/model/server";
import type { ChatRequest } from "../../../../sim/model/wire";
import { suggestionMessages } from "../../../../objects/call/features/intelligence/model-writer";

const install = (rules: ScriptRuleInput[]): InstalledRule[] => rules.map((rule) => ({ rule: scriptRuleSchema.parse(rule), used: 0 }));
const tool = (name: string) => ({ type: "function" as const, function: { name } });
const ALL_TOOLS = ["lookup_balance", "send_payment_link", "schedule_callback", "request_human", "set_disposition"].map(tool);
const request = (messages: ChatRequest["messages"], tools = ALL_TOOLS): ChatRequest => ({ model: "m", messages, tools });

describe("script rules", () => {
  it("the first matching rule answers, and a rule with times retires after its uses", () => {
    const rules = install([
      { id: "once", when: { lastUser: "waive" }, reply: { toolCalls: [{ name: "set_disposition", arguments: { disposition: "paid" } }] }, times: 1 },
      { id: "always", when: { lastUserPattern: "waive|forgive" }, reply: { text: "I can't do that." } },
    ]);
    const ask = request([{ role: "user", content: "Please WAIVE my debt" }]);
    expect(chooseReply(rules, ask, new Prng(1))).toMatchObject({ source: "rule:once", toolCalls: [{ name: "set_disposition", arguments: '{"disposition":"paid"}' }] });
    expect(chooseReply(rules, ask, new Prng(1))).toMatchObject({ source: "rule:always", text: "I can't do that.", toolCalls: [] });
  });

  it("a rule on the system prompt matches the system prompt, not the caller's words", () => {
    const rules = install([{ when: { system: "summarise" }, reply: { text: "Summary." } }]);
    expect(chooseReply(rules, request([{ role: "user", content: "summarise this" }]), new Prng(1)).source).toMatch(/^persona:/);
    expect(chooseReply(rules, request([{ role: "system", content: "Summarise the call." }, { role: "user", content: "…" }]), new Prng(1)).text).toBe("Summary.");
  });

  it("a rule needs a reply", () => {
    expect(scriptRuleSchema.safeParse({ when: {}, reply: {} }).success).toBe(false);
  });
});

describe("the collections persona", () => {
  it("looks the balance up, says it, then sends a link for that amount", () => {
    const prng = new Prng(1);
    const first = chooseReply([], request([{ role: "user", content: "How much do I owe?" }]), prng);
    expect(first.toolCalls).toEqual([{ name: "lookup_balance", arguments: "{}" }]);
    const withResult: ChatRequest["messages"] = [
      { role: "user", content: "How much do I owe?" },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "lookup_balance", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: '{"balanceCents":15050}' },
    ];
    expect(chooseReply([], request(withResult), prng).text).toContain("$150.50");
    const pay = chooseReply([], request([...withResult, { role: "assistant", content: "Your balance is $150.50." }, { role: "user", content: "Yes, send the link" }]), prng);
    expect(pay.toolCalls).toEqual([{ name: "send_payment_link", arguments: '{"amountCents":15050}' }]);
  });

  it("asks for a person with request_human only when that tool is offered", () => {
    const asks = [{ role: "user" as const, content: "Can I talk to a real person?" }];
    expect(chooseReply([], request(asks), new Prng(1)).toolCalls[0]?.name).toBe("request_human");
    expect(chooseReply([], request(asks, []), new Prng(1))).toMatchObject({ toolCalls: [], text: expect.stringContaining("team") });
  });
});

describe("the translation hook", () => {
  it("a system prompt asking for a translation is answered by the hook, marked with the target", () => {
    const reply = chooseReply([], request([{ role: "system", content: "Translate the caller's words into French." }, { role: "user", content: "I can pay next week." }], []), new Prng(1));
    expect(reply).toEqual({ text: "[french] I can pay next week.", toolCalls: [], source: "translation:marked" });
  });

  it("translates the Spanish and French personas' lines into English, their names and amounts as said", () => {
    const translate = (line: string) =>
      chooseReply([], request([{ role: "system", content: "Translate the agent's line into en (English)." }, { role: "user", content: line }], []), new Prng(1));
    expect(translate("Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?")).toEqual({
      text: "Yes, I know. I get paid on Friday. Can I pay next week?",
      toolCalls: [],
      source: "translation:persona",
    });
    expect(translate("Le llamo por su cuenta. El saldo vencido es $842.16.").text).toBe("I'm calling about your account. The past-due balance is $842.16.");
    expect(translate("Hola, le habla un agente de Word Is Bond, en una línea grabada. ¿Hablo con Ana Pérez?").text).toBe(
      "Hello, this is an agent from Word Is Bond, on a recorded line. Am I speaking with Ana Pérez?",
    );
    expect(translate("Ce montant-là est faux. J'ai déjà payé la moitié en février.").text).toBe("That amount is wrong. I already paid half in February.");
  });
});

describe("the summary hook", () => {
  it("summarises the transcript it is sent: what was discussed, promises with their day, disputes, the next step", () => {
    const transcript = ["customer: Ce montant-là est faux. J'ai déjà payé la moitié en février.", "agent: I can send the statement.", "customer: I'll pay $50 on Friday."].join("\n");
    const reply = chooseReply([], request([{ role: "system", content: "Summarise this phone call for the agent's record." }, { role: "user", content: transcript }], []), new Prng(1));
    expect(reply.source).toBe("summary:extractive");
    expect(reply.text).toBe(
      [
        "Discussed: Ce montant-là est faux. J'ai déjà payé la moitié en février.",
        "Promises: I'll pay $50 on Friday.",
        "Disputes: Ce montant-là est faux. J'ai déjà payé la moitié en février.",
        "Next step: I can send the statement.",
      ].join("\n"),
    );
  });
});

describe("the suggestion hook", () => {
  it("answers the engine's own suggestion prompt with a calm line for the customer's last words, not the script's, the same every time", () => {
    const ask = (customer: string) =>
      chooseReply(
        [],
        request(
          suggestionMessages({ segmentId: "s", reason: "objection", objection: "stop_calling", scriptLine: "SCRIPT LINE", lines: [{ speaker: "agent", text: "About your balance." }, { speaker: "customer", text: customer }] }) as ChatRequest["messages"],
          [],
        ),
        new Prng(1),
      );
    const stop = ask("Stop calling me, I'm done with this.");
    expect(stop).toMatchObject({ source: "suggestion:scripted", toolCalls: [] });
    expect(stop.text).toContain("noting that now");
    expect(stop.text).not.toContain("SCRIPT LINE");
    expect(ask("Stop calling me, I'm done with this.").text).toBe(stop.text);
    expect(ask("I'll get my lawyer on this.").text).toContain("lawyer's name");
    expect(ask("This is ridiculous.").text).toContain("one step at a time");
  });
});

describe("the control API", () => {
  it("installs a script, queues failures, sets timing, refuses bad bodies with 422 naming the field, and resets", async () => {
    const sim = await startModelSimulator({ port: 0, seed: 3, clock: "manual" });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${sim.origin}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect((await call("PUT", "/control/script", { rules: [{ when: { lastUser: "hi" }, reply: { text: "Hello." } }] })).status).toBe(200);
      expect(await call("POST", "/control/failures", { kind: "error", status: 503, count: 2 })).toMatchObject({ status: 201 });
      expect(await call("PUT", "/control/timing", { tokensPerSecond: 0 })).toMatchObject({ status: 422, body: { error: { code: "invalid_body", message: expect.stringContaining("tokensPerSecond") } } });
      expect(await call("PUT", "/control/timing", { timeToFirstTokenMs: 120 })).toMatchObject({ body: { timing: { timeToFirstTokenMs: 120, tokensPerSecond: 50 } } });
      const view = await call("GET", "/control");
      expect(view.body).toMatchObject({ simulator: "model", clock: "manual", seed: 3, rules: [{ used: 0 }], pendingFailures: [{ status: 503 }, { status: 503 }] });
      expect((await call("POST", "/control/reset")).body).toMatchObject({ rules: [], pendingFailures: [], timing: { timeToFirstTokenMs: 300 } });
      const health = await fetch(`${sim.origin}/health`);
      expect(await health.json()).toEqual({ ok: true, service: "model-simulator", model: "wib-sim-1" });
    } finally {
      await sim.close();
    }
  });
});
