// The engine, not the model, enforces the policy: every tool call the model asks for is
// checked, and each way out of the policy is refused with its reason.
import { describe, expect, it } from "vitest";
import { checkToolCall, toolsFor } from "../../../../../../objects/call/features/ai-agent/policy";
import { collectionsPolicy, MONDAY_10AM_NEW_YORK_MS } from "./fixtures";

const call = (name: string, args: unknown) => ({ id: "call_1", name, arguments: typeof args === "string" ? args : JSON.stringify(args) });
const now = MONDAY_10AM_NEW_YORK_MS;

describe("tool calls against the call's policy", () => {
  it("accepts what the policy allows", () => {
    const policy = collectionsPolicy();
    expect(checkToolCall(call("lookup_balance", {}), policy, 0, now)).toMatchObject({ ok: true, call: { name: "lookup_balance" } });
    expect(checkToolCall(call("send_payment_link", { amountCents: 5_000 }), policy, 0, now)).toMatchObject({ ok: true });
    expect(checkToolCall(call("schedule_callback", { at: "2026-12-08T10:30:00-05:00" }), policy, 0, now)).toMatchObject({ ok: true });
    expect(checkToolCall(call("request_human", {}), policy, 0, now)).toMatchObject({ ok: true });
    expect(checkToolCall(call("set_disposition", { disposition: "promise_to_pay" }), policy, 0, now)).toMatchObject({ ok: true });
  });

  it.each([
    ["a tool the agent does not have", call("waive_debt", {}), "unknown_tool"],
    ["arguments that are not JSON", call("send_payment_link", "{amountCents: 1"), "invalid_arguments"],
    ["arguments with extra fields", call("send_payment_link", { amountCents: 5_000, override: true }), "invalid_arguments"],
    ["a negative amount", call("send_payment_link", { amountCents: -100 }), "invalid_arguments"],
    ["an amount below the minimum", call("send_payment_link", { amountCents: 4_999 }), "amount_below_minimum"],
    ["an amount above the balance", call("send_payment_link", { amountCents: 15_051 }), "amount_above_balance"],
    ["a callback at 06:00 in the callee's zone", call("schedule_callback", { at: "2026-12-08T06:00:00-05:00" }), "callback_outside_calling_window"],
    ["a callback at 21:00 in the callee's zone", call("schedule_callback", { at: "2026-12-08T21:00:00-05:00" }), "callback_outside_calling_window"],
    ["a callback in the past", call("schedule_callback", { at: "2026-12-01T10:00:00-05:00" }), "callback_in_past"],
    ["a disposition the AI may not set (paid)", call("set_disposition", { disposition: "paid" }), "disposition_not_allowed"],
  ])("refuses %s", (_name, toolCall, reason) => {
    expect(checkToolCall(toolCall, collectionsPolicy(), 0, now)).toMatchObject({ ok: false, reason });
  });

  it("refuses a second link when the policy allows one per call", () => {
    expect(checkToolCall(call("send_payment_link", { amountCents: 5_000 }), collectionsPolicy(), 1, now)).toMatchObject({ ok: false, reason: "payment_link_limit" });
  });

  it("refuses a callback outside the campaign's narrower window, and a tool the call does not allow", () => {
    const policy = collectionsPolicy({ callingWindow: { startMinute: 9 * 60, endMinute: 17 * 60 }, allowedTools: ["lookup_balance", "request_human"] });
    expect(checkToolCall(call("send_payment_link", { amountCents: 5_000 }), policy, 0, now)).toMatchObject({ ok: false, reason: "tool_not_allowed" });
    expect(toolsFor(policy).map((tool) => tool.name)).toEqual(["lookup_balance", "request_human"]);
    const narrow = collectionsPolicy({ callingWindow: { startMinute: 9 * 60, endMinute: 17 * 60 } });
    expect(checkToolCall(call("schedule_callback", { at: "2026-12-08T18:00:00-05:00" }), narrow, 0, now)).toMatchObject({ ok: false, reason: "callback_outside_calling_window" });
    expect(checkToolCall(call("schedule_callback", { at: "2026-12-08T16:00:00-05:00" }), narrow, 0, now)).toMatchObject({ ok: true });
  });
});
