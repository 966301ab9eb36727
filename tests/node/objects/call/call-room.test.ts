// What a call actor's room is told as a call changes (call-room.ts): a transcript line
// goes out at once with its language, before its event is stored and before the record
// and view it changes are derived;
// the view follows on the refresh, only when it changed, carrying each line once; the
// call row queued for Postgres shows the timeline the supervisors see.
import { afterEach, describe, expect, it } from "vitest";
import { CallFold } from "../../../../objects/call/call-fold";
import { CallRoom } from "../../../../objects/call/call-room";
import { CallStorage } from "../../../../objects/call/call-storage";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";
import { event, said, spec } from "./events";

let sql: TestSqlStorage | null = null;
afterEach(() => sql?.close());

/** onBroadcast: told as each message goes to everyone, before it is kept in `sent`. */
async function room(onBroadcast: (store: CallStorage) => void = () => undefined) {
  sql = await openTestSqlStorage();
  const store = new CallStorage({ sql } as unknown as DurableObjectStorage);
  const sent: { type: string; segment?: { id: string; language: string | null }; transcript?: { id: string }[] }[] = [];
  const callRoom = new CallRoom(store, new CallFold(store), {
    broadcast: (message) => (onBroadcast(store), sent.push(JSON.parse(message))),
    connections: () => [{ audience: "supervisor", send: (message: string) => sent.push(JSON.parse(message)) }],
  });
  const call = spec();
  store.saveSpec(call);
  const receive = (arriving: CarrierEvent) => {
    store.addEvent(arriving, arriving.occurredAtMs);
    callRoom.recordEvent(call, arriving);
  };
  return { store, sent, receive, refresh: () => callRoom.refresh(call), arrive: (arriving: CarrierEvent) => callRoom.receive(call, arriving, arriving.occurredAtMs) };
}

describe("a call's room", () => {
  it("gets a transcript line at once with its language, and the view it changes only on the refresh", async () => {
    const { sent, receive, refresh } = await room();
    receive(event("call.answered", 1));
    refresh();
    sent.length = 0;
    const line = said(3, "¿Bueno? ¿Hay alguien ahí?");
    receive(line);
    expect(sent).toEqual([{ type: "transcript", segment: expect.objectContaining({ id: line.id, language: "es" }) }]);
    refresh();
    expect(sent.map((m) => m.type)).toEqual(["transcript", "call"]);
    expect(sent[1]!.transcript!.map((s) => s.id)).toEqual([line.id]);
  });

  it("sends a webhook's new line before its event is stored (workerd holds what is sent after a write), and a repeat of it not at all", async () => {
    const line = said(3, "Sí, soy yo. ¿De qué se trata?");
    const storedWhenSent: boolean[] = [];
    const { store, sent, arrive } = await room((stored) => storedWhenSent.push(stored.hasEvent(line.id)));
    expect(arrive(line)).toBe(true);
    expect(arrive(line)).toBe(false);
    expect(sent).toEqual([{ type: "transcript", segment: expect.objectContaining({ id: line.id, language: "es" }) }]);
    expect(storedWhenSent).toEqual([false]);
    expect(store.events().map((e) => e.id)).toEqual([line.id]);
    expect(store.outbox.pending().map((entry) => entry.key)).toEqual(expect.arrayContaining([`event:${line.id}`, `segment:${line.id}`]));
  });

  it("sends the view only when it changed, each line in one view message, and queues the call row with the supervisors' timeline", async () => {
    const { store, sent, receive, refresh } = await room();
    receive(event("call.answered", 1));
    refresh();
    const first = said(3, "Sí, soy yo. ¿De qué se trata?");
    receive(first);
    refresh();
    refresh();
    const second = said(9, "Sí, lo sé. Me pagan el viernes.");
    receive(second);
    const { view } = refresh();
    const views = sent.filter((m) => m.type === "call");
    expect(views.map((m) => m.transcript!.map((s) => s.id))).toEqual([[], [first.id], [second.id]]);
    const queued = store.outbox.pending().find((entry) => entry.key === "call");
    expect(JSON.parse(queued!.json)).toMatchObject({ table: "call", row: { version: 3, timeline: view.timeline } });
  });
});
