// The spec of bench call `index`: an inbound call the AI answers, a known caller with a
// balance of their own, the default settings' disclosures and policy.
import { AI_DEFAULT_PROMPT } from "../../domain/ai-agent";
import { DEFAULT_AI_AGENT_SETTINGS } from "../../domain/ai-agent-settings";
import type { CallSpec } from "../../objects/call/call-spec";

export function specOf(index: number): CallSpec {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  const balanceCents = 10_000 + index * 137;
  return {
    id,
    organizationId: "22222222-2222-4222-8222-222222222222",
    kind: "inbound",
    direction: "inbound",
    to: "+15550001000",
    from: `+1555010${String(index).padStart(4, "0")}`,
    agentUserId: null,
    agentAddress: null,
    accountId: `10000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    createdAtMs: Date.now(),
    ringTimeoutSeconds: 22,
    record: false,
    transcribe: true,
    inbound: { action: "ai_agent", message: "", customerCallControlId: "v3:customer" },
    ai: {
      orgPrompt: AI_DEFAULT_PROMPT,
      customerName: `Caller ${index}`,
      account: { id: `10000000-0000-4000-8000-${String(index).padStart(12, "0")}`, debtId: null, balanceCents },
      sendTo: `+1555010${String(index).padStart(4, "0")}`,
      minimumPaymentCents: balanceCents,
      maxPaymentLinks: 1,
      collections: true,
      disclosures: { automatedAgent: DEFAULT_AI_AGENT_SETTINGS.disclosures.automatedAgent, debtCollection: DEFAULT_AI_AGENT_SETTINGS.disclosures.debtCollection },
      calleeZone: "America/New_York",
    },
  };
}

