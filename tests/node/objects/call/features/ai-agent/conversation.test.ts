// A three-turn AI conversation from carrier events to carrier commands, with the model
// simulator's collections persona as the model: the exact sequence of speak,
// playback_stop and transcription_start the carrier would be sent, and the tools run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiInputOf, carrierCommandsOf } from "../../../../../../objects/call/features/ai-agent/carrier-link";
import type { AiEffect } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { DEFAULT_AI_SETTINGS } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { modelFailureOf } from "../../../../../../objects/call/features/ai-agent/model-link";
import { ModelFailedError, ModelNotConfiguredError, ModelTimeoutError } from "../../../../../../objects/shared/model";
import { startModelSimulator, type ModelSimulator } from "../../../../../../sim/model/server";
import { event, hangup, said } from "../../events";
import { MachineDriver } from "./driver";
import { AUTOMATED_DISCLOSURE, collectionsSetup, DEBT_DISCLOSURE } from "./fixtures";
import { ModelHarness } from "./model-harness";

let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({ port: 0, seed: 9, clock: "manual" });
});
afterAll(() => sim.close());

/** A carrier event, through the link, into the machine (at the driver's clock). */
function deliver(call: MachineDriver, carrierEvent: Parameters<typeof aiInputOf>[0]): AiEffect[] {
  const input = aiInputOf(carrierEvent);
  // The driver's clock stands in for the event's time (the quiet window is driven by it).
  return input ? call.send(input) : [];
}

describe("a three-turn AI conversation", () => {
  it("issues the exact carrier command sequence: disclosures, streamed sentences, a barge-in stop", async () => {
    const call = new MachineDriver(collectionsSetup());
    const harness = new ModelHarness(sim, { endSpeechAtOnce: false, toolResult: (tool) => (tool.name === "lookup_balance" ? JSON.stringify({ balanceCents: 15_050 }) : JSON.stringify({ ok: true })) });
    const commands = async (effects: AiEffect[]) => carrierCommandsOf(await harness.run(call, effects));
    const speechEnds = async () => {
      const out = [];
      while (call.state.speeches.length > 0) out.push(...(await commands(deliver(call, event("call.speak.ended", 0)))));
      return out;
    };
    const callerSays = async (text: string) => {
      const out = await commands(deliver(call, said(0, text)));
      return [...out, ...(await commands(call.advance(DEFAULT_AI_SETTINGS.quietWindowMs)))];
    };

    // Answer: transcription, the two disclosures, then the persona's opening, sentence by sentence.
    expect(await commands(deliver(call, event("call.answered", 0)))).toEqual([
      { action: "transcription_start", tracks: "inbound" },
      { action: "speak", text: AUTOMATED_DISCLOSURE },
      { action: "speak", text: DEBT_DISCLOSURE },
      { action: "speak", text: "Hello, I'm calling about your account with us." },
      { action: "speak", text: "Is now a good time to talk for a minute?" },
    ]);
    expect(await speechEnds()).toEqual([]);
    expect(call.state.phase).toBe("listening");

    // Turn 1: the balance, looked up through the tool (a filler line while it runs), said back.
    expect(await callerSays("Yes. How much do I owe?")).toEqual([
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.toolFillers.lookup_balance },
      { action: "speak", text: "Your current balance is $150.50." },
      { action: "speak", text: "I can text you a secure link to pay it now, or set up a time to call you back." },
      { action: "speak", text: "What works best for you?" },
    ]);
    await speechEnds();

    // Turn 2: the link for the balance; the caller talks over the second sentence.
    expect(await callerSays("Send me the link, please.")).toEqual([
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.toolFillers.send_payment_link },
      { action: "speak", text: "Done: the secure payment link is on its way to your phone." },
      { action: "speak", text: "Is there anything else I can help you with?" },
    ]);
    await commands(deliver(call, event("call.speak.ended", 0))); // the filler was heard
    await commands(deliver(call, event("call.speak.ended", 0))); // the first sentence was heard
    // Turn 3: a barge-in stops the speech; the caller asks for a person.
    expect(await callerSays("No, that's all. Actually, can I talk to a real person?")).toEqual([
      { action: "playback_stop" },
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.transferring },
    ]);

    expect(harness.ran.map((tool) => [tool.name, tool.args])).toEqual([
      ["lookup_balance", {}],
      ["send_payment_link", { amountCents: 15_050 }],
    ]);
    expect(call.state.phase).toBe("human_requested");
    expect(call.effects.filter((e) => e.type === "reserve_human")).toEqual([{ type: "reserve_human", reason: "the AI asked for a human", generation: 1 }]);
  });

  it.each([
    ["answers 503", { kind: "error", status: 503 } as const],
    ["drops the stream mid-reply", { kind: "cut", afterTokens: 3 } as const],
  ])("a model that %s through the real client makes the AI apologise and transfer, never go silent", async (_what, failure) => {
    const call = new MachineDriver(collectionsSetup());
    const harness = new ModelHarness(sim, { endSpeechAtOnce: true });
    await harness.run(call, deliver(call, event("call.answered", 0)));
    sim.failNext(failure);
    const effects = await harness.run(call, [...deliver(call, said(0, "Hello? Who is this?")), ...call.advance(DEFAULT_AI_SETTINGS.quietWindowMs)]);
    // The apology, the transfer line, and (that line over, nobody on yet) the hold line.
    expect(carrierCommandsOf(effects).slice(-3)).toEqual([
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.apology },
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.transferring },
      { action: "speak", text: DEFAULT_AI_SETTINGS.lines.pleaseHold },
    ]);
    expect(effects).toContainEqual({ type: "timeline", entry: { kind: "model_failed", requestId: 2, error: "failed" } });
    expect(call.state.phase).toBe("human_requested");
  });

  it("names each model failure for the machine", () => {
    expect(modelFailureOf(new ModelTimeoutError(8_000, "first_token"))).toBe("timeout");
    expect(modelFailureOf(new ModelNotConfiguredError())).toBe("not_configured");
    expect(modelFailureOf(new ModelFailedError("boom", 500))).toBe("failed");
  });

  it("acts only on the customer's own voice: not our speech read back, not the agent's leg", () => {
    const call = new MachineDriver(collectionsSetup());
    expect(aiInputOf(said(1, "This is an automated agent", "outbound"))).toBeNull();
    expect(aiInputOf(event("call.answered", 1, "agent"))).toBeNull();
    expect(aiInputOf(event("call.speak.started", 1))).toBeNull();
    expect(aiInputOf(said(2, "Hello?"))).toMatchObject({ type: "caller_speech", text: "Hello?", isFinal: true });
    expect(deliver(call, hangup(3, "normal_clearing"))).toEqual([{ type: "timeline", entry: { kind: "phase", from: "idle", to: "ended" } }]);
  });
});
