// Driving the login's limits without waiting for them: a call floor of agents made in
// Postgres at once (one password hash for all), a device cookie read from an answer, and
// the RateLimiter actors' stored times moved into the past or filled (runInDurableObject),
// the way the campaign tests reach rules that wait minutes.
import { env, runInDurableObject } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../../db/client";
import { TEST_ACCESS } from "./database";
import { lockoutStateSchema } from "../../../objects/rate-limiter/login-lockout";
import { HITS_KEY, LOCKOUT_KEY } from "../../../objects/rate-limiter/RateLimiter";
import { accountLockKey, ACCOUNT_LOCK_BUCKET, LOGIN_FAILURES_PER_ADDRESS } from "../../../worker/auth/login-guard";
import { hashPassword } from "../../../worker/auth/password";
import { rateLimiterFor } from "../../../worker/http/rate-limit";
import { PASSWORD, unique } from "./orgs";

/** `count` agents of the organisation, with PASSWORD, inserted in two statements. */
export async function makeAgents(organizationId: string, count: number): Promise<string[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const emails = Array.from({ length: count }, (_, i) => `floor-${i}-${unique()}@example.test`);
  const { db, close } = openDatabase(env, TEST_ACCESS);
  try {
    await db.execute(sql`
      with created as (
        insert into users (email, name, password_hash)
        select email, 'Floor Agent', ${passwordHash} from unnest(array[${sql.join(emails.map((email) => sql`${email}`), sql`, `)}]::text[]) as email
        returning id
      )
      insert into memberships (organization_id, user_id, role) select ${organizationId}, id, 'agent' from created`);
  } finally {
    await close();
  }
  return emails;
}

/** Runs `work` over the items, at most `parallel` at a time, answers in order. */
export async function inBatches<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += parallel) {
    results.push(...(await Promise.all(items.slice(start, start + parallel).map(work))));
  }
  return results;
}

export function deviceCookieFrom(headers: Headers): string {
  const match = /wib_device=([^;]+)/.exec(headers.get("set-cookie") ?? "");
  if (!match) throw new Error(`no device cookie in: ${headers.get("set-cookie")}`);
  return `wib_device=${match[1]}`;
}

/** Moves the account's lock (as a browser new to it sees it) `ms` into the past: time passing. */
export async function passTimeOnAccountLock(email: string, ms: number): Promise<void> {
  const limiter = rateLimiterFor(env, ACCOUNT_LOCK_BUCKET, await accountLockKey(email, null));
  await runInDurableObject(limiter, async (_instance, state) => {
    const stored = lockoutStateSchema.parse(await state.storage.get(LOCKOUT_KEY));
    await state.storage.put(LOCKOUT_KEY, {
      failures: stored.failures,
      lastFailureAtMs: stored.lastFailureAtMs - ms,
      lockedUntilMs: stored.lockedUntilMs - ms,
    });
  });
}

/** Fills the address's failure log with `count` failures made just now (a stuffing run, without its hashing). */
export async function recordFailuresFrom(address: string, count: number): Promise<void> {
  const limiter = rateLimiterFor(env, LOGIN_FAILURES_PER_ADDRESS.bucket, address);
  await runInDurableObject(limiter, async (_instance, state) => {
    await state.storage.put(HITS_KEY, Array.from({ length: count }, () => Date.now()));
  });
}
