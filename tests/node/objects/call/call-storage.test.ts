// The call's inbox as the actor keeps it: after every added event the kept array is what a
// fresh read of storage gives (the same order, the same parsed events), so keeping it in
// memory instead of reading it all again never changes what the call is folded from.
import { afterEach, describe, expect, it } from "vitest";
import { CallStorage } from "../../../../objects/call/call-storage";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";
import { event, hangup, said } from "./events";
import { carrierEventSchema } from "../../../../objects/call/carrier-event";

let sql: TestSqlStorage | null = null;
afterEach(() => sql?.close());

async function storedCall(): Promise<{ storage: CallStorage; reread: () => CallStorage }> {
  sql = await openTestSqlStorage();
  const durable = { sql } as unknown as DurableObjectStorage;
  return { storage: new CallStorage(durable), reread: () => new CallStorage(durable) };
}

describe("the call's kept inbox", () => {
  it("takes each new event in its place, late and same-second ones included, as a fresh read orders them", async () => {
    const { storage, reread } = await storedCall();
    const arrivals = [event("call.answered", 5), event("call.initiated", 0), said(9, "hello"), said(7, "hi"), hangup(30, "normal_clearing"), said(9, "again")];
    expect(storage.events()).toEqual([]);
    for (const arriving of arrivals) {
      const before = storage.events();
      expect(storage.addEvent(arriving, 1)).toBe(true);
      expect(storage.events()).not.toBe(before);
      expect(storage.events()).toEqual(reread().events());
    }
    expect(storage.events().map((e) => e.occurredAtMs)).toEqual([...arrivals.map((e) => e.occurredAtMs)].sort((a, b) => a - b));
  });

  it("takes a webhook's event, parsed once on arrival, as a fresh read of storage parses it", async () => {
    const { storage, reread } = await storedCall();
    // Arriving as the Worker sends them (a legacy payload field, a transcript, a recording),
    // through the schema once, as receiveCarrierEvent parses them.
    const arrivals = [event("call.initiated", 0), said(9, "hello"), hangup(30, "normal_clearing"), event("call.answered", 5), said(9, "again")].map((arriving) => carrierEventSchema.parse(arriving));
    storage.events();
    for (const arriving of arrivals) {
      expect(storage.addEvent(arriving, 1, { schemaParsed: true })).toBe(true);
      expect(storage.events()).toEqual(reread().events());
    }
    expect(storage.events()).toHaveLength(arrivals.length);
  });

  it("keeps the same array when an event it has already stored comes again", async () => {
    const { storage } = await storedCall();
    const answered = event("call.answered", 5);
    storage.addEvent(answered, 1);
    const kept = storage.events();
    expect(storage.addEvent(answered, 2)).toBe(false);
    expect(storage.events()).toBe(kept);
  });
});

describe("whether an event is stored already", () => {
  it("says what storage holds, before and after the inbox is read, an unreadable row's id included", async () => {
    const { storage, reread } = await storedCall();
    const answered = event("call.answered", 5);
    expect(storage.hasEvent(answered.id)).toBe(false);
    storage.addEvent(answered, 1);
    expect(storage.hasEvent(answered.id)).toBe(true);
    sql!.exec("INSERT INTO events (id, occurred_at_ms, json, received_at_ms) VALUES ('unreadable', 1, '{}', 1)");
    const fresh = reread();
    fresh.events();
    const hello = said(9, "hello");
    for (const stored of [storage, fresh]) expect([stored.hasEvent(answered.id), stored.hasEvent(hello.id)]).toEqual([true, false]);
    expect(fresh.hasEvent("unreadable")).toBe(true);
    fresh.addEvent(hello, 2);
    expect(fresh.hasEvent(hello.id)).toBe(true);
  });
});

describe("the call row's kept version", () => {
  it("is what a fresh read of storage gives after every change, and an unchanged view queues no version", async () => {
    const { storage, reread } = await storedCall();
    expect(storage.nextVersionIfChanged('{"status":"dialing"}')).toBe(1);
    expect(storage.nextVersionIfChanged('{"status":"dialing"}')).toBeNull();
    expect(storage.nextVersionIfChanged('{"status":"answered"}')).toBe(2);
    expect(reread().recordVersion()).toEqual(storage.recordVersion());
    // An actor started again (after an eviction) carries on from the stored version.
    const again = reread();
    expect(again.nextVersionIfChanged('{"status":"answered"}')).toBeNull();
    expect(again.nextVersionIfChanged('{"status":"ended"}')).toBe(3);
  });
});
