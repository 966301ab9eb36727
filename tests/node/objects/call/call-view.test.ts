// What a new event adds to the call's record in Postgres: its own row always, and a
// transcript row when it carries a final transcript line; who said each line.
import { describe, expect, it } from "vitest";
import { newEventRows, segmentRow, toSegmentView } from "../../../../objects/call/call-view";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { foldCall } from "../../../../objects/call/machine";
import { aiSpec } from "./features/ai-agent/ai-call";
import { event, hangup, said, spec } from "./events";

describe("a new event's rows", () => {
  it("is the event's own row for an event without a transcript line", () => {
    const answered = event("call.answered", 5);
    expect(newEventRows(spec(), answered, null)).toEqual([{ key: `event:${answered.id}`, row: expect.objectContaining({ table: "event" }) }]);
  });

  it("adds the transcript line's row, keyed by the same event", () => {
    const line = said(12, "Hello?");
    const rows = newEventRows(spec(), line, null);
    expect(rows.map((r) => r.key)).toEqual([`event:${line.id}`, `segment:${line.id}`]);
    expect(rows[1]?.row).toMatchObject({ table: "segment", row: { text: "Hello?", track: "inbound", confidence: 90 } });
  });
});

describe("an AI call's transcript", () => {
  // The AI's lines, a person's after each takeover (their leg bridged to its end), and the AI's again after the hand-back.
  const events = [
    said(5, "Hello, you are speaking with an automated assistant.", "outbound"),
    said(8, "Can I talk to a person?"),
    event("call.bridged", 20, "agent"),
    said(25, "Hi, this is Sam. How can I help?", "outbound"),
    hangup(40, "normal_clearing", "agent", "caller"),
    said(41, "Hi, it's the automated assistant again.", "outbound"),
    event("call.bridged", 60, "agent", { agentGeneration: 2 }),
    said(65, "Sam again.", "outbound"),
  ];
  const speakers = (order: readonly CarrierEvent[]) => {
    const record = foldCall(aiSpec(), order);
    return record.transcript.map((segment) => toSegmentView(segment, record.personHeld).speaker);
  };

  it("marks the AI's lines and the person's, whatever order the events arrived in", () => {
    const expected = ["ai", "customer", "agent", "ai", "agent"];
    expect(speakers(events)).toEqual(expected);
    expect(speakers([...events].reverse())).toEqual(expected);
    // The bridge that decides the person's line arrives after it: the line's row is written again with the person as its speaker.
    const late = foldCall(aiSpec(), events.filter((e) => e.type === "call.transcription"));
    const row = (record: typeof late) => segmentRow(aiSpec(), record.transcript[2]!, record.personHeld).row;
    expect([row(late), row(foldCall(aiSpec(), events))].map((r) => ("speaker" in r ? r.speaker : undefined))).toEqual(["ai", "agent"]);
  });

  it("leaves our side a person's on a call with no AI", () => {
    const record = foldCall(spec(), events);
    expect(record.transcript.map((segment) => toSegmentView(segment, record.personHeld).speaker)).toEqual(["agent", "customer", "agent", "agent", "agent"]);
  });
});
