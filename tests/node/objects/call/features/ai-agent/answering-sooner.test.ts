// How the AI answers sooner without ever answering a turn that was not over: the reply is
// asked for at the caller's final segment while the quiet window runs (held, never said or
// acted on before the window ends; cancelled if they go on), a long first sentence is
// begun at a clause, and a reply that starts with a tool run says a filler while it runs.
import { describe, expect, it } from "vitest";
import { DEFAULT_AI_SETTINGS } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { actions, MachineDriver, timeline } from "./driver";
import { collectionsSetup } from "./fixtures";

const lines = DEFAULT_AI_SETTINGS.lines;
const QUIET_MS = DEFAULT_AI_SETTINGS.quietWindowMs;

function listeningCall(): MachineDriver {
  const call = new MachineDriver(collectionsSetup());
  call.send({ type: "answered" });
  call.modelSays("Hi, is this a good time?");
  call.finishSpeaking();
  return call;
}

const finalSegment = (call: MachineDriver, text: string) => call.send({ type: "caller_speech", text, isFinal: true });

describe("a reply asked for while the caller's quiet window runs", () => {
  it("is asked at the final segment with the caller's words, held while the window runs, and said the moment the turn is over", () => {
    const call = listeningCall();
    expect(actions(finalSegment(call, "Can you call me back?"))).toEqual(["ask_model"]);
    expect(call.lastAsk().messages.at(-1)).toEqual({ role: "user", content: "Can you call me back?" });
    const requestId = call.lastRequestId();
    call.advance(300);
    expect(actions(call.send({ type: "model_text", requestId, text: "No problem. What day" }))).toEqual([]);
    expect(actions(call.advance(QUIET_MS - 300 - 1))).toEqual([]);
    expect(call.state.phase).toBe("listening");
    const turnEnd = call.advance(1);
    expect(actions(turnEnd)).toEqual(["speak:No problem."]);
    expect(timeline(turnEnd)).toContainEqual({ kind: "turn_latency", ms: 0 });
    expect(actions(call.send({ type: "model_text", requestId, text: " suits you? " }))).toEqual([]);
    expect(actions(call.send({ type: "model_done", requestId }))).toEqual(["speak:What day suits you?"]);
    // The conversation holds the turn once, as if it had been asked at the turn's end.
    expect(call.state.conversation.window.slice(-2)).toEqual([
      { role: "user", content: "Can you call me back?" },
      { role: "assistant", content: "No problem. What day suits you?" },
    ]);
  });

  it("is cancelled when the caller goes on, and what it wrote is never said; the next is asked with all their words", () => {
    const call = listeningCall();
    finalSegment(call, "I can pay");
    const early = call.lastRequestId();
    call.send({ type: "model_text", requestId: early, text: "Great, I'll send you a link right now. " });
    call.advance(400);
    expect(actions(finalSegment(call, "but not this month."))).toEqual(["cancel_model", "ask_model"]);
    expect(call.lastAsk().messages.at(-1)).toEqual({ role: "user", content: "I can pay but not this month." });
    expect(call.send({ type: "model_text", requestId: early, text: "Sending it now. " })).toEqual([]);
    expect(call.send({ type: "model_done", requestId: early })).toEqual([]);
    expect(actions(call.advance(QUIET_MS))).toEqual([]);
    expect(actions(call.modelSays("I understand. When could you pay?"))).toEqual(["speak:I understand.", "speak:When could you pay?"]);
    expect(call.effects.some((e) => e.type === "speak" && e.text.includes("link"))).toBe(false);
  });

  it("runs no tool before the turn is over: a tool call it finished early is checked and run at the turn's end, with a filler line", () => {
    const call = listeningCall();
    finalSegment(call, "How much do I owe?");
    expect(actions(call.modelCalls("lookup_balance", {}))).toEqual([]);
    expect(actions(call.advance(QUIET_MS - 1))).toEqual([]);
    const turnEnd = call.advance(1);
    expect(actions(turnEnd)).toEqual(["run_tool:lookup_balance", `speak:${lines.toolFillers.lookup_balance}`]);
    expect(timeline(turnEnd)).toContainEqual({ kind: "turn_latency", ms: 0 });
  });

  it("a payment link the model asked for before the caller finished is never sent if they go on", () => {
    const call = listeningCall();
    finalSegment(call, "Yes, send me the link");
    call.modelCalls("send_payment_link", { amountCents: 15_050 });
    finalSegment(call, "no wait, actually don't.");
    call.advance(QUIET_MS);
    call.modelSays("Okay, I won't send it.");
    expect(call.effects.some((e) => e.type === "run_tool")).toBe(false);
    expect(call.state.linksSent).toBe(0);
  });

  it("a failure while the caller may still go on is acted on only once their turn is over", () => {
    const call = listeningCall();
    finalSegment(call, "Hello?");
    expect(actions(call.send({ type: "model_failed", requestId: call.lastRequestId(), error: "timeout" }))).toEqual([]);
    expect(actions(call.advance(QUIET_MS))).toEqual([`speak:${lines.apology}`, `speak:${lines.transferring}`, "reserve_human"]);
    expect(call.state.phase).toBe("human_requested");
  });

  it("a failed early request is forgotten when the caller goes on: their whole turn is asked again", () => {
    const call = listeningCall();
    finalSegment(call, "Hello?");
    call.send({ type: "model_failed", requestId: call.lastRequestId(), error: "failed" });
    expect(actions(finalSegment(call, "Is anyone there?"))).toEqual(["ask_model"]);
    expect(actions(call.advance(QUIET_MS))).toEqual([]);
    expect(call.state.phase).toBe("thinking");
  });

  it("a takeover or a hang-up during the quiet window cancels it", () => {
    const taken = listeningCall();
    finalSegment(taken, "I want to talk to someone.");
    expect(actions(taken.send({ type: "take_over", by: "supervisor-1" }))).toEqual(["cancel_model", `speak:${lines.transferring}`, "reserve_human"]);
    const gone = listeningCall();
    finalSegment(gone, "Bye.");
    expect(actions(gone.send({ type: "hangup" }))).toEqual(["cancel_model"]);
  });

  it("is not asked while the disclosures play: the turn is asked at its end, as before", () => {
    const call = new MachineDriver(collectionsSetup());
    call.send({ type: "answered" });
    expect(actions(finalSegment(call, "Who is this?"))).toEqual([]);
  });
});

describe("the first words of a reply", () => {
  it("a long first sentence is begun at a clause once it has enough words; the rest goes sentence by sentence", () => {
    const call = listeningCall();
    call.callerSays("What can I do?");
    const requestId = call.lastRequestId();
    expect(actions(call.send({ type: "model_text", requestId, text: "Sure, I can text you a secure link to pay it now," }))).toEqual([]);
    expect(actions(call.send({ type: "model_text", requestId, text: " or set up" }))).toEqual(["speak:Sure, I can text you a secure link to pay it now,"]);
    expect(actions(call.send({ type: "model_text", requestId, text: " a call back, whichever suits. Which" }))).toEqual(["speak:or set up a call back, whichever suits."]);
    expect(actions(call.send({ type: "model_done", requestId }))).toEqual(["speak:Which"]);
    expect(call.state.conversation.window.at(-1)).toEqual({ role: "assistant", content: "Sure, I can text you a secure link to pay it now, or set up a call back, whichever suits. Which" });
  });

  it("a reply whose first act is a tool run says a short filler while it runs; none when the reply already spoke, none for a disposition", () => {
    const filled = listeningCall();
    filled.callerSays("Can you call me Tuesday at 10?");
    expect(actions(filled.modelCalls("schedule_callback", { at: "2026-12-08T15:00:00Z" }))).toContain(`speak:${lines.toolFillers.schedule_callback}`);

    const spoke = listeningCall();
    spoke.callerSays("Send me the link.");
    const requestId = spoke.lastRequestId();
    spoke.send({ type: "model_text", requestId, text: "Sending it now." });
    expect(actions(spoke.modelCalls("send_payment_link", { amountCents: 15_050 }))).toEqual(["speak:Sending it now.", "run_tool:send_payment_link"]);

    const noted = listeningCall();
    noted.callerSays("Wrong number.");
    expect(actions(noted.modelCalls("set_disposition", { disposition: "wrong_number" }))).toEqual(["run_tool:set_disposition"]);
  });

  it("notes how long after the turn's end the AI began to answer", () => {
    const call = listeningCall();
    call.callerSays("Hmm.");
    call.advance(250);
    const effects = call.modelSays("I see. ");
    expect(timeline(effects)).toContainEqual({ kind: "turn_latency", ms: 250 });
    expect(timeline(call.effects).filter((e) => e.kind === "turn_latency")).toHaveLength(1);
  });
});
