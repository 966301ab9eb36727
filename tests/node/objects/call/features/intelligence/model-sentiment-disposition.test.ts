// The model's sentiment beside the lexicon's, its escalation flag as a supervisor alert,
// and the disposition suggested at wrap-up, as the call actor runs them in miniature (a
// real task queue, the fake model port on a fake clock). What a user would notice: the
// gauge's model score and who gave it, the model asked about every third customer line
// only and each once, a late or failed reading keeping the last score, one alert however
// often the model asks, the wrap-up's suggestion and whose it is; without a model, each
// says it needs one while the offline parts carry on.
import { describe, expect, it } from "vitest";
import { MODEL_SENTIMENT_DEADLINE_MS } from "../../../../../../objects/call/features/intelligence/model-sentiment";
import { ruleDisposition } from "../../../../../../objects/call/features/intelligence/suggested-disposition";
import { analyseCall } from "../../../../../../objects/call/features/intelligence/call-intelligence";
import { foldCall } from "../../../../../../objects/call/machine";
import { newEventRows } from "../../../../../../objects/call/call-view";
import { event, hangup, said, spec, T0 } from "../../events";
import { MiniCall, useTaskSqlite } from "./mini-call";

useTaskSqlite();

const answered = [event("call.initiated", 0), event("call.answered", 4)];
const CUSTOMER = [
  said(6, "Yes, speaking."),
  said(10, "I know about the balance."),
  said(14, "Fine, go on."),
  said(18, "This is ridiculous, I'm getting my lawyer."),
  said(22, "I said what I said."),
  said(26, "Okay."),
  said(30, "My lawyer will call you, you idiots."),
];

describe("model sentiment beside the lexicon's", () => {
  it("reads every third customer line once (the 1st, 4th, 7th), shows the last score labelled with its model beside the lexicon's", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.sentimentAnswers = [
      { score: 0.1, escalate: false, reason: "calm" },
      { score: -0.7, escalate: false, reason: "angry" },
    ];
    call.add(...answered);
    for (const line of CUSTOMER.slice(0, 4)) {
      call.add(line);
      await call.pass();
      await call.pass();
    }
    expect(call.ports.intelligence.sentimentAsked.map((asked) => asked.segmentId)).toEqual([CUSTOMER[0]!.id, CUSTOMER[3]!.id]);
    // The model read the conversation up to the line, ending with it.
    expect(call.ports.intelligence.sentimentAsked[1]!.lines.at(-1)).toEqual({ speaker: "customer", text: "This is ridiculous, I'm getting my lawyer." });
    const view = call.view();
    expect(view.modelSentiment).toMatchObject({ available: true, score: -0.7, reason: "angry", segmentId: CUSTOMER[3]!.id, model: "fake-model", message: expect.stringContaining("every 3 customer lines") });
    expect(view.sentiment).toMatchObject({ segments: 4 }); // the lexicon's gauge still runs beside it

    // More passes ask nothing again (cached per line).
    await call.pass();
    expect(call.ports.intelligence.sentimentAsked).toHaveLength(2);
  });

  it("does not ask about a line said while the recording was paused (kept as •): it has no words to score", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.sentimentAnswers = [{ score: 0.1, escalate: false, reason: "calm" }];
    call.add(...answered, said(6, "•"));
    await call.pass();
    await call.pass();
    expect(call.ports.intelligence.sentimentAsked).toEqual([]);
  });

  it("a reading slower than the deadline keeps the last score, says why, and is not asked again", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.sentimentAnswers = [{ score: 0.3, escalate: false, reason: "calm" }];
    call.add(...answered, CUSTOMER[0]!);
    await call.pass();
    call.ports.intelligence.sentimentMs = MODEL_SENTIMENT_DEADLINE_MS + 1;
    call.add(...CUSTOMER.slice(1, 4));
    await call.pass();
    await call.pass();
    expect(call.view().modelSentiment).toMatchObject({ score: 0.3, segmentId: CUSTOMER[0]!.id, message: expect.stringContaining("previous score stands") });
    expect(call.timeline()).toContain(`Model sentiment kept its last score: the model took longer than ${MODEL_SENTIMENT_DEADLINE_MS / 1000} s`);
    await call.pass();
    expect(call.ports.intelligence.sentimentAsked).toHaveLength(2);
  });

  it("the model's escalation flag raises one supervisor alert (a row and, on a campaign call, the room's task), however often it asks", async () => {
    const campaignCall = spec({
      kind: "dialer",
      dialer: { campaignId: "11111111-1111-4111-8111-111111111111", eligibleAgentUserIds: ["agent-a"], voicemailScript: "", safeHarborMessage: "", debtIds: [] },
    });
    const call = new MiniCall(T0 + 31_000, campaignCall);
    call.ports.intelligence.sentimentAnswers = [
      { score: -0.9, escalate: true, reason: "legal threat" },
      { score: -0.95, escalate: true, reason: "abusive" },
    ];
    call.add(...answered);
    for (const line of [CUSTOMER[0]!, ...CUSTOMER.slice(1)]) {
      call.add(line);
      await call.pass();
      await call.pass();
    }
    const escalations = call.events.filter((e) => e.type === "wib.intelligence.alert" && e.id.endsWith(":model_escalation"));
    expect(escalations).toHaveLength(1);
    expect(call.view().alerts.filter((alert) => alert.rule === "model_escalation")).toEqual([
      expect.objectContaining({ key: "model_escalation", segmentId: CUSTOMER[0]!.id, message: expect.stringContaining("The model asks for a supervisor: legal threat") }),
    ]);
    // The actor keeps it as every alert is kept: a call_alerts row (with its audit row) through the outbox.
    expect(newEventRows(campaignCall, escalations[0]!, null).map((row) => row.key)).toContain("alert:model_escalation");
    expect(call.queue.get("campaign-alert:model_escalation")).not.toBeNull();
  });

  it("without a model asks nothing and says model sentiment needs one; the lexicon's score and alerts still work", async () => {
    const call = new MiniCall(T0 + 31_000);
    call.ports.intelligence.configured = false;
    call.add(...answered, ...CUSTOMER);
    await call.pass();
    expect(call.ports.intelligence.sentimentAsked).toEqual([]);
    const view = call.view();
    expect(view.modelSentiment).toMatchObject({ available: false, score: null, message: expect.stringMatching(/^Model sentiment needs a model: set OPENAI_BASE_URL/) });
    expect(view.sentiment).not.toBeNull();
    expect(view.alerts.map((alert) => alert.rule)).toContain("legal_threat");
  });
});

describe("the disposition suggested at wrap-up", () => {
  const SPANISH = [said(8, "Sí, soy yo."), said(18, "Me pagan el viernes. ¿Puedo pagar la próxima semana?")];

  it("is the model's once the call ended, labelled as the model's; nothing is suggested while the call is live", async () => {
    const call = new MiniCall(T0 + 20_000);
    call.add(...answered, ...SPANISH);
    await call.pass();
    expect(call.view().suggestedDisposition).toBeNull();
    call.add(hangup(20, "normal_clearing"));
    await call.pass();
    // Ended, the model not asked yet (it waits with the summary): the offline rule's, saying so.
    expect(call.view().suggestedDisposition).toMatchObject({ disposition: "promise_to_pay", source: "rule", message: expect.stringContaining("on its way") });
    await call.alarm();
    expect(call.ports.intelligence.dispositionAsked).toHaveLength(1);
    expect(call.view().suggestedDisposition).toEqual({ disposition: "promise_to_pay", reason: "promised Friday", source: "model", model: "fake-model", message: null });
    expect(call.timeline()).toContain("Model suggests the disposition promise_to_pay");
    await call.pass();
    expect(call.ports.intelligence.dispositionAsked).toHaveLength(1);
  });

  it("is the offline rule's when the model keeps failing, saying why", async () => {
    const failing = new MiniCall(T0 + 20_000);
    failing.ports.intelligence.dispositionAnswer = new Error("503 from the model");
    failing.add(...answered, ...SPANISH, hangup(20, "normal_clearing"));
    await failing.pass();
    for (let i = 0; i < 12 && failing.view().suggestedDisposition?.message?.includes("on its way"); i++) await failing.alarm();
    expect(failing.view().suggestedDisposition).toMatchObject({ disposition: "promise_to_pay", source: "rule", model: null, message: "The offline rule's suggestion: the model failed: 503 from the model." });
  });

  it("without a model is the offline rule's, saying the model's needs one", async () => {

    const offline = new MiniCall(T0 + 20_000);
    offline.ports.intelligence.configured = false;
    offline.add(...answered, ...SPANISH, hangup(20, "normal_clearing"));
    await offline.pass();
    await offline.alarm();
    expect(offline.view().suggestedDisposition).toMatchObject({ disposition: "promise_to_pay", source: "rule", message: expect.stringContaining("the model's suggestion needs a model (set OPENAI_BASE_URL") });
  });

  it("the offline rule: no words is no contact; a wrong number, a dispute, a refusal, a promise, a callback, in that order; else other", () => {
    const rule = (...lines: ReturnType<typeof said>[]) => {
      const record = foldCall(spec(), [...answered, ...lines]);
      return ruleDisposition(record.transcript, analyseCall(record.transcript)).disposition;
    };
    expect(rule(said(5, "Hello, this is Sam from Acme.", "outbound"))).toBe("no_contact");
    expect(rule(said(5, "You have the wrong number."))).toBe("wrong_number");
    expect(rule(said(5, "I can pay on Friday."), said(7, "But this is not my debt."))).toBe("dispute");
    expect(rule(said(5, "I'll pay you next week, I promise."))).toBe("promise_to_pay");
    expect(rule(said(5, "Je vais payer vendredi."))).toBe("promise_to_pay");
    expect(rule(said(5, "I'm driving, call me back tomorrow."))).toBe("callback");
    expect(rule(said(5, "Okay, thanks for letting me know."))).toBe("other");
  });
});
