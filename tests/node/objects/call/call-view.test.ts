// What a new event adds to the call's record in Postgres: its own row always, and a
// transcript row when it carries a final transcript line.
import { describe, expect, it } from "vitest";
import { newEventRows } from "../../../../objects/call/call-view";
import { event, said, spec } from "./events";

describe("a new event's rows", () => {
  it("is the event's own row for an event without a transcript line", () => {
    const answered = event("call.answered", 5);
    expect(newEventRows(spec(), answered)).toEqual([{ key: `event:${answered.id}`, row: expect.objectContaining({ table: "event" }) }]);
  });

  it("adds the transcript line's row, keyed by the same event", () => {
    const line = said(12, "Hello?");
    const rows = newEventRows(spec(), line);
    expect(rows.map((r) => r.key)).toEqual([`event:${line.id}`, `segment:${line.id}`]);
    expect(rows[1]?.row).toMatchObject({ table: "segment", row: { text: "Hello?", track: "inbound", confidence: 90 } });
  });
});
