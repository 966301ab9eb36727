// The floor run's report (floor/run.ts): what was offered and handled in the window, and
// workerd's CPU per webhook from the same /proc accounting bench:calls uses (process-cpu.ts).
import type { CpuUsage } from "../process-cpu.ts";

export interface FloorMeasurement {
  /** --floor-subrequest: the Worker also made one outbound POST per webhook. */
  subrequest: boolean;
  calls: number;
  speed: number;
  windowSeconds: number;
  /** What the calls offer: calls × webhooks a call ÷ call length. */
  offeredPerSecond: number;
  /** POSTs answered 2xx in the window, and the others (any status or no answer). */
  webhooksOk: number;
  webhooksFailed: number;
  /** Messages the calls' sockets received in the window (one per webhook when every socket was open). */
  socketMessages: number;
  /** Call actors constructed in the window (a new call's, or one woken again), and the calls begun in it. */
  actorStarts: number;
  callsStarted: number;
  cpu: CpuUsage;
}

export interface FloorReport {
  subrequest: boolean;
  calls: number;
  speed: number;
  windowSeconds: number;
  offeredPerSecond: number;
  webhooksPerSecond: number;
  webhooksFailed: number;
  socketMessagesPerWebhook: number;
  /** Actor starts per call begun in the window: 1 when an actor lives the whole call, more when it is evicted between webhooks. */
  actorStartsPerCall: number | null;
  /** The floor's `engineCpuMsPerWebhook`: the Worker's workerd (Worker and actors), no Postgres. */
  workerdCpuMsPerWebhook: number | null;
  /** wrangler's proxy workerd: ~0 with traffic past it (the floor always goes past it). */
  proxyCpuMsPerWebhook: number | null;
  /**
   * wrangler's proxy workerd and its Node process together. Not idle past the proxy: wrangler
   * dev always attaches its inspector proxy to the Worker's isolate with Network.enable, so
   * every subrequest's DevTools events travel runtime -> proxy workerd -> wrangler's Node.
   */
  wranglerCpuMsPerWebhook: number | null;
  workerdPctOfCore: number;
  machineBusyPct: number;
  otherPctOfCore: number;
}

export function buildFloorReport(m: FloorMeasurement): FloorReport {
  const webhooksPerSecond = m.webhooksOk / m.windowSeconds;
  const perWebhook = (pctOfCore: number) => (webhooksPerSecond > 0 ? round2((pctOfCore * 10) / webhooksPerSecond) : null);
  return {
    subrequest: m.subrequest,
    calls: m.calls,
    speed: m.speed,
    windowSeconds: Math.round(m.windowSeconds * 10) / 10,
    offeredPerSecond: round2(m.offeredPerSecond),
    webhooksPerSecond: round2(webhooksPerSecond),
    webhooksFailed: m.webhooksFailed,
    socketMessagesPerWebhook: m.webhooksOk > 0 ? round2(m.socketMessages / m.webhooksOk) : 0,
    actorStartsPerCall: m.callsStarted > 0 ? round2(m.actorStarts / m.callsStarted) : null,
    workerdCpuMsPerWebhook: perWebhook(m.cpu.byGroupPctOfCore["workerd-runtime"]),
    proxyCpuMsPerWebhook: perWebhook(m.cpu.byGroupPctOfCore["workerd-proxy"]),
    wranglerCpuMsPerWebhook: perWebhook(m.cpu.byGroupPctOfCore["workerd-proxy"] + m.cpu.byGroupPctOfCore["wrangler-node"]),
    workerdPctOfCore: m.cpu.byGroupPctOfCore["workerd-runtime"],
    machineBusyPct: m.cpu.machineBusyPct,
    otherPctOfCore: m.cpu.otherPctOfCore,
  };
}

export function formatFloorReport(r: FloorReport): string {
  const ms = (value: number | null) => (value === null ? "n/a (no webhook handled)" : `${value.toFixed(2)} ms`);
  return [
    `bench:calls --floor: a minimal Worker + actor (verify, RPC, one insert, one socket message${r.subrequest ? ", one outbound POST" : ""}), ${r.calls} calls at speed ${r.speed}, ${r.windowSeconds} s window`,
    `  webhooks/s        ${r.webhooksPerSecond.toFixed(1)} handled of ${r.offeredPerSecond.toFixed(1)} offered; ${r.webhooksFailed} failed`,
    `  socket messages   ${r.socketMessagesPerWebhook.toFixed(2)} per webhook; actor starts ${r.actorStartsPerCall === null ? "n/a" : r.actorStartsPerCall.toFixed(2)} per call`,
    `  workerd CPU       ${ms(r.workerdCpuMsPerWebhook)} per webhook (${r.workerdPctOfCore.toFixed(1)} % of a core; the engine's target: 2.5 ms with Postgres)`,
    `  wrangler dev      ${ms(r.wranglerCpuMsPerWebhook)} per webhook (its proxy workerd and Node process: the harness, not the floor)`,
    `  machine           ${r.machineBusyPct.toFixed(1)} % busy; other processes ${r.otherPctOfCore.toFixed(1)} % of a core`,
  ].join("\n");
}

const round2 = (value: number) => Math.round(value * 100) / 100;
