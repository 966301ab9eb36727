// A test call of the AI voice agent: the carrier simulator's control API
// (sim/carrier/control.ts) lists its personas and places an inbound call from one of them
// to the organisation's AI number, so an admin hears the AI without a phone. A deployment
// whose carrier is Telnyx has no simulator, and says so plainly (call the AI number
// instead) rather than ringing anyone.
import { z } from "zod";
import { ApiError } from "../http/errors";
import type { AiTestPersona } from "../http/contracts/ai-agent-settings";
import type { SimulatorUse } from "../simulator-control";

/** How a test call says it needs the carrier simulator. */
export const TEST_CALL_NEEDS_SIMULATOR: SimulatorUse = {
  needs: "A test call is placed by a carrier simulator persona",
  onTelnyx: ". To test the AI with a real carrier, call one of your AI numbers (a phone number whose inbound action is the AI agent) from a phone",
  withoutAddress: "no test call can be placed",
};

const unreachable = (what: string) =>
  new ApiError(503, "service_unavailable", `The carrier simulator did not answer (${what}); nothing was placed. Try again shortly`, undefined, { "retry-after": "5" });

const personasAnswer = z.object({
  personas: z.array(z.object({ name: z.string(), kind: z.string(), description: z.string(), language: z.string(), mood: z.string() })),
});

/** The simulator's personas that can place a call: people (machines, busy lines and agents never call in). */
export async function simulatorCallerPersonas(controlUrl: string): Promise<AiTestPersona[]> {
  const response = await fetch(`${controlUrl}/personas`).catch(() => null);
  if (!response?.ok) throw unreachable(response ? `personas: ${response.status}` : "personas");
  const parsed = personasAnswer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw unreachable("personas: an answer not in its documented shape");
  return parsed.data.personas
    .filter((p) => p.kind === "human")
    .map(({ name, description, language, mood }) => ({ name, description, language, mood }));
}

const inboundAnswer = z.object({ call: z.object({ call_session_id: z.string().min(1) }) });

/** Rings `to` from `from` as `persona`; the carrier session id of the call. */
export async function placeSimulatorInboundCall(controlUrl: string, call: { from: string; to: string; persona: string }): Promise<string> {
  const response = await fetch(`${controlUrl}/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(call),
  }).catch(() => null);
  if (response?.status !== 201) throw unreachable(response ? `inbound: ${response.status} ${(await response.text()).slice(0, 300)}` : "inbound");
  const parsed = inboundAnswer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw unreachable("inbound: an answer not in its documented shape");
  return parsed.data.call.call_session_id;
}

/** A caller number of the simulator's own (outside its number plan), so each test call shows who rang. */
export function testCallerNumber(random = Math.random): string {
  return `+1555077${String(Math.floor(random() * 1e4)).padStart(4, "0")}`;
}
