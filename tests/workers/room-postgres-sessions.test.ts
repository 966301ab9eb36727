// Entering an actor room, or probing /api/health, costs no Postgres session: a RecordWriter
// answers over its kept connection. Counted from pg_stat_database, which counts every session
// of the test database, so this file runs alone (SHARED_STATE_FILES in vitest.workers.config.ts):
// beside another file's requests (each opens sessions of its own) the count says nothing.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { BASE_URL } from "./support/client";
import { inviteAndJoin, signUp } from "./support/orgs";

const connect = (room: string, cookie: string) =>
  exports.default.fetch(new Request(`${BASE_URL}/parties/agent-pool-actor/${room}`, { headers: { upgrade: "websocket", cookie } }));

/** Sessions ever opened on the test database, counted once a marker session has ended (a session is counted when it ends). */
async function sessionsAfter(work: () => Promise<void>): Promise<number> {
  const probe = openDatabase(env, TEST_ACCESS, { maxConnections: 1 });
  const sessionsOpened = async () => {
    const { rows } = await probe.db.execute<{ sessions: string }>(sql`select sessions::text from pg_stat_database where datname = current_database()`);
    return Number(rows[0]!.sessions);
  };
  try {
    const before = await sessionsOpened();
    await work();
    const marker = openDatabase(env, TEST_ACCESS, { maxConnections: 1 });
    await marker.db.execute(sql`select 1`);
    await marker.close();
    await expect.poll(sessionsOpened, { timeout: 30_000 }).toBeGreaterThan(before);
    return (await sessionsOpened()) - before - 1;
  } finally {
    await probe.close();
  }
}

describe("actor rooms and Postgres", () => {
  it("health probes open no Postgres session each (a RecordWriter answers over its kept connection), and still see Postgres", async () => {
    const probeHealth = async () => {
      const response = await exports.default.fetch(new Request(`${BASE_URL}/api/health`));
      expect(response.status).toBe(200);
      expect(((await response.json()) as { db: { ok: boolean } }).db.ok).toBe(true);
    };
    // The writer's kept connection exists before counting.
    await probeHealth();
    expect(await sessionsAfter(async () => {
      for (let i = 0; i < 10; i++) await probeHealth();
    })).toBe(0);
  });

  it("a console session entering rooms opens no Postgres session per socket (the room's RecordWriter reads it over its kept connection)", async () => {
    const owner = await signUp("RoomSessions");
    const agent = await inviteAndJoin(owner, "agent");
    const room = `${owner.organizationId}:pool`;
    // The writer's kept connection exists before counting.
    (await connect(room, agent.cookie!)).webSocket!.accept();
    const opened = await sessionsAfter(async () => {
      for (let i = 0; i < 10; i++) {
        const admitted = await connect(room, agent.cookie!);
        expect(admitted.status).toBe(101);
        admitted.webSocket!.accept();
        admitted.webSocket!.close();
      }
    });
    // At most the writer's second kept connection (the pool's presence spans).
    expect(opened).toBeLessThanOrEqual(1);
  });
});
