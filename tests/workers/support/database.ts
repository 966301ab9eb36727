// Straight to the test run's Postgres, for what a test must set up or read behind the API's
// back (a backdated row, an edited audit entry): one connection, closed after the work.
import { env } from "cloudflare:test";
import { openDatabase, type Database } from "../../../db/client";
import { systemAccess } from "../../../db/access";

/** Tests set up and read rows of any organisation behind the API's back: the named bypass. */
export const TEST_ACCESS = systemAccess("tests set up and read any organisation's rows behind the API's back");

export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
