// Administration → Inbound queues' form without a browser: a queue as typed becomes a body
// the API's own schema takes, a stored queue reads back into the same form, and a line that
// does not read is named at its field before anything is sent.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { queueSettingsFields } from "../../../domain/inbound-queues";
import { bodyOf, draftOf, hoursSummary, withTeamMembers } from "../../../ui/src/lib/queue-form";
import type { InboundQueue } from "../../../worker/http/contracts/inbound-queues";

const apiSchema = z.strictObject(queueSettingsFields);
const ANN = "00000000-0000-4000-8000-000000000001";
const BOB = "00000000-0000-4000-8000-000000000002";
const OTHER_QUEUE = "00000000-0000-4000-8000-0000000000aa";

describe("the queue form", () => {
  it("starts a new queue from the API's defaults, which the API takes back unchanged", () => {
    const draft = { ...draftOf(null), name: "Care" };
    const result = bodyOf(draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(apiSchema.parse(result.body)).toEqual(result.body);
    expect(hoursSummary(result.body.hours)).toBe("Always open");
    expect(result.body.agentRing).toBeNull();
  });

  it("reads hours, holidays, members' skills, actions and the ring as typed into a body the API takes", () => {
    const draft = draftOf(null);
    draft.name = "Spanish care";
    draft.timeZone = "America/New_York";
    draft.weekly.mon = "9:00-12:00, 13:00 – 17:00";
    draft.weekly.sat = "";
    for (const day of ["tue", "wed", "thu", "fri", "sun"] as const) draft.weekly[day] = "";
    draft.holidays = "2026-12-25 Christmas\n\n2027-01-01";
    draft.members = [{ userId: ANN, skills: "language:es 8, collections" }];
    draft.overflowAction = { kind: "queue", text: "", queueId: OTHER_QUEUE };
    draft.closedAction = { kind: "voicemail", text: "Leave us a message", queueId: "" };
    draft.ringsAgents = true;
    draft.acceptSeconds = 15;
    const result = bodyOf(draft);
    if (!result.ok) throw new Error(result.message);
    expect(apiSchema.parse(result.body)).toEqual(result.body);
    expect(result.body.hours).toEqual({
      timeZone: "America/New_York",
      weekly: { mon: [{ from: "09:00", to: "12:00" }, { from: "13:00", to: "17:00" }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [{ date: "2026-12-25", name: "Christmas" }, { date: "2027-01-01", name: "" }],
    });
    expect(result.body.members).toEqual([{ userId: ANN, skills: { "language:es": 8, collections: 1 } }]);
    expect(result.body.closedAction).toEqual({ kind: "voicemail", greeting: "Leave us a message" });
    // No number of its own: the organisation's miss threshold applies.
    expect(result.body.agentRing).toEqual({ acceptSeconds: 15 });
    expect(hoursSummary(result.body.hours)).toBe("Mon 09:00-12:00, 13:00-17:00 (America/New_York), 2 holidays");
  });

  it("reads a stored queue back into the form it was saved from", () => {
    const draft = { ...draftOf(null), name: "Round trip", requiredSkills: "collections 5", missesBeforeBreak: "4", ringsAgents: true };
    const result = bodyOf(draft);
    if (!result.ok) throw new Error(result.message);
    const stored: InboundQueue = { ...result.body, id: OTHER_QUEUE, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" };
    expect(draftOf(stored)).toEqual(draft);
  });

  it("names the field of a line that does not read, before anything is sent", () => {
    const spans = { ...draftOf(null), name: "x" };
    spans.weekly.tue = "nine to five";
    expect(bodyOf(spans)).toEqual({ ok: false, field: "hours.weekly.tue", message: '"nine to five" is not a span like 09:00-17:00' });
    expect(bodyOf({ ...draftOf(null), holidays: "Christmas" })).toMatchObject({ ok: false, field: "hours.holidays" });
    expect(bodyOf({ ...draftOf(null), members: [{ userId: ANN, skills: "spanish 11" }] })).toMatchObject({ ok: false, field: "members.0.skills" });
    expect(bodyOf({ ...draftOf(null), overflowAction: { kind: "queue", text: "", queueId: "" } })).toMatchObject({ ok: false, field: "overflowAction.queueId" });
    expect(bodyOf({ ...draftOf(null), ringsAgents: true, missesBeforeBreak: "three" })).toMatchObject({ ok: false, field: "agentRing.missesBeforeBreak" });
    expect(bodyOf({ ...draftOf(null), closedAction: { kind: "callback", text: "", queueId: "" } })).toMatchObject({ ok: false, field: "closedAction.kind" });
  });

  it("keeps an overflowing caller's place as a callback when the overflow action says so", () => {
    const result = bodyOf({ ...draftOf(null), name: "Care", overflowAction: { kind: "callback", text: "", queueId: "" } });
    expect(result.ok && apiSchema.parse(result.body).overflowAction).toEqual({ kind: "callback" });
  });

  it("adds a team's members who take calls, keeping those already listed as they are", () => {
    const members = [{ userId: ANN, skills: "language:es 8" }];
    const team = { members: [{ userId: ANN }, { userId: BOB }, { userId: "viewer" }] };
    expect(withTeamMembers(members, team, (id) => id !== "viewer")).toEqual([{ userId: ANN, skills: "language:es 8" }, { userId: BOB, skills: "" }]);
  });
});
