// Which database failures the API answers with 503 (try again shortly) instead of 500.
// The first case is real: a full PostgreSQL refusing a session, reached the way the
// Worker reaches it (Neon driver, drizzle, the local relay), so the error has the
// exact shape the Worker's error handler sees.
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../scripts/lib/local-postgres";
import { startWsRelay, type WsRelay } from "../../../scripts/lib/ws-relay";
import { openDatabase } from "../../../db/client";
import { TEST_ACCESS } from "../support/database-access";
import { isDatabaseUnavailable } from "../../../db/postgres-errors";
import { DeadlineExceeded } from "../../../db/deadline";

/** A Postgres error as the driver builds it: an Error with the server's SQLSTATE in `code`. */
const postgresError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });
/** What drizzle throws around a driver error: its message quotes the SQL. */
const wrapped = (cause: unknown, query = "select 1") => new DrizzleQueryError(query, [], cause as Error);

describe("a full PostgreSQL (too many clients, SQLSTATE 53300)", () => {
  const MAX_CONNECTIONS = 5;
  let postgres: LocalPostgres;
  let relay: WsRelay;
  const held: pg.Client[] = [];

  beforeAll(async () => {
    const dataDir = path.join(os.tmpdir(), `wib-full-pg-${process.pid}-${Date.now()}`, "pg");
    postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false, maxConnections: MAX_CONNECTIONS });
    relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
    neonConfig.webSocketConstructor = ws;
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      const client = new pg.Client({ connectionString: postgres.urlFor("postgres") });
      await client.connect();
      held.push(client);
    }
  });

  afterAll(async () => {
    await Promise.all(held.map((client) => client.end()));
    await relay?.close();
    await postgres?.stop();
  });

  it("is unavailable (503), as the Worker's driver reports it", async () => {
    const handle = openDatabase({ DATABASE_URL: postgres.urlFor("postgres"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` }, TEST_ACCESS);
    const failure = await handle.db.execute(sql`select 1`).then(
      () => null,
      (error: unknown) => error,
    );
    await handle.close();
    expect(failure).not.toBeNull();
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure)) + String((failure as { cause?: unknown }).cause)).toMatch(/53300|too many clients/);
    expect(isDatabaseUnavailable(failure)).toBe(true);
  });
});

describe("the classifier", () => {
  it.each([
    ["too many clients (53300)", postgresError("53300", "sorry, too many clients already")],
    ["cannot connect now: starting up (57P03)", postgresError("57P03", "the database system is starting up")],
    ["shut down by an administrator (57P01)", postgresError("57P01", "terminating connection due to administrator command")],
    ["a connection exception (08006)", postgresError("08006", "connection failure")],
    ["a dropped WebSocket, without a SQLSTATE", new Error("Connection terminated unexpectedly")],
    ["drizzle's wrapper around too many clients", wrapped(postgresError("53300", "sorry, too many clients already"))],
    ["drizzle's wrapper around a dropped connection", wrapped(new Error("Network connection lost."))],
    ["our own deadline passing", new DeadlineExceeded("the database (looking up a console session) did not answer within 5000 ms")],
    ["our deadline as an actor's RPC hands it back (a plain Error)", new Error("the database (looking up a console session) did not answer within 5000 ms")],
  ])("counts %s as unavailable", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation (23505)", wrapped(postgresError("23505", "duplicate key value violates unique constraint"))],
    ["an undefined table (42P01)", postgresError("42P01", 'relation "connections" does not exist')],
    ["a query whose SQL says connection and closed, failing for another reason", wrapped(new TypeError("Cannot read properties of undefined"), 'select "connection_id" from "sockets" where "closed"')],
    ["a plain bug", new TypeError("x is not a function")],
    ["a thrown string", "closed"],
  ])("does not count %s (a 500)", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
