// Reads the system of record directly (node-postgres on the stack's database URL): how
// many connections the engine holds and opens and what they are doing (working, idle,
// waiting for a lock), how many transactions it commits, and, after the run, which
// delivered carrier events made it into call_events.
import pg from "pg";
import { monotonicMs } from "./monotonic-clock.ts";

const QUERY_CHUNK = 5_000;
const DRAIN_POLL_MS = 1_000;

export interface DatabaseCounters {
  atMs: number;
  /** Sessions ever opened on the database (pg_stat_database.sessions). */
  sessions: number;
  commits: number;
  connections: number;
}

/** One look at pg_stat_activity for the engine's database (our own connection excluded). */
export interface ActivitySample {
  connections: number;
  active: number;
  idle: number;
  idleInTransaction: number;
  /** Waiting for the audit chain's per-organisation advisory lock (taken at commit: migrations/0004_audit_chain_trigger.sql). */
  waitingForAdvisoryLock: number;
  /** Waiting for another transaction's row lock (two writers on one row). */
  waitingForRowLock: number;
}

/** One statement of pg_stat_statements over the window (--profile-sql). */
export interface StatementStat {
  statement: string;
  calls: number;
  totalMs: number;
  rows: number;
}

export interface DurabilityCheck {
  /** Event ids delivered with a 2xx and not in call_events. */
  missing: string[];
  /** call_events rows beyond one per id (the primary key says 0). */
  extraRows: number;
  /** Delivered transcription events without their transcript_segments row. */
  missingSegments: number;
  /** How long we waited for actors' outboxes to reach Postgres after the last call ended. */
  waitedMs: number;
}

export class PostgresProbe {
  readonly #client: pg.Client;
  #sampler: NodeJS.Timeout | undefined;
  readonly activity: ActivitySample[] = [];
  /** What lock waiters were running (statement start, ids blanked) → the most seen waiting at once. */
  readonly lockWaitStatements = new Map<string, number>();
  /** What sessions idle in a transaction last ran (statement start, whitespace folded) → the most seen at once. */
  readonly idleInTransactionStatements = new Map<string, number>();

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  static async open(databaseUrl: string): Promise<PostgresProbe> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new PostgresProbe(client);
  }

  async counters(): Promise<DatabaseCounters> {
    const { rows } = await this.#client.query<{ sessions: string; commits: string; connections: number }>(
      `select d.sessions::text, d.xact_commit::text as commits,
              (select count(*)::int from pg_stat_activity a where a.datname = d.datname) as connections
         from pg_stat_database d where d.datname = current_database()`,
    );
    const row = rows[0];
    if (!row) throw new Error("pg_stat_database has no row for this database");
    return { atMs: monotonicMs(), sessions: Number(row.sessions), commits: Number(row.commits), connections: row.connections };
  }

  /** Samples pg_stat_activity every intervalMs until stopSampling(). */
  startSampling(intervalMs: number): void {
    this.#sampler = setInterval(() => {
      this.#client
        .query<ActivitySample>(
          `select count(*)::int as connections,
                  (count(*) filter (where state = 'active'))::int as active,
                  (count(*) filter (where state = 'idle'))::int as idle,
                  (count(*) filter (where state = 'idle in transaction'))::int as "idleInTransaction",
                  (count(*) filter (where wait_event_type = 'Lock' and wait_event = 'advisory'))::int as "waitingForAdvisoryLock",
                  (count(*) filter (where wait_event_type = 'Lock' and wait_event in ('transactionid', 'tuple')))::int as "waitingForRowLock"
             from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        )
        .then(
          ({ rows }) => rows[0] && this.activity.push(rows[0]),
          () => {},
        );
      this.#client
        .query<{ statement: string; waiting: number }>(
          `select left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as statement, count(*)::int as waiting
             from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'
            group by 1`,
        )
        .then(
          ({ rows }) => {
            for (const { statement, waiting } of rows) this.lockWaitStatements.set(statement, Math.max(waiting, this.lockWaitStatements.get(statement) ?? 0));
          },
          () => {},
        );
      // Which transactions are held open between statements, and by what (their last statement).
      this.#client
        .query<{ statement: string; idle: number }>(
          `select left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as statement, count(*)::int as idle
             from pg_stat_activity
            where datname = current_database() and state = 'idle in transaction'
            group by 1`,
        )
        .then(
          ({ rows }) => {
            for (const { statement, idle } of rows) this.idleInTransactionStatements.set(statement, Math.max(idle, this.idleInTransactionStatements.get(statement) ?? 0));
          },
          () => {},
        );
    }, intervalMs);
  }

  /** --profile-sql: the cluster preloads pg_stat_statements; its view lives in the database that creates it. */
  async enableStatementStats(): Promise<void> {
    await this.#client.query("create extension if not exists pg_stat_statements");
  }

  async resetStatementStats(): Promise<void> {
    await this.#client.query("select pg_stat_statements_reset()");
  }

  /** Every statement run on this database since the reset, most total time first (ours excluded by their text). */
  async statementStats(): Promise<StatementStat[]> {
    const { rows } = await this.#client.query<{ statement: string; calls: string; total_ms: number; rows: string }>(
      `select left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) as statement, sum(s.calls)::text as calls,
              sum(s.total_exec_time)::float8 as total_ms, sum(s.rows)::text as rows
         from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = current_database() and s.query not like '%pg_stat_%' and s.query not like '%from call_events where id = any%'
        group by 1 order by 3 desc`,
    );
    return rows.map((row) => ({ statement: row.statement, calls: Number(row.calls), totalMs: row.total_ms, rows: Number(row.rows) }));
  }

  stopSampling(): void {
    clearInterval(this.#sampler);
  }

  /**
   * Waits until every delivered event is in call_events, or nothing new arrived for
   * quietMs, or maxMs passed (the actors write their outboxes after answering, and
   * retry with backoff if Postgres refused them).
   */
  async checkDurability(eventIds: readonly string[], transcriptionIds: readonly string[], options: { quietMs: number; maxMs: number }): Promise<DurabilityCheck> {
    const startMs = monotonicMs();
    let missing = [...new Set(eventIds)];
    let lastProgressMs = startMs;
    for (;;) {
      const stored = await this.#existing("call_events", missing);
      if (stored.size > 0) lastProgressMs = monotonicMs();
      missing = missing.filter((id) => !stored.has(id));
      const now = monotonicMs();
      if (missing.length === 0 || now - lastProgressMs >= options.quietMs || now - startMs >= options.maxMs) break;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    const waitedMs = monotonicMs() - startMs;
    // The carrier's events delivered, each kept once: call_events is keyed per call (the engine's own events share
    // ids across calls), so a carrier event stored twice would be one kept under two calls.
    const { rows } = await this.#client.query<{ extra: string }>("select (count(*) - count(distinct id))::text as extra from call_events where id = any($1::text[])", [[...new Set(eventIds)]]);
    const segments = await this.#existing("transcript_segments", transcriptionIds);
    return { missing, extraRows: Number(rows[0]?.extra ?? 0), missingSegments: new Set(transcriptionIds).size - segments.size, waitedMs };
  }

  async close(): Promise<void> {
    this.stopSampling();
    await this.#client.end();
  }

  async #existing(table: "call_events" | "transcript_segments", ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += QUERY_CHUNK) {
      const chunk = ids.slice(i, i + QUERY_CHUNK);
      // The table name is one of two literals above, never input.
      const { rows } = await this.#client.query<{ id: string }>(`select id from ${table} where id = any($1::text[])`, [chunk]);
      for (const row of rows) found.add(row.id);
    }
    return found;
  }
}
