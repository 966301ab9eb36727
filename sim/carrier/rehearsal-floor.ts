// A console rehearsal's world (POST /control/rehearsals, from the Worker's rehearsal route):
// its leads answer as a pacing workload says (the workload plan, at the rehearsal's own
// speed, the rest of the simulated world keeping its pace), and its agents sit at their
// desks: each opens the console's agent-pool socket with the session the Worker made for
// it (bench/rehearse/agent-desk.ts, the same simulated agent `npm run rehearse` uses),
// takes the calls the engine connects, wraps up for the lead's wrap time and saves a
// disposition through the API. When the shift's minutes have passed, its runner stops
// the rehearsal campaign through the API, the last calls finish, and the desks leave.
// One rehearsal at a time: a new one ends the one before.
// A rehearsal that cannot reach the API does not leave its campaign running: when no
// desk could sit down it stops the campaign at once (nobody would take its calls), and
// a stop the API did not take (unreachable, 5xx, 429) is tried again with backoff until
// it lands or STOP_GIVE_UP_MS have passed, each failure in the rehearsal's problems.
import { readFile } from "node:fs/promises";
import { AgentDesk } from "../../bench/rehearse/agent-desk.ts";
import { REHEARSAL_WORKLOADS } from "../../domain/rehearsal.ts";
import { parseWorkload, type Workload } from "../../objects/campaign/pacing/simulation/workload.ts";
import type { Carrier } from "./carrier.ts";

export interface RehearsalFloorSpec {
  /** The Worker's origin, where the agents' sockets and API calls go. */
  apiUrl: string;
  organizationId: string;
  campaignId: string;
  /** Each agent's user id, console session token and the address their softphone leg rings. */
  agents: { userId: string; session: string; address: string }[];
  /** A session that may stop the rehearsal campaign when the shift is over. */
  runnerSession: string;
  workload: Workload;
  seed: number;
  speed: number;
  minutes: number;
  numberPrefix: string;
}

/** After the stop, real ms for the last calls to ring out, talk and wrap up before the desks leave. */
const SETTLE_MS = 30_000;
const SESSION_COOKIE = "wib_session";
/** A stop the API did not take is tried again after this, doubling up to STOP_RETRY_MAX_MS… */
const STOP_RETRY_FIRST_MS = 1_000;
const STOP_RETRY_MAX_MS = 30_000;
/** …until it lands or this long after the first try (then the console's Stop is the way). */
const STOP_GIVE_UP_MS = 10 * 60_000;

const floors = new WeakMap<Carrier, RehearsalFloor>();

/** The workload a name from domain/rehearsal.ts stands for (bench/workloads/<name>.json). */
export async function namedWorkload(name: string): Promise<{ ok: true; workload: Workload } | { ok: false; message: string }> {
  if (!(REHEARSAL_WORKLOADS as readonly string[]).includes(name)) return { ok: false, message: `no workload named ${name}; known: ${REHEARSAL_WORKLOADS.join(", ")}` };
  const text = await readFile(new URL(`../../bench/workloads/${name}.json`, import.meta.url), "utf8");
  return parseWorkload(JSON.parse(text) as unknown, name);
}

export function currentRehearsal(carrier: Carrier): RehearsalFloor | null {
  return floors.get(carrier) ?? null;
}

/** Ends the rehearsal running on this simulator (its campaign is stopped first when `stopCampaign`). */
export async function endRehearsal(carrier: Carrier, reason: string): Promise<void> {
  const floor = floors.get(carrier);
  floors.delete(carrier);
  await floor?.end(reason);
}

export async function startRehearsal(carrier: Carrier, spec: RehearsalFloorSpec, log: (line: string) => void): Promise<RehearsalFloor> {
  await endRehearsal(carrier, "a new rehearsal began");
  const floor = new RehearsalFloor(carrier, spec, log);
  floors.set(carrier, floor);
  floor.begin();
  return floor;
}

export class RehearsalFloor {
  readonly startedAtMs = Date.now();
  readonly endsAtMs: number;
  readonly desks: AgentDesk[];
  #state: "running" | "settling" | "ended" = "running";
  #endReason: string | null = null;
  #timers: NodeJS.Timeout[] = [];
  /** The campaign's stop: not asked yet, being tried (again), taken by the API, or given up on. */
  #stop: "not_asked" | "trying" | "stopped" | "gave_up" = "not_asked";
  #firstStopTry: Promise<void> | null = null;
  #desksDown = 0;
  readonly problems: string[] = [];

  constructor(
    private readonly carrier: Carrier,
    readonly spec: RehearsalFloorSpec,
    private readonly log: (line: string) => void,
  ) {
    this.endsAtMs = this.startedAtMs + (spec.minutes * 60 * 1000) / spec.speed;
    const cookieOf = (session: string) => `${SESSION_COOKIE}=${session}`;
    this.desks = spec.agents.map(
      (agent) =>
        new AgentDesk(agent.userId, cookieOf(agent.session), {
          apiUrl: spec.apiUrl,
          organizationId: spec.organizationId,
          speed: spec.speed,
          wrapSecondsFor: (to) => this.#wrapSecondsFor(to),
          log,
        }),
    );
  }

  /** The plan and the speeds in place, the desks opening, the shift's end timed. */
  begin(): void {
    const { spec, carrier } = this;
    carrier.setWorkloadPlan({ workload: spec.workload, seed: spec.seed, numberPrefix: spec.numberPrefix });
    carrier.settings.speedByPrefix.set(spec.numberPrefix, spec.speed);
    for (const agent of spec.agents) carrier.settings.speedByNumber.set(agent.address, spec.speed);
    for (const desk of this.desks) {
      desk.open().catch((error: unknown) => {
        this.#problem(`agent ${desk.userId} could not sit down: ${error instanceof Error ? error.message : String(error)}`);
        if (++this.#desksDown === this.desks.length && this.#state === "running") {
          this.#problem(`no agent could sit down at ${spec.apiUrl}: the campaign is stopped, nobody would take its calls`);
          void this.#stopCampaign();
        }
      });
    }
    // Unref'd: a simulator closing mid-rehearsal is not held open by it.
    this.#timers.push(setTimeout(() => void this.#shiftOver(), this.endsAtMs - Date.now()).unref());
    this.log(`rehearsal of campaign ${spec.campaignId}: ${spec.agents.length} agents, ${spec.workload.name}, ${spec.minutes} workload min at speed ${spec.speed}`);
  }

  async #shiftOver(): Promise<void> {
    if (this.#state !== "running") return;
    await this.#stopCampaign();
    this.#state = "settling";
    this.#timers.push(setTimeout(() => void this.end("the shift is over"), SETTLE_MS).unref());
  }

  /** Desks closed, the plan and the speeds removed (only if they are still this rehearsal's). */
  async end(reason: string): Promise<void> {
    if (this.#state === "ended") return;
    if (this.#state === "running") await this.#stopCampaign();
    this.#state = "ended";
    this.#endReason = reason;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const desk of this.desks) desk.close();
    const { carrier, spec } = this;
    if (carrier.workloadPlan?.spec.numberPrefix === spec.numberPrefix && carrier.workloadPlan.spec.workload === spec.workload) carrier.setWorkloadPlan(null);
    carrier.settings.speedByPrefix.delete(spec.numberPrefix);
    for (const agent of spec.agents) carrier.settings.speedByNumber.delete(agent.address);
    this.log(`rehearsal of campaign ${spec.campaignId} ended: ${reason}`);
  }

  /**
   * Stops the rehearsal campaign through the API, once: a second call waits for the first
   * try. A try the API did not take is repeated in the background with backoff, even after
   * the rehearsal ended, since the campaign would otherwise run on.
   */
  #stopCampaign(): Promise<void> {
    if (this.#firstStopTry) return this.#firstStopTry;
    this.#stop = "trying";
    this.#firstStopTry = this.#tryStop(this.carrier.scheduler.now(), STOP_RETRY_FIRST_MS);
    return this.#firstStopTry;
  }

  async #tryStop(firstTryAtMs: number, nextDelayMs: number): Promise<void> {
    const failure = await fetch(`${this.spec.apiUrl}/api/campaigns/${this.spec.campaignId}/stop`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${this.spec.runnerSession}` },
    }).then(
      async (response) => {
        await response.body?.cancel();
        // 409: it was stopped already (from the console, or it never started). Another 4xx will not change by retrying.
        if (response.ok || response.status === 409) return null;
        return { answer: `answered ${response.status}`, retry: response.status >= 500 || response.status === 429 };
      },
      (error: unknown) => ({ answer: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error), retry: true }),
    );
    if (failure === null) {
      if (nextDelayMs !== STOP_RETRY_FIRST_MS) this.#problem("the campaign is stopped (the API took the stop on a later try)");
      this.#stop = "stopped";
      return;
    }
    const { scheduler } = this.carrier;
    const giveUp = !failure.retry || scheduler.now() + nextDelayMs - firstTryAtMs > STOP_GIVE_UP_MS;
    const line = `stopping the campaign ${failure.answer}${giveUp ? ": gave up, stop it from the console" : `; trying again in ${nextDelayMs / 1000} s`}`;
    // The first failure and the outcome are the rehearsal's problems; the retries between only the log.
    if (nextDelayMs === STOP_RETRY_FIRST_MS || giveUp) this.#problem(line);
    else this.log(`rehearsal: ${line}`);
    if (giveUp) {
      this.#stop = "gave_up";
      return;
    }
    // On the simulator's clock (tests drive it), and not among #timers: ending the
    // rehearsal must not cancel the stop of its campaign.
    scheduler.after(nextDelayMs, "rehearsal campaign stop retry", () => void this.#tryStop(firstTryAtMs, Math.min(STOP_RETRY_MAX_MS, nextDelayMs * 2)));
  }

  /** The lead's wrap-up (workload seconds) after a call to `to`: none after a machine, as the pacing simulator counts it. */
  #wrapSecondsFor(to: string): number {
    const plan = this.carrier.workloadPlan;
    const lead = plan?.leadOf(to) ?? null;
    if (!plan || lead === null) return 0;
    const fate = plan.fateOf(lead, this.carrier.scheduler.now(), this.spec.speed);
    return fate.outcome === "human" ? fate.wrapSeconds : 0;
  }

  #problem(text: string): void {
    if (this.problems.length < 20) this.problems.push(text);
    this.log(`rehearsal: ${text}`);
  }

  view() {
    return {
      organization_id: this.spec.organizationId,
      campaign_id: this.spec.campaignId,
      workload: this.spec.workload.name,
      agents: this.spec.agents.length,
      speed: this.spec.speed,
      minutes: this.spec.minutes,
      state: this.#state,
      ended_because: this.#endReason,
      campaign_stop: this.#stop,
      started_at: new Date(this.startedAtMs).toISOString(),
      ends_at: new Date(this.endsAtMs).toISOString(),
      agent_calls: this.desks.reduce((sum, desk) => sum + desk.spans.filter((span) => span.status === "on_call").length, 0),
      problems: [...this.problems, ...this.desks.flatMap((desk) => desk.problems)].slice(0, 20),
    };
  }
}
