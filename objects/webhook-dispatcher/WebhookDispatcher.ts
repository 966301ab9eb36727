// WebhookDispatcher: one per organisation, the only sender of its outbound webhooks. Its
// outbox is Postgres (`webhook_deliveries`, written in the same transaction as each change
// it reports), so nothing it must send lives only here: a lost wake-up, an eviction or a
// crash mid-send leaves the delivery pending, and the next pass sends it again (at least
// once; receivers deduplicate by webhook-id). A thin shell over dispatch-pass.ts: passes
// one at a time (a wake-up during a pass queues one more), and the alarm set to the next
// due delivery, so retries run on the alarm and never on a sleeping request. It keeps one
// Postgres connection while passes follow each other (a new session per pass was most of a
// pass's cost under a backlog) and drops it after a failure or when nothing is due soon.
import { DurableObject } from "cloudflare:workers";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { systemAccess } from "../../db/access";
import { loadDueDeliveries, nextDueAt, recordAttempts } from "../../db/writers/webhook-records";
import { logEvent } from "../../domain/log";
import { OnePassAtATime } from "../shared/durable/one-pass-at-a-time";
import { runDispatchPass, type PassResult } from "./dispatch-pass";
import { refusedTarget, resolveOverHttps } from "./target-guard";

const ORGANIZATION_KEY = "organizationId";
/** A pass that failed (Postgres unreachable) is tried again after this. */
const FAILED_PASS_RETRY_MS = 30_000;
/** The connection is kept only for a pass due within this (a backlog); an idle dispatcher holds none. */
const KEEP_CONNECTION_MS = 5_000;
/** One attempt may not hold a pass longer than this. */
const SEND_TIMEOUT_MS = 15_000;

export class WebhookDispatcher extends DurableObject<Env> {
  readonly #passes = new OnePassAtATime<undefined, PassResult>(
    () => this.#pass(),
    () => undefined,
  );
  #database: DatabaseHandle | null = null;

  /** Something was queued for this organisation: send what is due. Resolves after a pass that started after the call. */
  async kick(organizationId: string): Promise<PassResult> {
    if ((await this.ctx.storage.get<string>(ORGANIZATION_KEY)) !== organizationId) await this.ctx.storage.put(ORGANIZATION_KEY, organizationId);
    return this.#passes.request(undefined);
  }

  override async alarm(): Promise<void> {
    await this.#passes.request(undefined).catch(() => undefined);
  }

  async #pass(): Promise<PassResult> {
    const organizationId = await this.ctx.storage.get<string>(ORGANIZATION_KEY);
    if (!organizationId) return { attempted: 0, succeeded: 0, wakeAtMs: null };
    const database = (this.#database ??= openDatabase(this.env, systemAccess("the outbound webhook dispatcher delivers every organisation's events"), { maxConnections: 1 }));
    const policy = { allowLoopback: this.env.WEBHOOK_ALLOW_LOOPBACK === "true" };
    try {
      const result = await runDispatchPass(organizationId, {
        nowMs: () => Date.now(),
        random: Math.random,
        loadDue: (now, limit) => loadDueDeliveries(database.db, organizationId, now, limit),
        record: (attempts) => recordAttempts(database.db, attempts),
        nextDueAt: () => nextDueAt(database.db, organizationId),
        refusedTarget: (url) => refusedTarget(url, policy, resolveOverHttps),
        post: postWithoutRedirects,
      });
      if (result.wakeAtMs === null) await this.ctx.storage.deleteAlarm();
      else await this.ctx.storage.setAlarm(result.wakeAtMs);
      if (result.wakeAtMs === null || result.wakeAtMs > Date.now() + KEEP_CONNECTION_MS) this.#dropDatabase(database);
      return result;
    } catch (error) {
      logEvent({ event: "webhook_pass_failed", organizationId, error: String(error) });
      // A connection that failed is not trusted again; the next pass opens one.
      this.#dropDatabase(database);
      await this.ctx.storage.setAlarm(Date.now() + FAILED_PASS_RETRY_MS);
      throw error;
    }
  }

  #dropDatabase(database: DatabaseHandle): void {
    if (this.#database === database) this.#database = null;
    this.ctx.waitUntil(database.close().catch(() => undefined));
  }
}

/** A redirect is an answer (3xx, a failure), never followed: it could lead anywhere. */
async function postWithoutRedirects(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  // The body is not kept; reading it lets the connection be reused.
  await response.body?.cancel();
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
}

/** The dispatcher of an organisation. */
export function webhookDispatcherStub(env: Env, organizationId: string): DurableObjectStub<WebhookDispatcher> {
  return env.WebhookDispatcher.get(env.WebhookDispatcher.idFromName(`webhooks:${organizationId}`));
}
