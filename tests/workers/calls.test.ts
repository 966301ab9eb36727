// Calls end to end inside the engine: the API places a call, the call's actor dials the
// carrier simulator, the simulator's signed webhooks come back through
// /webhooks/telnyx, and the record lands in Postgres.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { call } from "./support/client";
import { CallPump, carrierCommandLog, carrierLegsOf, HeldLiveHuman } from "./support/carrier";
import { PERSONA_NUMBERS, placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member;
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Calls");
  agent = await inviteAndJoin(owner, "agent");
});

async function eventIdsInPostgres(callId: string): Promise<string[]> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    const result = await handle.db.execute<{ id: string }>(sql`select id from call_events where call_id = ${callId}`);
    return result.rows.map((r) => r.id);
  } finally {
    await handle.close();
  }
}

describe("a direct call to a live person", () => {
  it("keeps the word a person says as they answer: their dial asked the carrier to transcribe from the answer", async () => {
    const callee = await HeldLiveHuman.create();
    const id = await placeCall(agent, { to: callee.number, kind: "direct" });
    const pump = CallPump.forCall(id);
    await callee.answerAndGreet(pump, id);
    await callee.talkAndHangUp();
    let record: any;
    await pump.until(async () => {
      record = await readCall(agent, id);
      return record.status === "completed" && record.transcript.length > 0;
    });
    expect(record.transcript[0]).toMatchObject({ speaker: "customer", text: "Hello?" });
    // Nothing asked twice: the dial carried it, so no transcription_start went out.
    const commands = await carrierCommandLog();
    const customerLeg = (await carrierLegsOf(id)).find((l) => l.to === callee.number)!;
    expect(commands.filter((c) => c.callControlId === customerLeg.call_control_id).map((c) => c.kind)).not.toContain("transcription_start");
  });

  it("rings, is answered, is transcribed and recorded, completes, and is on the record", async () => {
    const callee = await HeldLiveHuman.create();
    const id = await placeCall(agent, { to: callee.number, kind: "direct" });
    const pump = CallPump.forCall(id);
    await callee.answer(pump, id);
    await callee.talkAndHangUp();
    let record: any;
    await pump.until(async () => {
      record = await readCall(agent, id);
      return record.status === "completed" && record.recordings.length > 0;
    });

    expect(record).toMatchObject({ status: "completed", amdResult: "human", direction: "outbound", to: callee.number });
    // The carrier's answer to its hang-up (held, the minute passes in a moment of real time).
    const leg = (await carrierLegsOf(id)).find((l) => l.to === callee.number)!;
    expect(record.durationSeconds).toBe(Math.round((Date.parse(leg.ended_at!) - Date.parse(leg.answered_at!)) / 1000));
    expect(record.timeline.filter((t: any) => t.status).map((t: any) => t.status)).toEqual(["ringing", "answered", "completed"]);
    const deliveredIds = new Set(pump.delivered.map((d) => d.eventId));
    for (const entry of record.timeline) expect(deliveredIds.has(entry.eventId) || entry.eventId.startsWith("wib.")).toBe(true);

    expect(record.transcript.length).toBeGreaterThan(0);
    expect(record.transcript.some((s: any) => s.speaker === "customer")).toBe(true);

    const audio = await call(agent, "GET", record.recordings[0].url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toMatch(/audio\/wav/);
    expect(String(audio.body).startsWith("RIFF")).toBe(true);

    const stored = await eventIdsInPostgres(id);
    for (const delivered of deliveredIds) expect(stored).toContain(delivered);
    expect(new Set(stored).size).toBe(stored.length);
  });
});

describe("outcomes before anyone talks", () => {
  it.each([
    ["busy", "busy", PERSONA_NUMBERS.busy],
    ["invalid", "failed", PERSONA_NUMBERS.invalid],
  ])("a %s number ends the call as %s", async (_label, status, number) => {
    const id = await placeCall(agent, { to: number, kind: "direct" });
    let record: any;
    await CallPump.forCall(id).until(async () => TERMINAL.has((record = await readCall(agent, id)).status));
    expect(record.status).toBe(status);
    expect(record.answeredAt).toBeNull();
  });

  it("an answering machine is detected and hung up, never left talking to nobody", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.answeringMachine, kind: "direct" });
    let record: any;
    await CallPump.forCall(id).until(async () => TERMINAL.has((record = await readCall(agent, id)).status));
    expect(record).toMatchObject({ status: "completed", amdResult: "machine" });
    expect(record.timeline.map((t: any) => t.text)).toContain("Answering machine answered");
  });
});

describe("hanging up", () => {
  it("an agent hangs up a live call; the hang-up is audited and the call completes", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await readCall(agent, id)).status === "answered");
    const hangup = await call(agent, "POST", `/api/calls/${id}/hangup`);
    expect(hangup.status).toBe(202);
    let record: any;
    await pump.until(async () => TERMINAL.has((record = await readCall(agent, id)).status));
    expect(record.status).toBe("completed");
    expect(record.timeline.map((t: any) => t.text)).toContain("Hang-up requested");
    const audit = await call(owner, "GET", "/api/audit?limit=20");
    expect(audit.body.entries.some((e: any) => e.action === "call.hangup_requested" && e.resourceId === id)).toBe(true);
  });
});

describe("notes and disposition", () => {
  it("are saved on the call and audited with before and after", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    // A callback names its time (the disposition's details).
    const callbackAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const saved = await call(agent, "PATCH", `/api/calls/${id}`, { notes: "Asked to call back Friday", disposition: "callback", dispositionDetails: { callbackAt } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await readCall(agent, id)).disposition).toBe("callback");
    const audit = await call(owner, "GET", "/api/audit?limit=5");
    expect(audit.body.entries.find((e: any) => e.action === "call.annotated" && e.resourceId === id)).toMatchObject({
      before: { notes: "", disposition: null },
      after: { notes: "Asked to call back Friday", disposition: "callback" },
    });
  });
});

describe("two people saving the same call's disposition", () => {
  it("the save made against an older version is refused with 409 naming who saved first; a save against the current version succeeds", async () => {
    const supervisor = await inviteAndJoin(owner, "supervisor");
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const read = await readCall(agent, id);
    expect(read.annotationVersion).toEqual(expect.any(Number));

    const first = await call(agent, "PATCH", `/api/calls/${id}`, { notes: "Paid in full", disposition: "paid", annotationVersion: read.annotationVersion });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await call(supervisor, "PATCH", `/api/calls/${id}`, { notes: "Refused", disposition: "refused", annotationVersion: read.annotationVersion });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("edited_elsewhere");
    expect(second.body.error.message).toContain("Saved by agent person");
    expect(second.body.error.message).toMatch(/while you were editing/);
    // The first save stands.
    expect(await readCall(agent, id)).toMatchObject({ disposition: "paid", notes: "Paid in full" });

    const current = await readCall(supervisor, id);
    const retried = await call(supervisor, "PATCH", `/api/calls/${id}`, { notes: "Refused", disposition: "refused", annotationVersion: current.annotationVersion });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(await readCall(agent, id)).toMatchObject({ disposition: "refused", notes: "Refused" });
  });
});

describe("a promise to pay's date and amount", () => {
  it("are kept when only the notes are saved, and cleared when the disposition changes to one without details", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const promise = { promiseDate: "2099-01-15", promiseAmountCents: 15_000 };
    const stored = await call(agent, "PATCH", `/api/calls/${id}`, { notes: "Will pay", disposition: "promise_to_pay", dispositionDetails: promise });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);

    expect((await call(agent, "PATCH", `/api/calls/${id}`, { notes: "Will pay on the 15th" })).status).toBe(200);
    expect(await readCall(agent, id)).toMatchObject({ notes: "Will pay on the 15th", disposition: "promise_to_pay", dispositionDetails: promise });

    // The same disposition again without details, or with only the amount: the stored details stay, merged.
    expect((await call(agent, "PATCH", `/api/calls/${id}`, { disposition: "promise_to_pay" })).status).toBe(200);
    const amountOnly = await call(agent, "PATCH", `/api/calls/${id}`, { disposition: "promise_to_pay", dispositionDetails: { promiseAmountCents: 20_000 } });
    expect(amountOnly.status, JSON.stringify(amountOnly.body)).toBe(200);
    expect((await readCall(agent, id)).dispositionDetails).toEqual({ promiseDate: "2099-01-15", promiseAmountCents: 20_000 });

    expect((await call(agent, "PATCH", `/api/calls/${id}`, { disposition: "paid" })).status).toBe(200);
    expect(await readCall(agent, id)).toMatchObject({ disposition: "paid", dispositionDetails: null });
  });

  it("a new promise without its amount is refused, naming the field", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const response = await call(agent, "PATCH", `/api/calls/${id}`, { disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2099-01-15" } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: any) => f.path)).toContain("dispositionDetails.promiseAmountCents");
  });
});

describe("who sees which calls", () => {
  it("an agent lists only their own calls; a supervisor lists every call of the organisation", async () => {
    const otherAgent = await inviteAndJoin(owner, "agent");
    const supervisor = await inviteAndJoin(owner, "supervisor");
    const mine = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const theirs = await placeCall(otherAgent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const agentList = await call(agent, "GET", "/api/calls?limit=200");
    const ids = agentList.body.calls.map((c: any) => c.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    expect((await call(agent, "GET", `/api/calls/${theirs}`)).status).toBe(404);
    const supervisorIds = (await call(supervisor, "GET", "/api/calls?limit=200")).body.calls.map((c: any) => c.id);
    expect(supervisorIds).toEqual(expect.arrayContaining([mine, theirs]));
  });

  it("refuses a number that is not E.164, naming the field", async () => {
    const response = await call(agent, "POST", "/api/calls", { to: "555-0100", kind: "direct" });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe("to");
  });
});
