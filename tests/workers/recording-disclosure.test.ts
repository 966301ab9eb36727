// Recording disclosure: a callee in an all-party-consent state (by area code) hears the
// organisation's disclosure before recording starts; a callee in a one-party state is
// recorded from the answer with nothing said. Proved on the carrier simulator's own
// record of the customer's leg: the speak, its end, and when the recording began. The
// same for a caller put through to an agent (an inbound ring-agent number).
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./support/client";
import { inboundCallId } from "../../worker/calls/inbound";
import { CallPump, carrierCommandLog, carrierLegsOf, carrierLegsTo, startInboundCall } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

interface RecordedLeg {
  call_control_id: string;
  to: string;
  recordings: { started_at: string }[];
  events: { event_type: string; occurred_at: string }[];
}

let owner: Member & { organizationId: string };
beforeAll(async () => {
  owner = await signUp("Disclosure");
});

const number = (areaCode: string) => `+1${areaCode}5550${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;

/** Places a recorded direct call and waits until the customer's leg is being recorded. */
async function recordedCall(to: string): Promise<{ id: string; leg: RecordedLeg; pump: CallPump }> {
  const id = await placeCall(owner, { to, kind: "direct" });
  const pump = CallPump.forCall(id);
  let leg: RecordedLeg | undefined;
  await pump.until(async () => {
    leg = (await carrierLegsOf(id)).find((each) => each.to === to) as unknown as RecordedLeg | undefined;
    return (leg?.recordings.length ?? 0) > 0;
  });
  return { id, leg: leg!, pump };
}

async function hangUp(id: string, pump: CallPump): Promise<void> {
  await call(owner, "POST", `/api/calls/${id}/hangup`);
  await pump.until(async () => TERMINAL.has((await readCall(owner, id)).status));
}

describe("recording disclosure", () => {
  it("plays the organisation's disclosure to a California callee before recording starts", async () => {
    const disclosure = "This call is recorded by Disclosure Test Collections.";
    expect((await call(owner, "PATCH", "/api/organization", { recordingDisclosure: disclosure })).status).toBe(200);
    const { id, leg, pump } = await recordedCall(number("415"));
    const spoken = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg.call_control_id).map((entry) => entry.kind);
    expect(spoken.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(spoken.indexOf("speak")).toBeLessThan(spoken.indexOf("record_start"));
    const speakEnded = leg.events.find((event) => event.event_type === "call.speak.ended")!;
    expect(Date.parse(speakEnded.occurred_at)).toBeLessThanOrEqual(Date.parse(leg.recordings[0]!.started_at));
    await hangUp(id, pump);
    expect((await readCall(owner, id)).timeline.map((entry: { text: string }) => entry.text)).toContain("Recording disclosure played");
  });

  it("records a Texas callee from the answer without a disclosure", async () => {
    const { id, leg, pump } = await recordedCall(number("214"));
    const commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg.call_control_id).map((entry) => entry.kind);
    expect(commands).toContain("record_start");
    expect(commands).not.toContain("speak");
    await hangUp(id, pump);
  });

  it("plays it to a California caller put through to an agent before recording starts, and not to a Texas caller", async () => {
    const agent = await inviteAndJoin(owner, "agent");
    const line = randomNumber();
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Support", inboundAction: "ring_agent", inboundAgentUserId: agent.userId })).status).toBe(201);
    const commandsOnCallerLeg = async (from: string) => {
      const session = await startInboundCall(from, line);
      const id = await inboundCallId(session);
      const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
      let leg: RecordedLeg | undefined;
      await pump.until(async () => {
        leg = (await carrierLegsTo(line)).find((each) => each.call_session_id === session) as unknown as RecordedLeg | undefined;
        return (leg?.recordings.length ?? 0) > 0;
      });
      const commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg!.call_control_id).map((entry) => entry.kind);
      await call(agent, "POST", `/api/calls/${id}/hangup`);
      await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
      return { commands, timeline: (await readCall(agent, id)).timeline.map((entry: { text: string }) => entry.text) };
    };
    const californian = await commandsOnCallerLeg(number("213"));
    expect(californian.commands.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(californian.commands.indexOf("speak")).toBeLessThan(californian.commands.indexOf("record_start"));
    expect(californian.timeline).toContain("Recording disclosure played");
    const texan = await commandsOnCallerLeg(number("512"));
    expect(texan.commands).toContain("record_start");
    expect(texan.commands).not.toContain("speak");
  });

  it("refuses a disclosure too short to say the call is recorded, naming the field", async () => {
    const response = await call(owner, "PATCH", "/api/organization", { recordingDisclosure: "Hi" });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe("recordingDisclosure");
  });
});
