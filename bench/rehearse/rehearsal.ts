// One rehearsal on a running local stack: a fresh organisation with N agents and one
// account per lead, a campaign with the workload's pacing settings, the carrier
// simulator playing the workload's leads (PUT /control/workload-plan, the same fates
// the pacing simulator draws), agents on the console's pool socket working the calls,
// a shift of `minutes` workload minutes at the simulator's speed, then the real run's
// metrics beside the pacing simulator's prediction for the same workload, seed and
// policy. The prediction is of the workload as the engine lives it at that speed: its
// connect window (2 s) and pacing tick (1 s) are real seconds, so in workload time
// they are `speed` times longer; so are the durations of the statistics a campaign
// starts from (enginePrior).
import { writeFile } from "node:fs/promises";
import os from "node:os";
import pg from "pg";
import { z } from "zod";
import { CONNECT_WINDOW_MS } from "../../domain/legal.ts";
import { TICK_MS } from "../../objects/campaign/campaign-runner.ts";
import { drawLeadFate, leadDistributions } from "../../objects/campaign/pacing/simulation/lead-fate.ts";
import { percentile, type PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics.ts";
import { simulateShift } from "../../objects/campaign/pacing/simulation/simulator.ts";
import { initialObservedStats } from "../../objects/campaign/pacing/observed-stats.ts";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload.ts";
import type { Stack } from "../../scripts/lib/stack.ts";
import { AgentDesk } from "./agent-desk.ts";
import { LEAD_NUMBER_PREFIX, logIn, setUpFloor } from "./floor.ts";
import { simulatorPolicy, type EnginePolicy } from "./options.ts";
import { realMetrics, type RealCall, type RealDiagnostics } from "./real-metrics.ts";
import { IsolateProfiler } from "../calls/cpu-profile.ts";
import { takeCpuSnapshot } from "../calls/process-cpu.ts";
import { cpuByKindFromFile, ACTOR_KINDS, type ActorKind } from "./actor-cpu.ts";
import { engineFiguresSchema, laterUnlessForgotten, type EngineFigures } from "./engine-figures.ts";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";
import { pacingTraceEntry, type PacingTraceEntry } from "../../objects/campaign/pacing/decision-trace.ts";
import { engineSeries, formatTraceComparison, simulatorSeries, type EngineTraceLines } from "./pacing-trace.ts";
import { routeBenchTraffic } from "../shared/bench-route.ts";
import { withDeadline } from "../../db/deadline.ts";

export interface RehearsalInput {
  workload: Workload;
  policy: EnginePolicy;
  agents: number;
  seed: number;
  speed: number;
  minutes: number;
  log: (line: string) => void;
  /** wrangler's inspector: the isolate is profiled over the shift for CPU per call of each actor kind. Null: no profile. */
  inspectorPort: number | null;
  /** Where the profile is written (a .cpuprofile). */
  profileFile: string;
  /** REHEARSE_PACING_TRACE: the campaign's decisions as the Worker logs them (PACING_TRACE), and where both series go. Null: no trace. */
  pacingTrace?: { engine: EngineTraceLines; file: string } | null;
}

export interface RehearsalResult {
  workload: string;
  policy: EnginePolicy;
  real: PolicyMetrics;
  predicted: PolicyMetrics;
  /** The engine's own figures: tick, reservation, connect wait, CPU per call of each actor kind. */
  engine: EngineFigures;
  diagnostics: RealDiagnostics & {
    agentProblems: string[];
    /** The agents' disposition saves (PATCH /api/calls/:id) round trip, real ms: part of every wrap-up's overrun. */
    saveRoundTripMsP50: number;
    saveRoundTripMsP95: number;
    loadAverage: number[];
    campaignId: string;
    leads: number;
  };
}

/** Extra leads beyond the prediction's dials: the real run may dial more. */
const LEAD_MARGIN = 1.5;
const PROGRESS_EVERY_MS = 10_000;
const DESKS_AT_ONCE = 10;
const STATS_WAIT_MS = 60_000;
const DESK_TRIES = 5;
/** After the shift, time for the last dials to resolve and their rows to reach Postgres (real ms, beyond the workload's own ring and AMD). */
const SETTLE_EXTRA_MS = 4_000;

/** The workload as the engine lives it at `speed`, for `minutes` with `agents`: what the prediction simulates. */
export function engineTimeWorkload(workload: Workload, input: { agents: number; speed: number; minutes: number }): Workload {
  return {
    ...workload,
    agents: input.agents,
    shiftSeconds: input.minutes * 60,
    connectWindowSeconds: (CONNECT_WINDOW_MS / 1000) * input.speed,
    decisionTickSeconds: (TICK_MS / 1000) * input.speed,
  };
}

/**
 * The statistics the campaign starts from, as the engine lives them at `speed`: its prior's
 * durations (answer, AMD, talk, wrap-up) are its real seconds, so in workload seconds they
 * are `speed` times longer. The prior fades as the campaign learns, but at speed 8 it
 * starts the shift believing a talk lasts 24 workload minutes (issue 18's trace).
 */
export const enginePrior = (speed: number) => initialObservedStats(speed);

export async function rehearse(stack: Stack, input: RehearsalInput): Promise<RehearsalResult> {
  const { workload, speed, log } = input;
  const controlUrl = stack.carrier.controlUrl;
  if (!controlUrl) throw new Error("The stack runs without the carrier simulator: a rehearsal never reaches a real carrier");
  const planned = engineTimeWorkload(workload, input);
  const predictedTrace: PacingTraceEntry[] = [];
  const onDecision = input.pacingTrace ? (...decided: Parameters<typeof pacingTraceEntry>) => void predictedTrace.push(pacingTraceEntry(...decided)) : undefined;
  const predicted = simulateShift(planned, simulatorPolicy(input.policy), { seed: input.seed, onDecision, initialStats: enginePrior(speed) }).metrics;
  const leads = Math.ceil(predicted.dials * LEAD_MARGIN) + 50;
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  log(`prediction: ${predicted.dials} dials, talkShare ${predicted.talkShare.toFixed(3)}; setting up ${input.agents} agents and ${leads} leads`);
  const floor = await setUpFloor(stack.database.url, { agents: input.agents, leads, tag });

  // The floor's traffic (the owner's API calls, the agents' sockets, the carrier's webhooks) goes past wrangler dev's proxy, as a deployment's does.
  const engine = await routeBenchTraffic(stack, { direct: true, proxyNote: "the Worker's own port was not found" });
  log(`requests go ${engine.route}`);
  const ownerCookie = await logIn(engine.url, floor.owner.email, floor.owner.password);
  const api = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const response = await fetch(`${engine.url}${path}`, {
      method,
      signal,
      headers: { cookie: ownerCookie, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  const created = z.object({ campaign: z.object({ id: z.string() }) }).parse(
    await api("POST", "/api/campaigns", {
      name: `Rehearsal of ${workload.name}`,
      pacingMode: input.policy === "ours" ? "predictive" : "progressive",
      maxLinesPerAgent: Math.min(5, workload.maxLinesPerAgent),
      abandonCapPercent: Math.min(3, workload.abandonCap * 100),
      ringTimeoutSeconds: workload.ringTimeoutSeconds,
      agentUserIds: floor.agents.map((a) => a.userId),
      accountSelection: {},
      retryMaxAttempts: 1,
      // The agent's wrap-up is the lead's: it ends when the agent saves the disposition, however long that takes.
      wrapUpSeconds: 0,
      endWrapUpOnSave: true,
      dispositionRequired: true,
      voicemailScript: "This is a rehearsal, please call us back.",
      safeHarborMessage: "This is a rehearsal. Sorry we missed you: please call us at {callbackNumber}.",
    }),
  );
  const campaignId = created.campaign.id;

  await control(controlUrl, "POST", "/control/reset", {});
  await control(controlUrl, "PUT", "/control/speed", { factor: speed });

  const dist = leadDistributions(workload);
  let planStartMs = Date.now();
  const leadOf = (to: string) => (to.startsWith(LEAD_NUMBER_PREFIX) ? Number(to.slice(LEAD_NUMBER_PREFIX.length)) : null);
  const fateAt = (to: string, atMs: number) => {
    const lead = leadOf(to);
    return lead === null ? null : drawLeadFate(workload, dist, input.seed, lead, ((atMs - planStartMs) / 1000) * speed);
  };
  // A few at a time, each tried again on a refusal: hundreds of logins and socket upgrades at
  // once time out on a loaded machine (a 500 from the upgrade), which is not what is measured.
  const desks = await inBatches(
    floor.agents,
    DESKS_AT_ONCE,
    (agent) => retried(async () => {
      const cookie = await logIn(engine.url, agent.email, agent.password);
      const desk = new AgentDesk(agent.userId, cookie, {
        apiUrl: engine.url,
        organizationId: floor.organizationId,
        speed,
        // The pacing simulator's agents wrap up after people only; a machine AMD let through is hung up and done.
        wrapSecondsFor: (to) => {
          const fate = fateAt(to, Date.now());
          return fate && fate.outcome === "human" ? fate.wrapSeconds : 0;
        },
        log,
      });
      try {
        await desk.open();
      } catch (error) {
        desk.close();
        throw error;
      }
      return desk;
    }, log),
  );
  log(`${desks.length} agents on the pool socket; starting the campaign for ${input.minutes} workload minutes (${((input.minutes * 60) / speed).toFixed(0)} s)`);

  planStartMs = Date.now();
  await control(controlUrl, "PUT", "/control/workload-plan", { workload, seed: input.seed, number_prefix: LEAD_NUMBER_PREFIX });
  // The start RPC runs the first tick: its dials are the shift's first.
  const profiler = input.inspectorPort ? await IsolateProfiler.start(input.inspectorPort).catch((error: unknown) => (log(`no CPU profile: ${String(error)}`), null)) : null;
  // wrangler's own port: it tells its two workerd processes apart (process-cpu.ts).
  const workerPort = Number(new URL(stack.url).port);
  const cpuBefore = takeCpuSnapshot(Date.now(), workerPort);
  const shiftStartMs = Date.now();
  await api("POST", `/api/campaigns/${campaignId}/start`);
  const shiftEndMs = shiftStartMs + (input.minutes * 60 * 1000) / speed;
  const database = new pg.Client({ connectionString: stack.database.url });
  await database.connect();
  try {
    while (Date.now() < shiftEndMs) {
      await sleep(Math.min(PROGRESS_EVERY_MS, shiftEndMs - Date.now()));
      const { rows } = await database.query<{ n: string }>("select count(*) as n from calls where campaign_id = $1", [campaignId]);
      log(`${((Date.now() - shiftStartMs) / 1000).toFixed(0)} s: ${rows[0]?.n ?? 0} calls; load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    }
    // An engine sunk under the load (it happens past what the machine carries) still gets its run reported from Postgres.
    await api("POST", `/api/campaigns/${campaignId}/stop`, undefined, AbortSignal.timeout(STATS_WAIT_MS)).catch((error: unknown) => {
      log(`the campaign could not be stopped (the engine is not answering): ${String(error)}; the figures below are what Postgres holds`);
    });
    const loadAverage = os.loadavg();
    // The runtime's CPU over the shift (every actor and the Worker run in that one workerd process), which the profile's shares divide.
    const cpuAfter = takeCpuSnapshot(Date.now(), workerPort);
    const workerdCpuMs = (cpuAfter.groupTicks["workerd-runtime"] - cpuBefore.groupTicks["workerd-runtime"]) * 10;
    // Read before the stack stops: the timings live in the actors' memory. Read again once the last
    // dials resolved (engine-figures.ts laterUnlessForgotten). An engine too far behind to answer
    // still gets its run reported (the figures say none).
    const readEngineStats = () =>
      api("GET", `/api/campaigns/${campaignId}/engine-stats`, undefined, AbortSignal.timeout(STATS_WAIT_MS)).catch((error: unknown) => {
        log(`the engine's figures could not be read: ${String(error)}`);
        return null;
      });
    const statsAtShiftEnd = await readEngineStats();
    // The profile's bundle is in wrangler's temporary folder: read before the stack stops.
    // Bounded: the profile comes back through wrangler's inspector proxy, which has hung before (scripts/lib/inspector-network.ts).
    const cpuMs = profiler
      ? await withDeadline(profiler.stop(input.profileFile), STATS_WAIT_MS, "the CPU profile")
          .then(() => cpuByKindFromFile(input.profileFile, REPO_ROOT))
          .catch((error: unknown) => (log(`no CPU per actor kind: ${String(error)}`), null))
      : null;
    const settleMs = ((workload.ringTimeoutSeconds + workload.amd.decisionSeconds.p90) * 1000) / speed + CONNECT_WINDOW_MS + SETTLE_EXTRA_MS;
    log(`shift over; the campaign stopped; letting the last dials resolve (${(settleMs / 1000).toFixed(1)} s)`);
    await sleep(settleMs);
    const stats = laterUnlessForgotten(statsAtShiftEnd, await readEngineStats());
    const { rows } = await database.query<{ id: string; to_number: string; created_at: Date; answered_at: Date | null; bridged_at: Date | null; ended_at: Date | null }>(
      "select id, to_number, created_at, answered_at, bridged_at, ended_at from calls where campaign_id = $1",
      [campaignId],
    );
    for (const desk of desks) desk.close();
    const calls: RealCall[] = rows.map((r) => ({
      id: r.id,
      to: r.to_number,
      createdAtMs: r.created_at.getTime(),
      answeredAtMs: r.answered_at?.getTime() ?? null,
      bridgedAtMs: r.bridged_at?.getTime() ?? null,
      endedAtMs: r.ended_at?.getTime() ?? null,
    }));
    // REHEARSE_DUMP=file keeps the raw material (call rows, agents' statuses) for a closer look.
    if (process.env.REHEARSE_DUMP) await writeFile(process.env.REHEARSE_DUMP, JSON.stringify({ shiftStartMs, shiftEndMs, planStartMs, calls, spans: desks.flatMap((d) => d.spans) }, null, 1));
    if (input.pacingTrace) {
      const real = engineSeries(input.pacingTrace.engine.lines, campaignId, shiftStartMs, speed);
      const simulated = simulatorSeries(predictedTrace);
      await writeFile(input.pacingTrace.file, JSON.stringify({ speed, shiftSeconds: input.minutes * 60, real, predicted: simulated }));
      log(`pacing trace (${real.length} real decisions, ${simulated.length} predicted) in ${input.pacingTrace.file}\n${formatTraceComparison(real, simulated, 60, input.minutes * 60)}`);
    }
    const real = realMetrics({
      policy: simulatorPolicy(input.policy),
      agents: input.agents,
      speed,
      shift: { startMs: shiftStartMs, endMs: shiftEndMs },
      calls,
      spans: desks.flatMap((d) => d.spans),
      fateOf: (call) => fateAt(call.to, call.createdAtMs),
    });
    const saves = desks.flatMap((d) => d.saveRoundTripsMs);
    return {
      workload: workload.name,
      policy: input.policy,
      real: real.metrics,
      predicted,
      engine: engineFigures(stats, cpuMs, { workerdCpuMs, calls: calls.length, agents: input.agents, speed, loadAverage, connectWaitP95Seconds: real.metrics.connectWaitP95Seconds }),
      diagnostics: {
        ...real.diagnostics,
        agentProblems: desks.flatMap((d) => d.problems).slice(0, 20),
        saveRoundTripMsP50: percentile(saves, 0.5),
        saveRoundTripMsP95: percentile(saves, 0.95),
        loadAverage,
        campaignId,
        leads,
      },
    };
  } finally {
    for (const desk of desks) desk.close();
    await database.end().catch(() => undefined);
    await control(controlUrl, "DELETE", "/control/workload-plan", {}).catch(() => undefined);
  }
}

function engineFigures(
  stats: unknown,
  profiled: Record<ActorKind, number> | null,
  run: { workerdCpuMs: number; calls: number; agents: number; speed: number; loadAverage: number[]; connectWaitP95Seconds: number },
): EngineFigures {
  const none = { count: 0, p50: null, p99: null, max: null };
  const { campaign, pool } = stats === null ? { campaign: null, pool: { reservationMs: none, reservationWaitMs: none } } : z.object({ campaign: z.unknown(), pool: z.unknown() }).parse(stats);
  // The profile's samples are wall time on the isolate's thread (descheduled time included on a busy
  // machine): they give each kind's share; the process's CPU from /proc gives the milliseconds.
  const busy = profiled ? ACTOR_KINDS.reduce((sum, kind) => sum + profiled[kind], 0) : 0;
  const cpuMs = profiled && busy > 0 ? (Object.fromEntries(ACTOR_KINDS.map((kind) => [kind, (profiled[kind] / busy) * run.workerdCpuMs])) as Record<ActorKind, number>) : null;
  const cpuPerCallMs = cpuMs && run.calls > 0 ? Object.fromEntries(ACTOR_KINDS.map((kind) => [kind, Math.round((100 * cpuMs[kind]) / run.calls) / 100])) : null;
  return engineFiguresSchema.parse({
    agents: run.agents,
    calls: run.calls,
    workerdCpuMs: run.workerdCpuMs,
    campaign,
    pool,
    // Real seconds: the workload's connect wait divided by the speed.
    connectWaitP95Ms: Math.round((run.connectWaitP95Seconds / run.speed) * 1000),
    cpuMsByKind: cpuMs && Object.fromEntries(Object.entries(cpuMs).map(([kind, ms]) => [kind, Math.round(ms)])),
    cpuPerCallMs,
    loadAverage: run.loadAverage.map((l) => Math.round(l * 100) / 100),
  });
}

async function control(controlUrl: string, method: "POST" | "PUT" | "DELETE", route: string, body: unknown): Promise<void> {
  const response = await fetch(`${controlUrl}${route}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
}

async function inBatches<T, R>(items: readonly T[], size: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return results;
}

async function retried<R>(attempt: () => Promise<R>, log: (line: string) => void): Promise<R> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= DESK_TRIES) throw error;
      log(`an agent's desk did not open (${String(error)}); again in ${tries} s`);
      await sleep(tries * 1000);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
