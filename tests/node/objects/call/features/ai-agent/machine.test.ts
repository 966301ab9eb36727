// The AI agent's turn machine, transition by transition: disclosures first, turn-taking
// by final segment plus quiet window, speech sentence by sentence, barge-in, the silence
// fail-safe, model failures, tools through the policy, takeover and hand-back.
import { describe, expect, it } from "vitest";
import { capWindow } from "../../../../../../objects/call/features/ai-agent/conversation";
import { DEFAULT_AI_SETTINGS } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { actions, MachineDriver, timeline } from "./driver";
import { AUTOMATED_DISCLOSURE, collectionsSetup, DEBT_DISCLOSURE } from "./fixtures";

const lines = DEFAULT_AI_SETTINGS.lines;

/** A call answered, the disclosures and the opening line spoken: the AI listens. */
function listeningCall(setup = collectionsSetup()): MachineDriver {
  const call = new MachineDriver(setup);
  call.send({ type: "answered" });
  call.modelSays("Hi, is this a good time?");
  call.finishSpeaking();
  return call;
}

describe("the AI agent's turn machine", () => {
  it("on answer starts transcription and speaks the disclosures before anything else, then the opening", () => {
    const call = new MachineDriver(collectionsSetup());
    expect(actions(call.send({ type: "answered" }))).toEqual(["transcription_start", `speak:${AUTOMATED_DISCLOSURE}`, `speak:${DEBT_DISCLOSURE}`, "ask_model"]);
    expect(call.state.phase).toBe("greeting");
    expect(actions(call.modelSays("Hello, I'm calling about your account."))).toEqual(["speak:Hello, I'm calling about your account."]);
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
  });

  it("speaks only the automated-agent disclosure on a call that is not collections", () => {
    const call = new MachineDriver(collectionsSetup({ collections: false }));
    expect(actions(call.send({ type: "answered" }))).toEqual(["transcription_start", `speak:${AUTOMATED_DISCLOSURE}`, "ask_model"]);
  });

  it("never lets the caller cut a disclosure short: their words wait for the turn", () => {
    const call = new MachineDriver(collectionsSetup());
    call.send({ type: "answered" });
    expect(actions(call.send({ type: "caller_speech", text: "Who is this?", isFinal: true }))).toEqual([]);
    call.modelSays("Hello.");
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
    expect(actions(call.advance(DEFAULT_AI_SETTINGS.quietWindowMs))).toEqual(["ask_model"]);
    expect(call.lastAsk().messages.at(-1)).toEqual({ role: "user", content: "Who is this?" });
  });

  it("ends the caller's turn only after a final segment and the quiet window", () => {
    const call = listeningCall();
    expect(actions(call.send({ type: "caller_speech", text: "I can pay", isFinal: true }))).toEqual(["ask_model"]); // tentatively
    expect(actions(call.advance(699))).toEqual([]);
    // Still talking: the window starts again, and the reply to "I can pay" alone is cancelled.
    expect(actions(call.send({ type: "caller_speech", text: "some of it", isFinal: false }))).toEqual(["cancel_model"]);
    expect(actions(call.advance(699))).toEqual([]);
    expect(call.state.phase).toBe("listening");
    expect(actions(call.send({ type: "caller_speech", text: "next week.", isFinal: true }))).toEqual(["ask_model"]);
    expect(actions(call.advance(699))).toEqual([]);
    expect(call.state.phase).toBe("listening");
    call.advance(1);
    expect(call.state.phase).toBe("thinking");
    expect(call.lastAsk().messages.at(-1)).toEqual({ role: "user", content: "I can pay next week." });
  });

  it("speaks the first sentence as soon as it is complete, while the model is still writing", () => {
    const call = listeningCall();
    call.callerSays("How much do I owe?");
    const requestId = call.lastRequestId();
    expect(actions(call.send({ type: "model_text", requestId, text: "Your balance is $150." }))).toEqual([]);
    expect(actions(call.send({ type: "model_text", requestId, text: "50. Would you" }))).toEqual(["speak:Your balance is $150.50."]);
    expect(call.state.phase).toBe("speaking");
    expect(actions(call.send({ type: "model_text", requestId, text: " like a link?" }))).toEqual([]);
    expect(actions(call.send({ type: "model_done", requestId }))).toEqual(["speak:Would you like a link?"]);
    // Asked at the caller's final segment: the first token came a quiet window later.
    expect(timeline(call.effects)).toContainEqual({ kind: "model_latency", requestId, firstTokenMs: DEFAULT_AI_SETTINGS.quietWindowMs });
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
  });

  it("barge-in: the caller talking over the AI stops the speech and the reply, and the AI listens", () => {
    const call = listeningCall();
    call.callerSays("What is this about?");
    const requestId = call.lastRequestId();
    call.send({ type: "model_text", requestId, text: "It's about your account. It has" });
    expect(actions(call.send({ type: "caller_speech", text: "Hold on", isFinal: false }))).toEqual(["playback_stop", "cancel_model"]);
    expect(call.state.phase).toBe("listening");
    expect(timeline(call.effects)).toContainEqual({ kind: "barge_in" });
    // What the stopped reply would have said next is dropped; what was said is kept, marked.
    expect(actions(call.send({ type: "model_text", requestId, text: " a balance. " }))).toEqual([]);
    call.callerSays("Hold on, who are you?");
    expect(call.lastAsk().messages.slice(-2)).toEqual([
      { role: "assistant", content: "It's about your account. (interrupted)" },
      { role: "user", content: "Hold on, who are you?" },
    ]);
  });

  it("a caller who goes on before the reply begins keeps their turn: the request is dropped and asked again with all of it", () => {
    const call = listeningCall();
    call.callerSays("I lost my job");
    expect(actions(call.send({ type: "caller_speech", text: "so I can only pay a little.", isFinal: true }))).toEqual(["cancel_model", "ask_model"]);
    call.advance(700);
    expect(call.lastAsk().messages.at(-1)).toEqual({ role: "user", content: "I lost my job so I can only pay a little." });
  });

  it("asks 'are you still there?' after 30 s of silence and transfers to a human after the third", () => {
    const call = listeningCall();
    expect(actions(call.advance(29_999))).toEqual([]);
    expect(actions(call.advance(1))).toEqual([`speak:${lines.stillThere}`]);
    call.finishSpeaking();
    expect(actions(call.advance(30_000))).toEqual([`speak:${lines.stillThere}`]);
    call.finishSpeaking();
    expect(actions(call.advance(30_000))).toEqual([`speak:${lines.transferring}`, "reserve_human"]);
    expect(call.state.phase).toBe("human_requested");
    expect(timeline(call.effects).filter((e) => e.kind === "silence")).toHaveLength(3);
  });

  it("speech resets the silence count", () => {
    const call = listeningCall();
    call.advance(30_000);
    call.finishSpeaking();
    call.advance(30_000);
    call.finishSpeaking();
    call.callerSays("Yes, sorry.");
    call.modelSays("No problem.");
    call.finishSpeaking();
    expect(call.state.silences).toBe(0);
    expect(actions(call.advance(30_000))).toEqual([`speak:${lines.stillThere}`]);
  });

  it.each(["timeout", "failed", "not_configured"] as const)("a model that %s makes the AI apologise and transfer, never go silent", (error) => {
    const call = listeningCall();
    call.callerSays("Hello?");
    const effects = call.send({ type: "model_failed", requestId: call.lastRequestId(), error });
    expect(actions(effects)).toEqual([`speak:${lines.apology}`, `speak:${lines.transferring}`, "reserve_human"]);
    expect(timeline(effects)).toContainEqual({ kind: "model_failed", requestId: call.lastRequestId(), error });
    expect(call.state.phase).toBe("human_requested");
  });

  it("says it did not catch that when the model answers nothing", () => {
    const call = listeningCall();
    call.callerSays("mmh");
    expect(actions(call.modelSays(""))).toEqual([`speak:${lines.didNotCatch}`]);
  });

  it("runs an allowed tool, then asks the model again with its result", () => {
    const call = listeningCall();
    call.callerSays("How much do I owe?");
    const requestId = call.lastRequestId();
    const effects = call.modelCalls("lookup_balance", {});
    expect(actions(effects)).toEqual(["run_tool:lookup_balance", `speak:${lines.toolFillers.lookup_balance}`]);
    expect(timeline(effects)).toContainEqual({ kind: "tool_called", name: "lookup_balance", args: {} });
    expect(actions(call.send({ type: "tool_result", requestId, callId: `call_${requestId}`, result: '{"balanceCents":15050}' }))).toEqual(["ask_model"]);
    expect(call.lastAsk().messages.slice(-2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: `call_${requestId}`, type: "function", function: { name: "lookup_balance", arguments: "{}" } }] },
      { role: "tool", tool_call_id: `call_${requestId}`, content: '{"balanceCents":15050}' },
    ]);
    expect(actions(call.modelSays("Your balance is $150.50."))).toEqual(["speak:Your balance is $150.50."]);
  });

  it("refuses a tool call outside the policy, tells the model why, and after the turn's rounds says it cannot", () => {
    const call = listeningCall();
    call.callerSays("Send me a link for one dollar.");
    const first = call.modelCalls("send_payment_link", { amountCents: 100 });
    expect(actions(first)).toEqual(["ask_model"]);
    expect(timeline(first)).toContainEqual({ kind: "tool_refused", name: "send_payment_link", reason: "amount_below_minimum", detail: "$1.00 is below the minimum of $50.00" });
    expect(call.lastAsk().messages.at(-1)).toMatchObject({ role: "tool", content: expect.stringContaining("amount_below_minimum") });
    call.modelCalls("send_payment_link", { amountCents: 100 });
    expect(actions(call.modelCalls("send_payment_link", { amountCents: 100 }))).toEqual([`speak:${lines.cannotDoThat}`]);
    expect(call.effects.some((e) => e.type === "run_tool")).toBe(false);
    expect(call.state.linksSent).toBe(0);
  });

  it("a request_human tool call transfers the caller", () => {
    const call = listeningCall();
    call.callerSays("I want a person.");
    expect(actions(call.modelCalls("request_human", { reason: "asked" }))).toEqual([`speak:${lines.transferring}`, "reserve_human"]);
    expect(call.state.phase).toBe("human_requested");
  });

  it("takeover stops the AI mid-sentence, bridges a human; hand-back resumes the AI with the agent's notes", () => {
    const call = listeningCall();
    call.callerSays("What are my options?");
    call.send({ type: "model_text", requestId: call.lastRequestId(), text: "You can pay in full. Or" });
    expect(actions(call.send({ type: "take_over", by: "supervisor-1" }))).toEqual(["playback_stop", "cancel_model", `speak:${lines.transferring}`, "reserve_human"]);
    expect(call.state.phase).toBe("human_requested");
    expect(actions(call.send({ type: "human_reserved", agentId: "agent-7" }))).toEqual(["bridge_human"]);
    expect(call.state.phase).toBe("bridging");
    call.send({ type: "bridged" });
    expect(call.state.phase).toBe("human_active");
    expect(actions(call.send({ type: "caller_speech", text: "Thanks, that helps.", isFinal: true }))).toEqual([]);
    expect(actions(call.advance(60_000))).toEqual([]); // no silence prompts while a person talks
    expect(actions(call.send({ type: "hand_back", notes: "Agreed $75 on Friday; wants the link by text." }))).toEqual(["unbridge_human", "summarise_hand_back", `speak:${lines.resumed}`]);
    expect(call.state.phase).toBe("handing_back");
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
    call.callerSays("Okay, send it.");
    expect(call.lastAsk().messages[1]).toMatchObject({ role: "user", content: expect.stringContaining("Agreed $75 on Friday") });
  });

  it("the model's summary of the person's part joins their notes in the AI's context when it lands; a stale or failed one leaves the notes alone", () => {
    const call = listeningCall();
    call.send({ type: "take_over", by: "supervisor-1" });
    call.send({ type: "human_reserved", agentId: "agent-7" });
    call.send({ type: "bridged" });
    const [ask] = call.send({ type: "hand_back", notes: "Agreed $75 on Friday." }).filter((e) => e.type === "summarise_hand_back");
    expect(ask).toEqual({ type: "summarise_hand_back", handBackId: 1, notes: "Agreed $75 on Friday." });
    // An answer to another hand-back changes nothing.
    expect(call.send({ type: "hand_back_summary", handBackId: 7, text: "Wrong call.", error: null })).toEqual([]);
    expect(timeline(call.send({ type: "hand_back_summary", handBackId: 1, text: "Discussed: a payment plan\nPromises: $75 on Friday", error: null }))).toEqual([
      { kind: "hand_back_summary", handBackId: 1, source: "model", error: null },
    ]);
    expect(call.state.conversation.summary).toBe(
      "Notes from the human agent who took over: Agreed $75 on Friday.\nWhat was said while the human agent held the call (a summary of its transcript): Discussed: a payment plan\nPromises: $75 on Friday",
    );
    // A second answer to the same hand-back (a retried task) changes nothing either.
    expect(call.send({ type: "hand_back_summary", handBackId: 1, text: "Something else.", error: null })).toEqual([]);
    call.finishSpeaking();
    call.callerSays("Okay, send it.");
    expect(call.lastAsk().messages[1]).toMatchObject({ role: "user", content: expect.stringContaining("Promises: $75 on Friday") });
  });

  it("a model that fails the hand-back's summary leaves the notes alone, and says so", () => {
    const call = listeningCall();
    call.send({ type: "take_over", by: "supervisor-1" });
    call.send({ type: "human_reserved", agentId: "agent-7" });
    call.send({ type: "bridged" });
    call.send({ type: "hand_back", notes: "Wants a call on Monday." });
    expect(timeline(call.send({ type: "hand_back_summary", handBackId: 1, text: null, error: "timeout" }))).toEqual([
      { kind: "hand_back_summary", handBackId: 1, source: "notes_only", error: "timeout" },
    ]);
    expect(call.state.conversation.summary).toBe("Notes from the human agent who took over: Wants a call on Monday.");
    expect(call.state.handBackSummary).toBeNull();
  });

  it("while the person's leg rings the caller hears the hold line once per interval, stopped the moment they answer", () => {
    const call = listeningCall();
    call.send({ type: "take_over", by: "agent-2" });
    // The transfer line ends with nobody on yet: the hold line at once, then once per interval, never in between.
    expect(actions(call.send({ type: "speak_ended" }))).toEqual([`speak:${lines.pleaseHold}`]);
    expect(actions(call.send({ type: "human_reserved", agentId: "agent-7" }))).toEqual(["bridge_human"]);
    expect(actions(call.send({ type: "speak_ended" }))).toEqual([]);
    expect(actions(call.advance(DEFAULT_AI_SETTINGS.holdRepeatMs - 1))).toEqual([]);
    expect(actions(call.advance(1))).toEqual([`speak:${lines.pleaseHold}`]);
    // A late tick still says it once, and the next interval counts from then.
    expect(actions(call.advance(DEFAULT_AI_SETTINGS.holdRepeatMs * 2 + 500))).toEqual([`speak:${lines.pleaseHold}`, `speak:${lines.pleaseHold}`]);
    // Their leg answers while the line is said: it stops, and no more are due.
    expect(actions(call.send({ type: "human_answered" }))).toEqual(["playback_stop"]);
    expect(call.state.holdDueAtMs).toBeNull();
    expect(actions(call.advance(60_000))).toEqual([]);
    expect(actions(call.send({ type: "bridged" }))).toEqual([]);
    expect(call.state.phase).toBe("human_active");
  });

  it("a person who never comes ends the hold line; the AI says so and listens again", () => {
    const call = listeningCall();
    call.send({ type: "take_over", by: "agent-2" });
    call.finishSpeaking(); // the transfer line, then the first hold line
    call.advance(DEFAULT_AI_SETTINGS.holdRepeatMs); // the next one, still being said
    expect(actions(call.send({ type: "human_unavailable" }))).toEqual(["playback_stop", `speak:${lines.nobodyFree}`]);
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
    expect(actions(call.advance(DEFAULT_AI_SETTINGS.holdRepeatMs * 3)).filter((a) => a === `speak:${lines.pleaseHold}`)).toEqual([]);
  });

  it("when nobody is free, the AI says so and keeps the call", () => {
    const call = listeningCall();
    call.send({ type: "take_over", by: "agent-2" });
    expect(actions(call.send({ type: "human_unavailable" }))).toEqual([`speak:${lines.nobodyFree}`]);
    call.finishSpeaking();
    expect(call.state.phase).toBe("listening");
  });

  it("a hang-up ends the machine and cancels the model; nothing after it acts", () => {
    const call = listeningCall();
    call.callerSays("Bye.");
    const requestId = call.lastRequestId();
    expect(actions(call.send({ type: "hangup" }))).toEqual(["cancel_model"]);
    expect(call.state.phase).toBe("ended");
    expect(call.send({ type: "model_text", requestId, text: "Goodbye. " })).toEqual([]);
    expect(call.advance(120_000)).toEqual([]);
  });

  it("ignores output of a request it no longer waits for", () => {
    const call = listeningCall();
    call.callerSays("One");
    const stale = call.lastRequestId();
    call.send({ type: "caller_speech", text: "two", isFinal: true });
    expect(call.send({ type: "model_text", requestId: stale, text: "Stale. Reply. " })).toEqual([]);
  });
});

describe("the conversation window", () => {
  it("keeps the last 20 caller turns whole and folds the older ones into the summary", () => {
    const call = listeningCall();
    for (let turn = 1; turn <= 25; turn++) {
      call.callerSays(`Caller turn ${turn}.`);
      call.modelSays(`Reply ${turn}.`);
      call.finishSpeaking();
    }
    call.callerSays("Caller turn 26.");
    const messages = call.lastAsk().messages;
    expect(messages[0]!.role).toBe("system");
    const users = messages.filter((m) => m.role === "user" && typeof m.content === "string" && m.content.startsWith("Caller turn"));
    expect(users).toHaveLength(20);
    expect(users[0]!.content).toBe("Caller turn 7.");
    expect(messages[1]).toMatchObject({ role: "user", content: expect.stringContaining('Caller: "Caller turn 1."') });
    expect(messages[1]!.content).toContain("You: Reply 6.");
    expect(messages[1]!.content).not.toContain("Caller turn 7.");
  });

  it("never starts the window on a tool result without its call", () => {
    const window = [
      { role: "user" as const, content: "a" },
      { role: "assistant" as const, content: null, tool_calls: [{ id: "c", type: "function" as const, function: { name: "lookup_balance", arguments: "{}" } }] },
      { role: "tool" as const, tool_call_id: "c", content: "{}" },
      { role: "assistant" as const, content: "Done." },
      { role: "user" as const, content: "b" },
    ];
    const capped = capWindow({ window, summary: null }, 1);
    expect(capped.window).toEqual([{ role: "user", content: "b" }]);
    expect(capped.summary).toBe('Caller: "a"\nYou used lookup_balance.\nYou: Done.');
  });
});
