// RecordWriter: the few actors that write call actors' outboxes to Postgres, each over
// one connection it keeps. Why not each call actor itself: a connection cannot be
// shared between actors (workerd ties I/O to the object that opened it), so a call
// writing its own rows opens a connection per flush (a new Postgres session each time,
// the bulk of a webhook's cost) or holds one for the whole call (a few hundred live
// calls use up max_connections). Here the connections are bounded by the shard count
// and kept warm, and concurrent flushes share a transaction (group-commit.ts).
// A call's actor keeps its rows until write() resolves, so a writer that fails, times
// out or is evicted loses nothing: the call's outbox retries.
import { DurableObject } from "cloudflare:workers";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DeadlineExceeded, withDeadline } from "../../db/deadline";
import { isDatabaseUnavailable } from "../../db/postgres-errors";
import { writeRecordRows, type RecordRow } from "../../db/writers/call-rows";
import { GroupCommit } from "./group-commit";

/** Writers per deployment; a call always uses the same one (by its id). */
export const RECORD_WRITER_SHARDS = 4;
/** Rows per transaction: a group stays well inside one statement per table. */
const MAX_ROWS_PER_GROUP = 2000;
/** A write that takes longer than this is abandoned and its connection replaced. */
const WRITE_TIMEOUT_MS = 30_000;

export class RecordWriter extends DurableObject<Env> {
  #database: DatabaseHandle | null = null;
  readonly #commits = new GroupCommit<RecordRow>((rows) => this.#write(rows), {
    maxRows: MAX_ROWS_PER_GROUP,
    retryAlone: (error) => !isDatabaseUnavailable(error) && !(error instanceof DeadlineExceeded),
  });

  /** Resolves once the rows are committed; throws (and the caller retries) otherwise. */
  async write(rows: RecordRow[]): Promise<void> {
    await this.#commits.submit(rows);
  }

  async #write(rows: RecordRow[]): Promise<void> {
    const database = (this.#database ??= openDatabase(this.env, { maxConnections: 1 }));
    try {
      await withDeadline(writeRecordRows(database.db, rows), WRITE_TIMEOUT_MS);
    } catch (error) {
      // A connection that failed or hung is not trusted again; the next write opens one.
      if (this.#database === database) this.#database = null;
      this.ctx.waitUntil(database.close().catch(() => undefined));
      throw error;
    }
  }
}

/** The writer a call's rows go to. */
export function recordWriterFor(env: Env, callId: string): DurableObjectStub<RecordWriter> {
  const shard = fnv1a(callId) % RECORD_WRITER_SHARDS;
  return env.RecordWriter.get(env.RecordWriter.idFromName(`record-writer:${shard}`));
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
