// Reading JSON a build wrote to actor storage: through a zod schema, never `as T`, since
// an evicted actor's rows may come from an older build (or a newer one, after a rollback).
import type { z } from "zod";

export type Parsed<T> = { success: true; data: T } | { success: false; error: string };

/** JSON text through a zod schema; never throws. */
export function parseJson<T>(json: string, schema: z.ZodType<T>): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { success: false, error: `not JSON: ${String(error)}` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error.message };
}

/** JSON text through a zod schema; throws saying what was wrong (for rows nothing works without). */
export function readJson<T>(json: string, schema: z.ZodType<T>, what: string): T {
  const parsed = parseJson(json, schema);
  if (!parsed.success) throw new Error(`stored ${what} is unreadable: ${parsed.error}`);
  return parsed.data;
}
