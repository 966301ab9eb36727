// The dispatcher's pass as plain code: fake Postgres, network and clock.
import { describe, expect, it } from "vitest";
import type { AttemptRecord, DueDelivery } from "../../../../db/writers/webhook-records";
import { DELIVERIES_PER_PASS, RECORD_BATCH, runDispatchPass, sendSideBySide, type DispatchPorts } from "../../../../objects/webhook-dispatcher/dispatch-pass";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const DAY = 24 * 3600_000;

function delivery(overrides: Partial<DueDelivery> = {}): DueDelivery {
  return {
    deliveryId: crypto.randomUUID(),
    endpointId: "e1",
    messageId: "msg_1",
    url: "https://hooks.example.com/in",
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    previousSecret: null,
    previousSecretExpiresAt: null,
    body: "{}",
    occurredAt: new Date(NOW),
    attempts: 0,
    failingSince: null,
    ...overrides,
  };
}

function ports(due: DueDelivery[], answer: (url: string) => { status: number; retryAfter: string | null } | Error, refused: string | null = null) {
  const records: AttemptRecord[] = [];
  const posts: { url: string; headers: Record<string, string> }[] = [];
  const fake: DispatchPorts = {
    nowMs: () => NOW,
    random: () => 0.5,
    loadDue: async (_now, limit) => due.slice(0, limit),
    record: async (batch) => void records.push(...batch),
    nextDueAt: async () => new Date(NOW + 60_000),
    refusedTarget: async () => refused,
    post: async (url, headers) => {
      posts.push({ url, headers });
      const result = answer(url);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { fake, records, posts };
}

describe("a webhook dispatch pass", () => {
  it("records a success and clears nothing else", async () => {
    const { fake, records, posts } = ports([delivery()], () => ({ status: 200, retryAfter: null }));
    const result = await runDispatchPass("org", fake);
    expect(result).toEqual({ attempted: 1, succeeded: 1, wakeAtMs: NOW + 60_000 });
    expect(records[0]).toMatchObject({ outcome: { kind: "succeeded" }, responseStatus: 200, disableEndpoint: null });
    expect(posts[0]!.headers["webhook-id"]).toBe("msg_1");
  });

  it("disables the endpoint on 410 and when its failures have lasted three days", async () => {
    const gone = ports([delivery()], () => ({ status: 410, retryAfter: null }));
    await runDispatchPass("org", gone.fake);
    expect(gone.records[0]).toMatchObject({ disableEndpoint: "gone", outcome: { kind: "failed" } });

    const longFailing = ports([delivery({ failingSince: new Date(NOW - 3 * DAY) })], () => new Error("connection refused"));
    await runDispatchPass("org", longFailing.fake);
    expect(longFailing.records[0]).toMatchObject({ disableEndpoint: "failing", error: "connection refused", responseStatus: null });

    const recentlyFailing = ports([delivery({ failingSince: new Date(NOW - DAY) })], () => ({ status: 500, retryAfter: null }));
    await runDispatchPass("org", recentlyFailing.fake);
    expect(recentlyFailing.records[0]).toMatchObject({ disableEndpoint: null, outcome: { kind: "retry", at: new Date(NOW + 30_000) } });
  });

  it("never sends to a refused target, and counts that as a failed attempt", async () => {
    const { fake, records, posts } = ports([delivery()], () => ({ status: 200, retryAfter: null }), "resolves to 10.0.0.5, which is a private or reserved address");
    await runDispatchPass("org", fake);
    expect(posts).toHaveLength(0);
    expect(records[0]).toMatchObject({ error: expect.stringContaining("target refused"), outcome: { kind: "retry" } });
  });

  it("signs with the previous secret only while its roll window lasts", async () => {
    const rolling = ports([delivery({ previousSecret: "whsec_cHJldmlvdXMgc2VjcmV0IG9mIDMyIGJ5dGVzIQ==", previousSecretExpiresAt: new Date(NOW + 1000) })], () => ({ status: 200, retryAfter: null }));
    await runDispatchPass("org", rolling.fake);
    expect(rolling.posts[0]!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    const rolled = ports([delivery({ previousSecret: "whsec_cHJldmlvdXMgc2VjcmV0IG9mIDMyIGJ5dGVzIQ==", previousSecretExpiresAt: new Date(NOW - 1000) })], () => ({ status: 200, retryAfter: null }));
    await runDispatchPass("org", rolled.fake);
    expect(rolled.posts[0]!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
  });

  it("asks for another pass at once when a full batch was due", async () => {
    const due = Array.from({ length: DELIVERIES_PER_PASS + 5 }, () => delivery());
    const { fake } = ports(due, () => ({ status: 200, retryAfter: null }));
    expect(await runDispatchPass("org", fake)).toMatchObject({ attempted: DELIVERIES_PER_PASS, wakeAtMs: NOW });
  });

  it("records a pass's attempts in batches, every delivery once", async () => {
    const due = Array.from({ length: DELIVERIES_PER_PASS }, (_, i) => delivery({ messageId: `msg_${i}` }));
    const { fake, records } = ports(due, () => ({ status: 204, retryAfter: null }));
    const batches: number[] = [];
    const record = fake.record;
    fake.record = async (batch) => {
      batches.push(batch.length);
      await record(batch);
    };
    expect(await runDispatchPass("org", fake)).toMatchObject({ attempted: DELIVERIES_PER_PASS, succeeded: DELIVERIES_PER_PASS });
    expect(new Set(records.map((r) => r.delivery.deliveryId)).size).toBe(DELIVERIES_PER_PASS);
    expect(batches.length).toBe(Math.ceil(DELIVERIES_PER_PASS / RECORD_BATCH));
    expect(Math.max(...batches)).toBeLessThanOrEqual(RECORD_BATCH);
  });
});

describe("sending side by side", () => {
  it("keeps to the limit per endpoint and in all, and a stuck endpoint never holds another's deliveries", async () => {
    const due = [...Array.from({ length: 6 }, () => delivery({ endpointId: "slow" })), ...Array.from({ length: 6 }, () => delivery({ endpointId: "fast" }))];
    const stuck: (() => void)[] = [];
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    const fastDone: string[] = [];
    const sending = sendSideBySide(
      due,
      async (d) => {
        running.set(d.endpointId, (running.get(d.endpointId) ?? 0) + 1);
        most.set(d.endpointId, Math.max(most.get(d.endpointId) ?? 0, running.get(d.endpointId)!));
        mostTotal = Math.max(mostTotal, ++total);
        if (d.endpointId === "slow") await new Promise<void>((resolve) => stuck.push(resolve));
        else await Promise.resolve();
        running.set(d.endpointId, running.get(d.endpointId)! - 1);
        total--;
        if (d.endpointId === "fast") fastDone.push(d.deliveryId);
      },
      { perEndpoint: 2, total: 3 },
    );
    // The slow endpoint holds its two slots; the fast one gets through all six on the one left.
    for (let i = 0; i < 50 && fastDone.length < 6; i++) await Promise.resolve();
    expect(fastDone).toHaveLength(6);
    expect(stuck).toHaveLength(2);
    let done = false;
    void sending.then(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) {
      while (stuck.length) stuck.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(done).toBe(true);
    await sending;
    expect(most.get("slow")).toBe(2);
    expect(most.get("fast")).toBeLessThanOrEqual(2);
    expect(mostTotal).toBeLessThanOrEqual(3);
  });
});
