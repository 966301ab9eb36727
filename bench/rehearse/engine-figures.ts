// The engine's own figures of one rehearsal (issue 18, "scale of one campaign and one
// pool"): the CampaignActor's tick duration and lateness and the AgentPoolActor's
// reservation latency as the actors measured them (GET /api/campaigns/:id/engine-stats),
// the connect wait p95 in real time, and CPU per call of each actor kind from the
// isolate's profile (actor-cpu.ts). Milliseconds throughout.
import { z } from "zod";
import { campaignEngineFigures, poolEngineFigures } from "../../domain/timing-summary.ts";
import { ACTOR_KINDS } from "./actor-cpu.ts";

const byKind = z.strictObject(Object.fromEntries(ACTOR_KINDS.map((kind) => [kind, z.number()])) as Record<(typeof ACTOR_KINDS)[number], z.ZodNumber>);

export const engineFiguresSchema = z.strictObject({
  agents: z.number().int(),
  /** Dials the campaign placed in the shift (its call rows). */
  calls: z.number().int(),
  /** The workerd process that runs the Worker and every actor: its CPU over the shift (from /proc). */
  workerdCpuMs: z.number(),
  /** null: the campaign actor had nothing to say (never started). */
  campaign: campaignEngineFigures.nullable(),
  pool: poolEngineFigures,
  connectWaitP95Ms: z.number(),
  /** workerdCpuMs split by each kind's share of the isolate profile's busy samples; null without a profile. */
  cpuMsByKind: byKind.nullable(),
  /** cpuMsByKind ÷ calls. */
  cpuPerCallMs: byKind.nullable(),
  loadAverage: z.array(z.number()),
});
export type EngineFigures = z.infer<typeof engineFiguresSchema>;

const countsRead = z.object({
  campaign: z.object({ tickMs: z.object({ count: z.number() }) }).nullable(),
  pool: z.object({ reservationMs: z.object({ count: z.number() }) }),
});

/**
 * The engine's figures (GET /api/campaigns/:id/engine-stats, as read) once the shift's last
 * dials resolved, so a reservation made for one of them after the shift counts; unless an
 * actor forgot its timings meanwhile (evicted: a count went down), or that read failed. Then
 * those read as the shift ended.
 */
export function laterUnlessForgotten(atShiftEnd: unknown, afterSettle: unknown): unknown {
  if (afterSettle === null) return atShiftEnd;
  const before = countsRead.safeParse(atShiftEnd);
  const after = countsRead.safeParse(afterSettle);
  if (!before.success || !after.success) return after.success ? afterSettle : atShiftEnd;
  const kept =
    after.data.pool.reservationMs.count >= before.data.pool.reservationMs.count &&
    (after.data.campaign?.tickMs.count ?? 0) >= (before.data.campaign?.tickMs.count ?? 0);
  return kept ? afterSettle : atShiftEnd;
}

const ms = (value: number | null) => (value === null ? "-" : `${value.toFixed(0)} ms`);

/** How often and how long the campaign held new dials while the engine was behind. */
function heldLine(engine: EngineFigures): string {
  const held = engine.campaign?.dialHold;
  if (!held) return "-";
  return `${held.holds} time${held.holds === 1 ? "" : "s"}, ${(held.heldMs / 1000).toFixed(1)} s in all (the engine behind)`;
}

/** The figures as the table's lines. */
export function formatEngineFigures(engine: EngineFigures): string[] {
  const tick = engine.campaign?.tickMs;
  const late = engine.campaign?.tickLatenessMs;
  const reservation = engine.pool.reservationMs;
  const waited = engine.pool.reservationWaitMs;
  return [
    `engine at ${engine.agents} agents, ${engine.calls} calls (real time; load average ${engine.loadAverage.join(" ")}):`,
    `  campaign tick          p50 ${ms(tick?.p50 ?? null)}, p99 ${ms(tick?.p99 ?? null)}, max ${ms(tick?.max ?? null)} (${tick?.count ?? 0} ticks)`,
    `  tick lateness          p50 ${ms(late?.p50 ?? null)}, p99 ${ms(late?.p99 ?? null)}, max ${ms(late?.max ?? null)}`,
    `  dials held             ${heldLine(engine)}`,
    `  pool reservation       p50 ${ms(reservation.p50)}, p99 ${ms(reservation.p99)}, max ${ms(reservation.max)} (${reservation.count} asks)`,
    `    of it, waiting        p50 ${ms(waited.p50)}, p99 ${ms(waited.p99)}, max ${ms(waited.max)} (before the pool started on the ask: its thread busy with other actors)`,
    `  connect wait p95       ${ms(engine.connectWaitP95Ms)}`,
    engine.cpuPerCallMs && engine.cpuMsByKind
      ? `  CPU per call (workerd's ${(engine.workerdCpuMs / 1000).toFixed(1)} s of CPU split by the isolate profile): ${ACTOR_KINDS.map((kind) => `${kind} ${engine.cpuPerCallMs![kind].toFixed(2)} ms`).join(", ")}`
      : "  CPU per call: no profile",
  ];
}
