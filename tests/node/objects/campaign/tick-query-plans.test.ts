// A campaign holds up to a million leads; a tick must cost O(agents + calls in flight),
// never O(leads) (issue 18). Timing a tick in a test proves nothing on a busy machine, so
// this reads SQLite's own plan for every statement a tick runs: none may walk the leads or
// the contact history (a full scan, or a sort of them), only seek through an index.
import { describe, expect, it } from "vitest";
import { campaignSnapshot, pacingInputs } from "../../../../objects/campaign/campaign-snapshot";
import { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { dialTick } from "../../../../objects/campaign/lead-dialing";
import type { SqlDatabase, SqlValue } from "../../../../objects/shared/durable/sql";
import { openTestSqlStorage } from "../../support/sqlite-storage";
import { config, lead, member, NOW } from "./campaign-fixtures";

/** The storage, recording each statement it runs (with its first bindings) while `recording`. */
function recorded(inner: SqlDatabase) {
  const statements = new Map<string, SqlValue[]>();
  const state = { recording: false };
  const sql: SqlDatabase = {
    exec: (query, ...bindings) => {
      if (state.recording && !statements.has(query)) statements.set(query, bindings);
      return inner.exec(query, ...bindings);
    },
  };
  return { sql, statements, state };
}

describe("a campaign tick's queries", () => {
  it("seek through indexes: none scans or sorts the leads or the contact history", async () => {
    const inner = await openTestSqlStorage();
    const { sql, statements, state } = recorded(inner);
    const store = new CampaignStorage(sql);
    const predictive = { ...config, pacingMode: "predictive" as const, maxLinesPerAgent: 3 };
    store.meta.set("config", predictive);
    store.meta.set("status", "running");
    store.leads.add(Array.from({ length: 400 }, (_, i) => lead(String(i), { balanceDueCents: (i * 7919) % 100_000, timeZone: i % 5 === 0 ? "Pacific/Honolulu" : "America/New_York" })));
    for (let i = 0; i < 200; i++) store.history.add("attempt", `old-${i}`, String(i), NOW - 86_400_000, [`debt-${i}`], lead(String(i)).phones[0]!, config.id);
    store.meta.set("agents", [member("agent-a", "available"), member("agent-b", "available"), member("agent-c", "on_call")]);

    state.recording = true;
    for (let tick = 0; tick < 5; tick++) {
      const now = NOW + tick * 1000;
      store.leads.releaseDue(now, 50);
      dialTick(store, predictive, pacingInputs(store, predictive, now), now);
      campaignSnapshot(store, now);
    }
    state.recording = false;

    // Sorting the calls in flight is fine (bounded by agents × lines); the leads and the history are not.
    const growing = [...statements].filter(([query]) => /\b(FROM|UPDATE|JOIN|INTO)\s+(leads|history)\b/i.test(query));
    const walks: string[] = [];
    for (const [query, bindings] of growing) {
      if (/^\s*INSERT/i.test(query)) continue;
      const plan = inner.exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, ...bindings).toArray().map((row) => row.detail);
      for (const step of plan) if (/^SCAN (leads|history)\b(?! USING)|TEMP B-TREE/.test(step)) walks.push(`${step}  ←  ${query.replace(/\s+/g, " ")}`);
    }
    // The tick did read the leads (the next lead, deferred ones released) and the history (Regulation F).
    expect(growing.map(([query]) => query).join("\n")).toMatch(/FROM leads WHERE state = 'ready'/);
    expect(growing.map(([query]) => query).join("\n")).toMatch(/history/);
    expect(walks).toEqual([]);
  });
});
