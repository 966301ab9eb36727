// RecordWriter: the few actors that write call, campaign and agent-pool actors' outboxes to
// Postgres, each over one connection it keeps. Why not each call actor itself: a
// connection cannot be shared between actors (workerd ties I/O to the object that
// opened it), so a call writing its own rows opens a connection per flush (a new
// Postgres session each time, the bulk of a webhook's cost) or holds one for the whole
// call (a few hundred live calls use up max_connections). Here the connections are
// bounded by the shard count and kept warm, and concurrent flushes share a transaction
// (group-commit.ts). An actor keeps its rows until write() resolves, so a writer that
// fails, times out or is evicted loses nothing: the actor's outbox retries.
//
// A room socket's admission asks here who its session is (sessionMember), and a
// campaign also asks here, each tick, what it must not miss: the do-not-call lists
// and consent of the batch it is about to dial, and the notices it has not received.
// These go over a second kept connection, so a read never waits behind a group commit,
// and the connections stay bounded by the shard count (two each) however many
// campaigns run, where a connection kept by each campaign would grow with them.
import { DurableObject } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { systemAccess } from "../../db/access";
import { withDeadline } from "../../db/deadline";
import { isDatabaseUnavailable } from "../../db/postgres-errors";
import { writeRecordRows, type RecordRow } from "../../db/writers/call-rows";
import { loadDialListing, loadSegmentLeads, writeCampaignRows, type CampaignRecordRow } from "../../db/writers/campaign-records";
import type { LeadInput } from "../../domain/campaign-lead";
import { loadPendingNotices, deleteDeliveredNotices } from "../../db/writers/notice-records";
import type { DialBatchQuestion, DialListing } from "../../domain/dial-listing";
import { writePresenceSpans, type PresenceSpanRow } from "../../db/writers/presence-spans";
import { loadCallIntelligenceSettings, type CallIntelligenceSettings } from "../../db/writers/intelligence-settings";
import { findSessionMember, type SessionMember } from "../../db/session-members";
import { GroupCommit } from "./group-commit";
import { CoalescingReads } from "./coalescing-reads";
import { recordWriterName } from "./shard";
import { logEvent } from "../../domain/log";
import { webhookDispatcherStub } from "../webhook-dispatcher/WebhookDispatcher";

/** Rows per transaction: a group stays well inside one statement per table. */
const MAX_ROWS_PER_GROUP = 2000;
/** A write that takes longer than this is abandoned and its connection replaced. */
const WRITE_TIMEOUT_MS = 30_000;
/** A campaign waits this long for a read before its tick gives up on it (and dials nothing unconfirmed). */
const READ_TIMEOUT_MS = 5_000;
/** Reads in flight at once per writer, each on its own kept connection (writes keep one, for group commit). */
const READ_CONCURRENCY = 2;

type Connection = "writes" | "reads";

export class RecordWriter extends DurableObject<Env> {
  readonly #connections: Record<Connection, DatabaseHandle | null> = { writes: null, reads: null };
  readonly #reads = new CoalescingReads(READ_CONCURRENCY);
  #unsharedReads = 0;
  // A database that is down or past our deadline (isDatabaseUnavailable counts both) fails the group at once.
  readonly #retryAlone = (error: unknown) => !isDatabaseUnavailable(error);
  readonly #commits = new GroupCommit<RecordRow>((rows) => this.#use("writes", WRITE_TIMEOUT_MS, "writing call records", (db) => writeRecordRows(db, rows)).then((queued) => this.#wakeDispatchers(queued)), {
    maxRows: MAX_ROWS_PER_GROUP,
    retryAlone: this.#retryAlone,
  });
  readonly #campaignCommits = new GroupCommit<CampaignRecordRow>((rows) => this.#use("writes", WRITE_TIMEOUT_MS, "writing campaign records", (db) => writeCampaignRows(db, rows)), {
    maxRows: MAX_ROWS_PER_GROUP,
    retryAlone: this.#retryAlone,
  });

  readonly #presenceCommits = new GroupCommit<PresenceSpanRow>((rows) => this.#use("writes", WRITE_TIMEOUT_MS, "writing presence spans", (db) => writePresenceSpans(db, rows)), {
    maxRows: MAX_ROWS_PER_GROUP,
    retryAlone: this.#retryAlone,
  });

  /** Resolves once the rows are committed; throws (and the caller retries) otherwise. */
  async write(rows: RecordRow[]): Promise<void> {
    await this.#commits.submit(rows);
  }

  /** A campaign's outbox rows (skips, last contacts, fax numbers): like write(). */
  async writeCampaignRows(rows: CampaignRecordRow[]): Promise<void> {
    await this.#campaignCommits.submit(rows);
  }

  /** An agent pool's presence spans (agents' state history): like write(). */
  async writePresenceSpans(rows: PresenceSpanRow[]): Promise<void> {
    await this.#presenceCommits.submit(rows);
  }

  /** The current do-not-call listings and account flags of a batch a campaign is about to dial. */
  async confirmDials(question: DialBatchQuestion): Promise<DialListing> {
    return this.#read(null, "confirming a dial batch", (db) => loadDialListing(db, question));
  }

  /** A segment's members now, as leads: a running campaign's relisting (segment-listing.ts). */
  async segmentLeads(organizationId: string, segmentId: string, nowMs: number): Promise<LeadInput[]> {
    return this.#read(null, "listing a segment's leads", (db) => loadSegmentLeads(db, organizationId, segmentId, nowMs));
  }

  /** The notices not yet delivered to a campaign, oldest first, as stored (the campaign parses them). */
  async pendingCampaignNotices(organizationId: string, campaignId: string): Promise<unknown[]> {
    return this.#read(`notices:${organizationId}:${campaignId}`, "reading a campaign's notices", (db) => loadPendingNotices(db, organizationId, campaignId));
  }

  async deleteDeliveredCampaignNotices(organizationId: string, campaignId: string, ids: number[]): Promise<void> {
    await this.#read(null, "deleting a campaign's delivered notices", (db) => deleteDeliveredNotices(db, organizationId, campaignId, ids));
  }

  /** A call's live-intelligence settings at its start (its organisation's, its campaign's translation). */
  async callIntelligenceSettings(organizationId: string, campaignId: string | null): Promise<CallIntelligenceSettings> {
    return this.#read(`intelligence:${organizationId}:${campaignId ?? ""}`, "reading a call's intelligence settings", (db) => loadCallIntelligenceSettings(db, organizationId, campaignId));
  }

  /**
   * The member a console session belongs to now, for a room socket's admission
   * (worker/rooms.ts): over the kept read connection, because a connection opened per
   * socket is a new Postgres session (~33 ms of Postgres CPU, measured), one per call
   * watched. Still read on every admission, so a role change or sign-out counts at once.
   */
  async sessionMember(sessionId: string): Promise<SessionMember | null> {
    return this.#read(`session:${sessionId}`, "looking up a console session", (db) => findSessionMember(db, sessionId, new Date()));
  }

  /**
   * GET /api/health's check that Postgres answers, over the kept read connection: a
   * session opened per probe cost ~10 ms of Postgres CPU and ~6 ms of driver handshake
   * (measured), and load balancers and monitors probe often. A connection the network
   * dropped fails this once and is replaced, so an outage still reads as one.
   */
  async databaseAnswers(): Promise<true> {
    await this.#read("health", "the health check", (db) => db.execute(sql`select 1`));
    return true;
  }

  /** Committed calls queued webhooks (call.completed): their organisations' dispatchers send them now. Best effort: the sweep wakes a dispatcher missed here. */
  #wakeDispatchers(organizationIds: Set<string>): void {
    for (const organizationId of organizationIds) {
      this.ctx.waitUntil(
        webhookDispatcherStub(this.env, organizationId)
          .kick(organizationId)
          .then(
            () => undefined,
            (error: unknown) => logEvent({ event: "webhook_dispatcher_unwoken", organizationId, error: String(error) }),
          ),
      );
    }
  }

  /**
   * A read through the writer's queue (coalescing-reads.ts): `question` names it exactly
   * when identical asks may share one query (null: never shared). Its caller waits at most
   * READ_TIMEOUT_MS in all, queued or running; only a query that itself overran replaces
   * the connection, not one that waited behind others.
   */
  #read<T>(question: string | null, purpose: string, work: (db: DatabaseHandle["db"]) => Promise<T>): Promise<T> {
    const key = question ?? `unshared:${(this.#unsharedReads += 1)}`;
    return withDeadline(this.#reads.read(key, () => this.#use("reads", READ_TIMEOUT_MS, purpose, work)), READ_TIMEOUT_MS, `the database (${purpose})`);
  }

  async #use<T>(connection: Connection, timeoutMs: number, purpose: string, work: (db: DatabaseHandle["db"]) => Promise<T>): Promise<T> {
    const database = (this.#connections[connection] ??= openDatabase(this.env, systemAccess("the actors' record writer: every organisation's calls, and room sockets' session lookup"), { maxConnections: connection === "reads" ? READ_CONCURRENCY : 1 }));
    try {
      return await withDeadline(work(database.db), timeoutMs, `the database (${purpose})`);
    } catch (error) {
      // A connection that failed or hung is not trusted again; the next use opens one.
      if (this.#connections[connection] === database) this.#connections[connection] = null;
      this.ctx.waitUntil(database.close().catch(() => undefined));
      throw error;
    }
  }
}

/** The writer a call's (by call id) or a campaign's (by campaign id) rows go to. */
export function recordWriterFor(env: Env, actorId: string): DurableObjectStub<RecordWriter> {
  return env.RecordWriter.get(env.RecordWriter.idFromName(recordWriterName(actorId)));
}
