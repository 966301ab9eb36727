// An inbound call to a fresh number routed to the AI voice agent, placed by a carrier
// simulator persona who talks with it; pumped until the AI has greeted the caller.
import { env } from "cloudflare:test";
import { callActorStub } from "../../../objects/shared/actor-stubs";
import { inboundCallId } from "../../../worker/calls/inbound";
import { CallPump, carrierLegsOf, startInboundCall } from "./carrier";
import { freshNumberIn, readCall } from "./calls";
import { call, type Caller } from "./client";
import { randomNumber } from "./resources";

export const AI_CALLER_BALANCE_CENTS = 84_216;

const callerNumber = () => freshNumberIn("+1555778");

/** A fresh number of the organisation's that routes its callers to the AI voice agent. */
export async function aiLine(owner: Caller): Promise<{ id: string; e164: string }> {
  const line = randomNumber();
  const number = await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "AI line", inboundAction: "ai_agent" });
  if (number.status !== 201) throw new Error(`AI line: ${number.status} ${JSON.stringify(number.body)}`);
  return { id: number.body.phoneNumber.id, e164: line };
}

/** `accountState`: where the caller's account says they live (an all-party-consent state's callers hear the recording disclosure first). */
export async function startAiCall(owner: Caller, persona: string, { accountState }: { accountState?: string } = {}) {
  const { e164: line } = await aiLine(owner);
  const caller = callerNumber();
  const account = await call(owner, "POST", "/api/accounts", { name: `Caller ${caller}`, phones: [caller], balanceDueCents: AI_CALLER_BALANCE_CENTS, consent: true, ...(accountState ? { state: accountState } : {}) });
  if (account.status !== 201) throw new Error(`AI caller account: ${account.status} ${JSON.stringify(account.body)}`);
  const c = await followAiCall(owner, () => startInboundCall(caller, line, persona));
  return { ...c, caller, accountId: account.body.account.id as string };
}

/** An AI call that `place` starts (answering its carrier session id), pumped until the AI has greeted the caller. */
export async function followAiCall(owner: Caller, place: () => Promise<string>) {
  // Only webhooks from here on: a long test run's mailbox is not read again on every pump.
  let match = (_d: { callId?: string | null; callSessionId?: string | null }) => false;
  const pump = await new CallPump((d) => match(d)).skipArrived();
  const session = await place();
  const id = await inboundCallId(session);
  match = (d) => d.callId === id || d.callSessionId === session;
  const timeline = async () => ((await readCall(owner, id).catch(() => null))?.timeline ?? []).map((entry: { text: string }) => entry.text) as string[];
  // Ready once the actor says the AI greets (its own view: no wait for Postgres).
  const organizationId: string = (await call(owner, "GET", "/api/organization")).body.organization.id;
  const actor = callActorStub(env, organizationId, id);
  const greeting = async () => ((await actor.snapshot())?.call.timeline ?? []).some((entry) => entry.text === "AI: greeting the caller");
  await pump.until(greeting, 25_000);
  /** What the caller heard: the simulator's log of every speak on their leg. */
  const heard = async () =>
    (await carrierLegsOf(id))
      .filter((leg) => !leg.to.startsWith("sip:"))
      .flatMap((leg) => (leg as unknown as { heard_lines: { from: string; text: string }[] }).heard_lines)
      .filter((line) => line.from === "speak")
      .map((line) => line.text);
  return { id, session, pump, timeline, heard };
}
