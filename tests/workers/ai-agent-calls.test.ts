// A whole AI call in workerd against both simulators: a caller (carrier simulator persona
// ai-caller-pays) talks with the AI voice agent (model simulator); an agent takes the call
// over through the API and hands it back; what the caller heard (the carrier simulator's
// log of every speak on their leg) and the call's record say so.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AgentConsole } from "./support/agent-console";
import { startAiCall } from "./support/ai-call";
import { readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let agent: Member;
let agentConsole: AgentConsole | null = null;
beforeAll(async () => {
  owner = await signUp("AI agent");
  agent = await inviteAndJoin(owner, "agent");
});
afterEach(() => {
  agentConsole?.close();
  agentConsole = null;
});

const DISCLOSURE = "Hello, you are speaking with an automated assistant. You can ask for a person at any time.";
const DEBT_DISCLOSURE = "This is an attempt to collect a debt, and any information obtained will be used for that purpose.";

describe("an inbound call the AI voice agent answers", () => {
  it("talks with the caller, is taken over by an agent and handed back, and the caller heard each part", async () => {
    agentConsole = await AgentConsole.open(owner.organizationId, agent);
    const c = await startAiCall(owner, "ai-caller-pays");
    await c.pump.until(async () => (await c.timeline()).includes("Payment link requested: $842.16 (by the AI agent)"), 40_000);
    await c.pump.until(async () => (await c.heard()).includes("Is there anything else I can help you with?"), 20_000);

    const takeover = await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" });
    expect(takeover.status).toBe(200);
    await c.pump.until(async () => (await readCall(owner, c.id)).status === "bridged", 30_000);
    expect((await readCall(owner, c.id)).agentUserId).toBe(agent.userId);
    expect((await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" })).status).toBe(409);

    const handBack = await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "hand_back", notes: "Will pay on Friday." });
    expect(handBack.status).toBe(200);
    await c.pump.until(async () => (await c.heard()).some((line) => line.startsWith("Hi, it's the automated assistant again.")), 20_000);

    const heard = await c.heard();
    expect(heard.slice(0, 2)).toEqual([DISCLOSURE, DEBT_DISCLOSURE]);
    const order = ["Your current balance is $842.16.", "Is there anything else I can help you with?", "Let me connect you with a member of our team. One moment, please.", "Hi, it's the automated assistant again. My colleague has filled me in. How can I help?"];
    expect(order.map((line) => heard.indexOf(line))).toEqual([...order.map((line) => heard.indexOf(line))].sort((a, b) => a - b));
    expect(order.every((line) => heard.includes(line))).toBe(true);

    const timeline = await c.timeline();
    expect(timeline).toEqual(
      expect.arrayContaining([
        `AI said: "${DISCLOSURE}"`,
        "AI used lookup_balance",
        "AI used send_payment_link",
        `agent person took the call over from the AI`,
        "AI: a person has the call",
        `agent person handed the call back to the AI (notes: Will pay on Friday.)`,
        "AI: back with the AI",
      ]),
    );
    const audit = await call(owner, "GET", "/api/audit?limit=200");
    expect(JSON.stringify(audit.body)).toContain("call.ai_taken_over");
    expect(JSON.stringify(audit.body)).toContain("call.ai_handed_back");

    await call(owner, "POST", `/api/calls/${c.id}/hangup`);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status));
  });
});
