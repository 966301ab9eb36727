// The IVR, transition by transition, as the caller hears it: the greeting with the
// organisation's disclosure, the menu, paying in full or an amount (each refusal said
// and asked again, three bad tries → an agent), the hold while the link is paid, the
// confirmation with the new balance, the link's failure, the timeout, the balance, and
// an agent (or a callback when none is free).
import { describe, expect, it } from "vitest";
import { LOCAL_EVENTS } from "../../../../../../objects/call/carrier-event";
import { desiredCommands } from "../../../../../../objects/call/features/carrier-commands/desired-commands";
import { AGENT_WAIT_MS } from "../../../../../../objects/call/features/ivr/ivr-tasks";
import { foldCall } from "../../../../../../objects/call/machine";
import { DEFAULT_IVR_SETTINGS } from "../../../../../../domain/ivr-settings";
import { answeredIvrCall, ivrSpec } from "./ivr-call";

const EN = DEFAULT_IVR_SETTINGS.prompts.en!;

describe("the IVR's menu", () => {
  it("says nothing before the caller's leg is answered, then greets with the organisation's disclosure and the menu", async () => {
    const call = await answeredIvrCall();
    expect(call.said).toHaveLength(1);
    expect(call.lastPrompt).toContain(EN.greeting);
    expect(call.lastPrompt).toContain(EN.disclosure);
    expect(call.lastPrompt).toContain("To make a payment, press 1. To hear your balance, press 2. To speak with an agent, press 3.");
    expect(call.commands[0]).toMatchObject({ name: "ivr-prompt-1", action: "gather_using_speak", language: "en-US", maxDigits: 1, leg: "customer" });
  });

  it("2 says the balance, then the menu again (without the greeting)", async () => {
    const call = await answeredIvrCall();
    await call.press("2");
    expect(call.lastPrompt).toMatch(/^Your balance is \$842\.16\. To make a payment, press 1/);
    expect(call.lastPrompt).not.toContain(EN.greeting);
  });

  it("a key that is no choice, or none at all, asks again; the third bad answer says goodbye and hangs up once heard", async () => {
    const call = await answeredIvrCall();
    await call.press("7");
    expect(call.lastPrompt).toMatch(/^Sorry, that is not one of the choices\. To make a payment/);
    await call.press("");
    expect(call.step).toMatchObject({ kind: "menu", badTries: 2 });
    await call.press("9");
    expect(call.lastPrompt).toBe("Thank you for calling. Goodbye.");
    expect(call.events.some((e) => e.type === LOCAL_EVENTS.hangupRequested)).toBe(false);
    await call.press("");
    expect(call.events.some((e) => e.type === LOCAL_EVENTS.hangupRequested)).toBe(true);
  });

  it("speaks Spanish to a caller whose language has a prompt set", async () => {
    const call = await answeredIvrCall(ivrSpec({ language: "es", prompts: DEFAULT_IVR_SETTINGS.prompts.es! }));
    expect(call.lastPrompt).toContain("Para hacer un pago, oprima 1");
    expect(call.commands[0]).toMatchObject({ language: "es-US" });
    await call.press("2");
    expect(call.lastPrompt).toMatch(/^Su saldo es de \$842\.16\./);
  });

  it("a caller with no account we know hears so for 1 and 2, and is never asked for money", async () => {
    const call = await answeredIvrCall(ivrSpec({ account: null }));
    await call.press("1");
    expect(call.lastPrompt).toMatch(/^We could not find an account/);
    await call.press("2");
    expect(call.lastPrompt).toMatch(/^We could not find an account/);
    expect(call.paymentRequests).toEqual([]);
  });

  it("on a plan without IVR payments, 1 goes to an agent and no link is ever asked for", async () => {
    const call = await answeredIvrCall(ivrSpec({ payments: false }));
    await call.press("1");
    expect(call.step).toMatchObject({ kind: "agent" });
    expect(call.paymentRequests).toEqual([]);
  });

  it("offers only the organisation's menu options, each on its own key; a key not offered is answered like a wrong key", async () => {
    const call = await answeredIvrCall(ivrSpec({ menuOptions: ["pay", "agent"] }));
    expect(call.lastPrompt).toContain("To make a payment, press 1. To speak with an agent, press 3.");
    expect(call.lastPrompt).not.toContain("balance");
    await call.press("2");
    expect(call.lastPrompt).toBe("Sorry, that is not one of the choices. To make a payment, press 1. To speak with an agent, press 3.");
    expect(call.step).toMatchObject({ kind: "menu", badTries: 1 });
    await call.press("3");
    expect(call.step).toMatchObject({ kind: "agent" });
  });

  it("with pay turned off, 1 asks for money nowhere: three such keys say goodbye; Spanish drops the same line", async () => {
    const call = await answeredIvrCall(ivrSpec({ menuOptions: ["balance"] }));
    expect(call.lastPrompt).toContain("To hear your balance, press 2.");
    expect(call.lastPrompt).not.toContain("press 1");
    for (const key of ["1", "1"]) await call.press(key);
    expect(call.step).toMatchObject({ kind: "menu", badTries: 2 });
    await call.press("1");
    expect(call.lastPrompt).toBe("Thank you for calling. Goodbye.");
    expect(call.paymentRequests).toEqual([]);
    const spanish = await answeredIvrCall(ivrSpec({ language: "es", prompts: DEFAULT_IVR_SETTINGS.prompts.es!, menuOptions: ["pay", "balance"] }));
    expect(spanish.lastPrompt).toContain("Para hacer un pago, oprima 1. Para escuchar su saldo, oprima 2.");
    expect(spanish.lastPrompt).not.toContain("agente");
  });

  it("a paid-up account is told there is nothing to pay", async () => {
    const call = await answeredIvrCall(ivrSpec({ account: { id: "acc", debtId: null, balanceCents: 0 } }));
    await call.press("1");
    expect(call.lastPrompt).toMatch(/^Your account has no balance to pay\./);
  });
});

describe("paying", () => {
  it("1 then 1 pays the full balance: the recording pauses first, then one link is requested and the hold message plays", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    expect(call.lastPrompt).toBe("To pay the full balance of $842.16, press 1. To pay another amount, press 2.");
    await call.press("1");
    const names = call.sent.map((t) => t.name);
    expect(names.indexOf("ivr-record-pause-1")).toBeGreaterThan(-1);
    expect(names.indexOf("ivr-record-pause-1")).toBeLessThan(names.indexOf("ivr-hold-1-0"));
    expect(call.paymentRequests).toEqual([
      { requestId: "ivr-pay-1", amountCents: 84_216, currency: "usd", accountId: "33333333-3333-4333-8333-333333333333", debtId: null, source: "ivr", requestedByUserId: null, sendTo: "+15550109999" },
    ]);
    expect(call.events.filter((e) => e.type === LOCAL_EVENTS.paymentLinkRequested).map((e) => e.id)).toEqual(["wib.payment_link.requested:ivr-pay-1"]);
    expect(call.said.at(-1)).toContain("We are texting you a secure link to pay $842.16");
    expect(call.said.at(-1)).toContain(EN.holdMessage);
  });

  it("2 takes an amount in dollars and cents: 15000# is $150.00", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    expect(call.lastPrompt).toMatch(/^Enter the amount in dollars and cents/);
    expect(call.commands.at(-1)).toMatchObject({ action: "gather_using_speak", maxDigits: 12 });
    await call.press("15000#");
    expect(call.paymentRequests.map((r) => r.amountCents)).toEqual([15_000]);
  });

  it("the carrier stops transcribing for the payment step before the amount is asked, and starts again once it is paid", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    const names = call.sent.map((t) => t.name);
    expect(names.indexOf("ivr-transcription-stop-1")).toBeGreaterThan(-1);
    expect(names.indexOf("ivr-transcription-stop-1")).toBeLessThan(names.indexOf("ivr-prompt-3"));
    expect(call.commands.find((c) => c.name === "ivr-transcription-stop-1")).toMatchObject({ action: "transcription_stop", leg: "customer" });
    await call.press("1000#");
    expect(call.sent.map((t) => t.name)).not.toContain("ivr-transcription-resume-1");
    await call.paid("ivr-pay-1", 1000, 83_216);
    expect(call.commands.find((c) => c.name === "ivr-transcription-resume-1")).toMatchObject({ action: "transcription_start", leg: "customer" });
  });

  it("the amount prompt waits until transcription is stopped, and an untranscribed call stops none", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    call.taskStates["ivr-transcription-stop-1"] = "pending";
    await call.press("2");
    expect(call.sent.some((t) => t.name === "ivr-prompt-3")).toBe(false);
    call.taskStates["ivr-transcription-stop-1"] = "done";
    await call.settle();
    expect(call.sent.some((t) => t.name === "ivr-prompt-3")).toBe(true);

    const quiet = await answeredIvrCall(ivrSpec({}, { transcribe: false }));
    await quiet.press("1");
    await quiet.press("2");
    expect(quiet.sent.some((t) => t.name.startsWith("ivr-transcription-"))).toBe(false);
    expect(quiet.sent.some((t) => t.name === "ivr-prompt-3")).toBe(true);
  });

  it("the amount prompt waits until the recording is paused", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    call.taskStates["ivr-record-pause-1"] = "pending";
    await call.press("2");
    expect(call.sent.some((t) => t.name === "ivr-prompt-3")).toBe(false);
    call.taskStates["ivr-record-pause-1"] = "done";
    await call.settle();
    expect(call.sent.some((t) => t.name === "ivr-prompt-3")).toBe(true);
  });

  it("0#, an empty entry, non-digits and more than the balance are each refused with the reason and asked again", async () => {
    for (const [keys, reason] of [
      ["0#", "The amount must be more than zero."],
      ["#", "We did not receive an amount."],
      ["12*5#", "Please use only the number keys."],
      ["84217#", "That is more than your balance."],
    ] as const) {
      const call = await answeredIvrCall();
      await call.press("1");
      await call.press("2");
      await call.press(keys);
      expect(call.lastPrompt, keys).toMatch(new RegExp(`^${reason.replace(/\./g, "\\.")} Enter the amount`));
      expect(call.step).toMatchObject({ kind: "amount", badTries: 1 });
      expect(call.paymentRequests).toEqual([]);
    }
  });

  it("after 3 bad amounts the caller goes to an agent, and the recording resumes", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    await call.press("0#");
    await call.press("99999999#");
    await call.press("#");
    expect(call.step).toMatchObject({ kind: "agent", attempt: 1 });
    expect(call.sent.map((t) => t.name)).toEqual(expect.arrayContaining(["ivr-record-resume-1", "ivr-connecting-1"]));
    expect(call.attempted).toContain("ivr-reserve-agent-1");
    expect(call.paymentRequests).toEqual([]);
  });

  it("three keys that are no choice at 'full or other amount' also go to an agent", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("5");
    await call.press("");
    await call.press("9");
    expect(call.step.kind).toBe("agent");
  });

  it("progress is spoken while holding: the hold loops, says the link was sent, and stops when the payment succeeds; then the confirmation and the new balance", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.receive("call.speak.ended");
    expect(call.sent.map((t) => t.name)).toContain("ivr-hold-1-1");
    expect(call.said.at(-1)).toBe(EN.holdMessage);
    await call.linkSent("ivr-pay-1");
    await call.receive("call.speak.ended");
    expect(call.said.at(-1)).toBe(`The payment link has been sent to your phone. ${EN.holdMessage}`);
    await call.paid("ivr-pay-1", 84_216, 0);
    const names = call.sent.map((t) => t.name);
    expect(names.indexOf("ivr-hold-stop-1")).toBeLessThan(names.indexOf("ivr-record-resume-1") === -1 ? Infinity : names.length);
    expect(names.indexOf("ivr-hold-stop-1")).toBeLessThan(names.findIndex((n) => n.startsWith("ivr-prompt-") && n !== "ivr-prompt-1" && n !== "ivr-prompt-2"));
    expect(names).toContain("ivr-record-resume-1");
    expect(call.lastPrompt).toMatch(/^Thank you\. Your payment of \$842\.16 was received\. Your new balance is \$0\.00\. To make a payment/);
    await call.press("2");
    expect(call.lastPrompt).toMatch(/^Your balance is \$0\.00\./);
  });

  it("a payment confirmed before anything else arrives (any order) gives the same confirmation", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    await call.press("5000#");
    await call.paid("ivr-pay-1", 5000, 79_216);
    expect(call.lastPrompt).toMatch(/^Thank you\. Your payment of \$50\.00 was received\. Your new balance is \$792\.16\./);
    expect(call.sent.filter((t) => t.action === "ivr_request_payment")).toHaveLength(1);
  });

  it("a payment for another request does not end this hold", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.paid("agent-cmd-9", 100, 84_116);
    expect(call.step.kind).toBe("paying");
  });

  it("a link that fails is said, the hold stops and the menu offers an agent", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.linkFailed("ivr-pay-1");
    expect(call.sent.map((t) => t.name)).toContain("ivr-hold-stop-1");
    expect(call.lastPrompt).toMatch(/^Sorry, we could not send the payment link\. An agent can help you with your payment\. .*To speak with an agent, press 3\./);
    await call.press("3");
    expect(call.step.kind).toBe("agent");
  });

  it("holding past the organisation's timeout says how to pay later, then goodbye and a hang-up", async () => {
    const call = await answeredIvrCall(ivrSpec({ paymentHoldMs: 120_000 }));
    await call.press("1");
    await call.press("1");
    const requested = call.events.find((e) => e.type === LOCAL_EVENTS.paymentLinkRequested)!;
    expect(call.ports && requested.occurredAtMs).toBe(call.clock.nowMs);
    expect((await import("../../../../../../objects/call/features/ivr")).ivr.wakeAtMs!(call.situation())).toBe(requested.occurredAtMs + 120_000);
    call.clock.advance(119_000);
    await call.settle();
    expect(call.step.kind).toBe("paying");
    call.clock.advance(1000);
    await call.settle();
    expect(call.events.some((e) => e.id === "wib.ivr.payment_timed_out:ivr-pay-1")).toBe(true);
    expect(call.lastPrompt).toMatch(/^We have not received your payment yet\. You can still pay with the link we texted you/);
    expect(call.lastPrompt).toMatch(/Goodbye\.$/);
    await call.press("");
    expect(call.events.some((e) => e.type === LOCAL_EVENTS.hangupRequested)).toBe(true);
  });

  it("a second payment in the same call is a new request with its own id, and pauses the recording again", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    await call.press("1000#");
    await call.paid("ivr-pay-1", 1000, 83_216);
    await call.press("1");
    expect(call.lastPrompt).toMatch(/full balance of \$832\.16/);
    await call.press("1");
    expect(call.paymentRequests.map((r) => [r.requestId, r.amountCents])).toEqual([["ivr-pay-1", 1000], ["ivr-pay-2", 83_216]]);
    expect(call.sent.map((t) => t.name)).toContain("ivr-record-pause-2");
  });

  it("a call that ends while holding asks for nothing more", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    const before = call.sent.length;
    await call.receive("call.hangup", { hangupCause: "normal_clearing", hangupSource: "caller" });
    await call.receive("call.speak.ended");
    expect(call.sent.length).toBe(before);
  });
});

describe("an agent", () => {
  it("3 reserves one through the pool; the carrier-commands then ring and bridge them with DTMF muted", async () => {
    const call = await answeredIvrCall();
    call.ports.reservations = [{ userId: "agent-1", address: "sip:agent-1@x", name: null }];
    await call.press("3");
    expect(call.step.kind).toBe("with_agent");
    const spec = call.spec;
    const up = [...call.events, ...["call.initiated", "call.answered"].map((type, i) => ({ ...call.events[0]!, id: `agent-${type}`, type, leg: "agent" as const, occurredAtMs: call.clock.nowMs + i, callControlId: "v3:agent" }))];
    const commands = desiredCommands(spec, foldCall(spec, up), call.clock.nowMs);
    expect(commands.find((c) => c.name === "dial-agent")).toMatchObject({ to: "sip:agent-1@x" });
    expect(commands.find((c) => c.name === "bridge")).toMatchObject({ muteDtmf: "both" });
  });

  it("none free within the wait: a callback is offered; 1 books it and says goodbye; 2 goes back to the menu", async () => {
    const call = await answeredIvrCall();
    await call.press("3");
    expect(call.step.kind).toBe("agent");
    call.clock.advance(AGENT_WAIT_MS + 1);
    await call.settle();
    expect(call.events.map((e) => e.id)).toContain("wib.ivr.no_agent:1");
    expect(call.lastPrompt).toMatch(/^All of our agents are busy\. To have an agent call you back, press 1/);
    await call.press("1");
    expect(call.lastPrompt).toBe("An agent will call you back as soon as possible. Thank you for calling. Goodbye.");
    expect(call.rows.filter((r) => r.key.startsWith("callback:"))).toEqual([
      {
        key: `callback:${call.spec.id}`,
        row: { table: "callback", row: expect.objectContaining({ accountId: call.spec.accountId, callId: call.spec.id, phone: "+15550109999", doneAt: null }) },
      },
    ]);
  });

  it("declining the callback goes back to the menu", async () => {
    const call = await answeredIvrCall();
    await call.press("3");
    call.clock.advance(AGENT_WAIT_MS + 1);
    await call.settle();
    await call.press("2");
    expect(call.step.kind).toBe("menu");
  });
});

describe("the audit log", () => {
  /** The audit rows the call's tasks queued, as [action, detail]. */
  const audited = (call: Awaited<ReturnType<typeof answeredIvrCall>>) =>
    call.rows.flatMap(({ row }) => {
      const queued = row as { table: string; row: { action: string; detail: Record<string, unknown> } };
      return queued.table === "call_audit" ? [[queued.row.action, queued.row.detail] as const] : [];
    });

  it("has every step of a caller who hears the balance and pays another amount: choices, the balance, the link requested, sent and paid; never the keyed amount", async () => {
    const call = await answeredIvrCall();
    await call.press("2");
    await call.press("1");
    await call.press("2");
    await call.press("0#");
    await call.press("15000#");
    await call.linkSent("ivr-pay-1");
    await call.paid("ivr-pay-1", 15_000, 69_216);
    expect(audited(call)).toEqual([
      ["ivr.menu_choice", { choice: "balance" }],
      ["ivr.balance_spoken", { balanceCents: 84_216 }],
      ["ivr.menu_choice", { choice: "pay" }],
      ["ivr.pay_choice", { choice: "other_amount" }],
      ["ivr.amount_refused", { reason: "zero" }],
      ["ivr.payment_link_requested", { requestId: "ivr-pay-1", amountCents: 15_000 }],
      ["ivr.payment_link_sent", { requestId: "ivr-pay-1", checkoutSessionId: "cs_ivr-pay-1" }],
      ["ivr.payment_confirmed", { requestId: "ivr-pay-1", paymentId: "pay-ivr-pay-1", amountCents: 15_000, balanceAfterCents: 69_216 }],
    ]);
    // What was keyed in the payment step is nowhere in them (the amount is the link's, as the timeline says it).
    expect(JSON.stringify(call.rows)).not.toMatch(/"15000"|15000#|"0#"|"digits"/);
    // Each step is its own row key and its own task, so a step re-derived after every event is written once.
    const keys = call.rows.map((r) => r.key).filter((key) => key.startsWith("ivr-audit:"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(call.rows.find((r) => r.key.startsWith("ivr-audit:"))!.row).toMatchObject({ table: "call_audit", row: { id: expect.stringMatching(new RegExp(`^${call.spec.id}:`)), callId: call.spec.id, organizationId: call.spec.organizationId } });
  });

  it("has the timeout, the transfer to an agent (and why), the callback offered and booked", async () => {
    const timedOut = await answeredIvrCall(ivrSpec({ paymentHoldMs: 60_000 }));
    await timedOut.press("1");
    await timedOut.press("1");
    timedOut.clock.advance(60_000);
    await timedOut.settle();
    expect(audited(timedOut).map(([action]) => action)).toEqual(["ivr.menu_choice", "ivr.pay_choice", "ivr.payment_link_requested", "ivr.payment_timed_out"]);

    const badAmounts = await answeredIvrCall();
    await badAmounts.press("1");
    await badAmounts.press("2");
    for (const keys of ["0#", "", "99999999#"]) await badAmounts.press(keys);
    expect(audited(badAmounts).slice(2)).toEqual([
      ["ivr.amount_refused", { reason: "zero" }],
      ["ivr.amount_refused", { reason: "empty" }],
      ["ivr.amount_refused", { reason: "above_balance" }],
      ["ivr.transfer_to_agent", { attempt: 1, why: "bad_tries" }],
    ]);

    const callback = await answeredIvrCall();
    await callback.press("3");
    callback.clock.advance(AGENT_WAIT_MS + 1);
    await callback.settle();
    await callback.press("1");
    expect(audited(callback)).toEqual([
      ["ivr.menu_choice", { choice: "agent" }],
      ["ivr.transfer_to_agent", { attempt: 1, why: "asked" }],
      ["ivr.callback_offered", { attempt: 1 }],
      ["ivr.callback_booked", {}],
    ]);
  });

  it("audits a payment confirmed after the caller hung up (the call's tasks still run)", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.receive("call.hangup", { hangupCause: "normal_clearing", hangupSource: "caller" });
    await call.paid("ivr-pay-1", 84_216, 0);
    expect(audited(call).at(-1)).toEqual(["ivr.payment_confirmed", { requestId: "ivr-pay-1", paymentId: "pay-ivr-pay-1", amountCents: 84_216, balanceAfterCents: 0 }]);
  });

  it("marks the recording paused for the payment step and resumed after it on the timeline, for the recording player", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.paid("ivr-pay-1", 84_216, 0);
    const marks = foldCall(call.spec, call.events).timeline.filter((entry) => entry.recording);
    expect(marks.map((entry) => [entry.recording, entry.text])).toEqual([
      ["paused", "Recording paused: Payment step"],
      ["resumed", "Recording resumed: Payment step over"],
    ]);
  });
});
