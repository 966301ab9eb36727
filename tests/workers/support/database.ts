// Straight to the test run's Postgres, for what a test must set up or read behind the API's
// back (a backdated row, an edited audit entry): one connection, closed after the work.
import { env } from "cloudflare:test";
import { openDatabase, type Database } from "../../../db/client";

export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const handle = openDatabase(env);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
