// The campaign's single values (its configuration, status, pacing state and words,
// statistics, the agents seen last tick, ...) in the `meta` table, as a typed registry:
// each key is declared once here with its zod schema, written as that type and read
// back through it. A value no schema accepts (written by another build) reads as absent
// and is logged, so the actor falls back to its default instead of trusting it. A key no
// longer declared is never read (every read names its key), so a row an older build left
// under it is harmless; a migration deletes it all the same.
import { z } from "zod";
import { poolMember } from "../../agent-pool/protocol";
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import { dispositionNoticeSchema } from "../notices";
import { campaignStatus } from "../protocol";
import { campaignConfigSchema, observedStatsSchema, pacingStateSchema } from "./stored-schemas";
import { logEvent } from "../../../domain/log";

/** One value per key. */
const SINGLE_KEYS = {
  config: campaignConfigSchema,
  status: campaignStatus,
  /** The campaign's agents as the pool showed them at the last tick. */
  agents: z.array(poolMember),
  /** What the predictive pacer has learnt from resolved calls. */
  stats: observedStatsSchema,
  /** The pacer's own words for its last decision. */
  pacing: z.string(),
  pacingState: pacingStateSchema,
  /** When the first load from Postgres finished (later starts add new accounts only). */
  loadedAt: z.number(),
  /** When the campaign last listed its segment's members (segment-listing.ts). */
  segmentListedAt: z.number(),
  /** Failed pulls of undelivered notices in a row, and when the next may run. */
  noticePull: z.object({ failures: z.number(), nextAtMs: z.number() }),
} satisfies Record<string, z.ZodType>;

/** One value per key and id, stored under `<key>:<id>`. */
const KEYED_FAMILIES = {
  /** An agent's disposition that arrived before its call's outcome, by account id. */
  pendingDisposition: dispositionNoticeSchema,
} satisfies Record<string, z.ZodType>;

export type MetaKey = keyof typeof SINGLE_KEYS;
export type MetaValue<K extends MetaKey> = z.infer<(typeof SINGLE_KEYS)[K]>;
export type MetaFamily = keyof typeof KEYED_FAMILIES;
export type MetaFamilyValue<F extends MetaFamily> = z.infer<(typeof KEYED_FAMILIES)[F]>;

// The same registries seen per key, so a generic key's schema reads as that key's value.
const singleSchemas: { [K in MetaKey]: z.ZodType<MetaValue<K>> } = SINGLE_KEYS;
const familySchemas: { [F in MetaFamily]: z.ZodType<MetaFamilyValue<F>> } = KEYED_FAMILIES;

export class CampaignMeta {
  /**
   * The single values as last read, parsed, by key; a write forgets its key (the next read
   * parses what was stored). Only this class writes the table. A tick read the agents and
   * the statistics through zod several times over (docs/scale.md). Values are never changed
   * in place (the pacing statistics' reducers return new ones), so handing the same one out
   * again is safe. The keyed families are not kept: one per account would only grow.
   */
  readonly #kept = new Map<MetaKey, unknown>();

  constructor(private readonly sql: SqlDatabase) {}

  get<K extends MetaKey>(key: K): MetaValue<K> | null {
    if (this.#kept.has(key)) return this.#kept.get(key) as MetaValue<K> | null;
    const value = this.#read(key, singleSchemas[key]);
    this.#kept.set(key, value);
    return value;
  }

  set<K extends MetaKey>(key: K, value: MetaValue<K>): void {
    this.#write(key, value);
    this.#kept.delete(key);
  }

  delete(key: MetaKey): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    this.#kept.delete(key);
  }

  getFor<F extends MetaFamily>(family: F, id: string): MetaFamilyValue<F> | null {
    return this.#read(`${family}:${id}`, familySchemas[family]);
  }

  setFor<F extends MetaFamily>(family: F, id: string, value: MetaFamilyValue<F>): void {
    this.#write(`${family}:${id}`, value);
  }

  deleteFor(family: MetaFamily, id: string): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", `${family}:${id}`);
  }

  #read<T>(key: string, schema: z.ZodType<T>): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    if (!row) return null;
    const parsed = parseJson(row.value, schema);
    if (parsed.success) return parsed.data;
    logEvent({ event: "campaign_meta_unreadable", key, error: parsed.error });
    return null;
  }

  #write(key: string, value: unknown): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, JSON.stringify(value));
  }
}
