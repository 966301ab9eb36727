// What happens to a lead after a refusal, an outcome, a disposition.
import { describe, expect, it } from "vitest";
import { afterDisposition, afterOutcome, phoneToDial } from "../../../../objects/campaign/lead-rules";
import type { CampaignCallOutcome } from "../../../../objects/campaign/protocol";

const NOW = Date.UTC(2026, 10, 23, 15);
const config = { retryMaxAttempts: 3, retrySpacingMinutes: 60 };
const lead = (attempts: number, phones = ["+15550100001", "+15550100002"], badPhones: string[] = []) => ({ attempts, phones, badPhones });
const outcome = (result: CampaignCallOutcome["result"], extra: Partial<CampaignCallOutcome> = {}): CampaignCallOutcome => ({
  callId: "c",
  accountId: "a",
  phone: "+15550100001",
  result,
  dialedAtMs: NOW - 60_000,
  answeredAtMs: null,
  humanAtMs: null,
  agentUserId: null,
  connectedAtMs: null,
  endedAtMs: NOW,
  abandoned: false,
  voicemailLeft: false,
  ...extra,
});

describe("lead rules", () => {
  it("a conversation closes the lead until the agent's disposition says otherwise", () => {
    expect(afterOutcome(lead(1), outcome("human", { agentUserId: "u", connectedAtMs: NOW - 30_000 }), config, NOW).next).toEqual({ state: "done", reason: "conversation" });
  });

  it("no answer, busy, a machine or an abandoned call retry after the spacing, until the attempts run out", () => {
    for (const result of ["no_answer", "busy", "machine"] as const) {
      expect(afterOutcome(lead(1), outcome(result), config, NOW).next).toEqual({ state: "deferred", atMs: NOW + 3_600_000, callback: false });
    }
    expect(afterOutcome(lead(1), outcome("human", { abandoned: true }), config, NOW).next.state).toBe("deferred");
    expect(afterOutcome(lead(3), outcome("no_answer"), config, NOW).next).toEqual({ state: "done", reason: "max attempts reached" });
  });

  it("a fax or an invalid number is dropped and the next number tried at once; with none left the lead is done", () => {
    expect(afterOutcome(lead(1), outcome("fax"), config, NOW)).toEqual({ next: { state: "ready" }, badPhone: "+15550100001" });
    expect(phoneToDial(lead(1, ["+15550100001", "+15550100002"], ["+15550100001"]))).toBe("+15550100002");
    expect(afterOutcome(lead(1, ["+15550100001"]), outcome("failed"), config, NOW).next).toEqual({ state: "done", reason: "no working number" });
  });

  it("a callback comes back at the promised time, ahead of the queue", () => {
    const callbackAt = new Date(NOW + 86_400_000).toISOString();
    expect(afterDisposition(lead(1), "+15550100001", "callback", { callbackAt }, config, NOW)?.next).toEqual({ state: "deferred", atMs: NOW + 86_400_000, callback: true });
  });

  it("a promise, a payment, a refusal or a dispute end the lead; a wrong number moves to the next number", () => {
    for (const disposition of ["promise_to_pay", "paid", "refused", "dispute"] as const) {
      expect(afterDisposition(lead(1), "+15550100001", disposition, null, config, NOW)?.next.state).toBe("done");
    }
    expect(afterDisposition(lead(1), "+15550100001", "wrong_number", null, config, NOW)).toEqual({ next: { state: "ready" }, badPhone: "+15550100001" });
    expect(afterDisposition(lead(1), "+15550100001", "other", null, config, NOW)).toBeNull();
  });
});
