// The persona's script becomes call.transcription events only while transcription is
// started on the leg (by transcription_start, or from the answer on by a dial's or an
// answer's `transcription`), and only for the tracks asked for. The far party's first words
// come at the answer; the conversation with an agent starts at the bridge, so a call no
// agent joined never hears an agent's line. Names and amounts come from the call.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeState, startHarness, transcriptionOf, type Harness } from "./harness";

let h: Harness;
let id: string;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const transcripts = (callControlId: string) =>
  h.events(callControlId)
    .filter((e) => e.event_type === "call.transcription")
    .map((e) => transcriptionOf(e.payload));

/** The engine's client_state with the values a script may say (what a dial carries). */
const withVars = (vars: Record<string, string>) => encodeState(JSON.stringify({ v: 1, vars }));

/** A customer answered (4 s), an agent's softphone answered and bridged to them. */
async function bridgedCall(to: string, customerState?: string, agentState?: string): Promise<string> {
  const customer = await h.dial(to, customerState ? { client_state: customerState } : {});
  const agent = await h.dial("sip:agent-1@sim.local", agentState ? { client_state: agentState } : {});
  await h.advance(4);
  await h.client.calls.actions.bridge(customer, { call_control_id_to_bridge_with: agent });
  return customer;
}

describe("transcription of a bridged call", () => {
  beforeEach(async () => {
    id = await bridgedCall("+15550100001");
  });

  it("nothing is transcribed before transcription_start", async () => {
    await h.advance(10);
    expect(transcripts(id)).toEqual([]);
  });

  it("inbound (the default) carries only the callee's lines, final, with a confidence", async () => {
    await h.client.calls.actions.startTranscription(id, {});
    await h.advance(10);
    expect(transcripts(id)).toEqual([
      { transcript: "Hello?", transcription_track: "inbound", is_final: true, confidence: expect.any(Number) },
      { transcript: "Speaking. What is this about?", transcription_track: "inbound", is_final: true, confidence: expect.any(Number) },
    ]);
    expect(transcripts(id)[0]!.confidence).toBeGreaterThan(0.8);
  });

  it("outbound carries only our side's lines, from the bridge on", async () => {
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "outbound" });
    await h.advance(10);
    expect(transcripts(id).map((t) => t.transcription_track)).toEqual(["outbound", "outbound"]);
    expect(transcripts(id)[0]!.transcript).toMatch(/^Hi, this is an agent calling/);
  });

  it("both tracks interleave in script order, and stop when transcription stops", async () => {
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "both" });
    await h.advance(12);
    expect(transcripts(id).map((t) => t.transcription_track)).toEqual(["outbound", "inbound", "inbound", "outbound"]);
    await h.client.calls.actions.stopTranscription(id, {});
    await h.advance(40);
    expect(transcripts(id)).toHaveLength(4);
  });
});

describe("what the script says", () => {
  it("a call no agent joined hears only the customer, never an agent's line", async () => {
    const alone = await h.dial("+15550100001");
    await h.advance(4);
    await h.client.calls.actions.startTranscription(alone, { transcription_tracks: "both" });
    await h.advance(50);
    expect(transcripts(alone).map((t) => t.transcription_track)).not.toContain("outbound");
  });

  it("says the names and balance the call carries, and no made-up ones without them", async () => {
    const named = await bridgedCall("+15550100001", withVars({ customer: "Ada Lovelace", balance: "$12.34" }), withVars({ agent: "Grace" }));
    await h.client.calls.actions.startTranscription(named, { transcription_tracks: "both" });
    await h.advance(15);
    const said = transcripts(named).map((t) => t.transcript).join(" ");
    expect(said).toContain("this is Grace calling");
    expect(said).toContain("May I speak with Ada Lovelace?");
    expect(said).toContain("The past-due balance is $12.34.");
    expect(said).not.toMatch(/Sam|Jordan|842/);
  });

  it("the Spanish persona speaks Spanish", async () => {
    const es = await bridgedCall("+15550110001");
    await h.client.calls.actions.startTranscription(es, { transcription_tracks: "both" });
    await h.advance(10);
    expect(transcripts(es).map((t) => t.transcript)).toContain("Sí, soy yo. ¿De qué se trata?");
  });
});

describe("transcription from the answer (a dial's or an answer's `transcription`)", () => {
  it("a dial that asks for it hears the far party's first word, said as they answer, on the tracks its config names", async () => {
    const dialled = await h.dial("+15550100001", { transcription: true, transcription_config: { transcription_tracks: "both" } });
    // They answer at 4 s and say "Hello?" 0.6 s later.
    await h.advance(5);
    expect(transcripts(dialled)[0]).toEqual({ transcript: "Hello?", transcription_track: "inbound", is_final: true, confidence: expect.any(Number) });
    const legs = await h.control<{ calls: { legs: { call_control_id: string; transcription_tracks: string[] | null }[] }[] }>("GET", "/control/calls");
    expect(legs.body.calls.flatMap((c) => c.legs).find((leg) => leg.call_control_id === dialled)?.transcription_tracks).toEqual(["inbound", "outbound"]);
  });

  it("an inbound caller answered with it is heard from their first word (the inbound track by default)", async () => {
    const { body } = await h.control<{ call: { call_control_id: string } }>("POST", "/control/inbound", { from: "+15557770001", to: "+15550001000", persona: "live-human-en" });
    await h.advance();
    const caller = body.call.call_control_id;
    await h.client.calls.actions.answer(caller, { transcription: true });
    await h.advance(1);
    expect(transcripts(caller).map((t) => [t.transcript, t.transcription_track])).toEqual([["Hello?", "inbound"]]);
  });

  it("a dial without it transcribes nothing until transcription_start, whatever was said", async () => {
    const dialled = await h.dial("+15550100001");
    await h.advance(5);
    await h.client.calls.actions.startTranscription(dialled, { transcription_tracks: "inbound" });
    await h.advance(4);
    expect(transcripts(dialled).map((t) => t.transcript)).toEqual(["Hello? Is anyone there?"]);
  });
});

describe("a line said through the control API", () => {
  it("is transcribed on the speaker's own leg when it transcribes its inbound track, and not when it does not", async () => {
    const transcribed = await h.dial("+15550100001", { transcription: true });
    const quiet = await h.dial("+15550100001");
    await h.advance(5);
    for (const id of [transcribed, quiet]) await h.control("POST", `/control/calls/${encodeURIComponent(id)}/say`, { text: "my card number is 4242" });
    await h.advance();
    expect(transcripts(transcribed).map((t) => [t.transcript, t.transcription_track])).toContainEqual(["my card number is 4242", "inbound"]);
    expect(transcripts(quiet)).toEqual([]);
  });
});
