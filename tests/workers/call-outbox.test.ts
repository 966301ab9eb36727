// The call actor's outbox under overlapping flushes: a webhook's pass and the alarm's may
// both be writing when a newer version of a row is queued. Whatever order they finish
// in, a row nobody wrote is never dropped (this lost a timeline entry before it was fixed).
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CallStorage } from "../../objects/call/call-storage";
import { Outbox } from "../../objects/shared/durable";

describe("the call outbox", () => {
  it("keeps a row queued after a slow flush began, even when a faster flush wrote and removed the one between", async () => {
    const stub = env.CallActor.get(env.CallActor.idFromName(`${crypto.randomUUID()}:${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (_instance, state) => {
      new CallStorage(state.storage); // the call's tables, as the actor migrates them
      const store = new Outbox(state.storage.sql, z.object({ version: z.number() }));
      store.enqueue("call", { version: 1 });
      const slowFlush = store.pending();
      store.enqueue("call", { version: 2 });
      const fastFlush = store.pending();
      store.markWritten(fastFlush);
      store.enqueue("call", { version: 3 });
      store.markWritten(slowFlush);
      expect(store.pending().map((row) => JSON.parse(row.json))).toEqual([{ version: 3 }]);
    });
  });
});
