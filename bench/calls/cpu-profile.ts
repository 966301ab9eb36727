// --profile-cpu: a V8 CPU profile of the Worker's isolate (the Worker and every actor run
// in it under wrangler dev) over the measured window, through wrangler's DevTools
// inspector. The profile is written as a .cpuprofile (open it in Chrome DevTools'
// Performance panel); the report lists the functions with the most time, inclusive and
// self. Samples are wall time on the isolate's thread: on a machine other work keeps busy,
// time the thread spent descheduled lands on whatever frame was running, so compare
// shares within one profile, and CPU per webhook from the process accounting.
import { writeFile } from "node:fs/promises";
import WebSocket from "ws";

const SAMPLING_INTERVAL_US = 500;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  ms: number;
  /** Share of the isolate's non-idle samples, in percent. */
  pct: number;
}

export interface CpuProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  inclusive: FunctionTime[];
  self: FunctionTime[];
}

export class IsolateProfiler {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
      const waiting = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!waiting || message.id === undefined) return;
      this.#pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`inspector: ${JSON.stringify(message.error)}`));
      else waiting.resolve(message.result);
    });
  }

  /** Connects to wrangler's inspector on `port` and starts sampling. */
  static async start(port: number): Promise<IsolateProfiler> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
    const target = targets[0];
    if (!target) throw new Error(`wrangler's inspector on port ${port} lists no Worker`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    const profiler = new IsolateProfiler(socket);
    await profiler.#send("Profiler.enable");
    await profiler.#send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
    await profiler.#send("Profiler.start");
    return profiler;
  }

  /** Stops sampling, writes the profile to `file` and sums it up. */
  async stop(file: string, top = 25): Promise<CpuProfileSummary> {
    const { profile } = (await this.#send("Profiler.stop")) as { profile: CpuProfile };
    this.#socket.close();
    await writeFile(file, JSON.stringify(profile));
    return { file, ...summarise(profile, top) };
  }

  #send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }
}

const IDLE = "(idle)";

/** Time per function (by name, file and line), inclusive of what it called and on its own. Pure. */
export function summarise(profile: CpuProfile, top: number): Omit<CpuProfileSummary, "file"> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((nodeId, i) => selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const label = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/.*\//, "")}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [nodeId, us] of selfUs) {
    const node = nodes.get(nodeId)!;
    totalUs += us;
    if (node.callFrame.functionName === IDLE) {
      idleUs += us;
      continue;
    }
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = nodeId; at !== undefined; at = parentOf.get(at)) {
      const name = label(nodes.get(at)!);
      if (seen.has(name) || name.startsWith("(root)")) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const ranked = (times: Map<string, number>) =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, pct: busyUs > 0 ? Math.round((1000 * us) / busyUs) / 10 : 0 }));
  return { busyMs: Math.round(busyUs / 1000), idleMs: Math.round(idleUs / 1000), inclusive: ranked(inclusive), self: ranked(self) };
}

/** The profile's top functions, one line each to `log` (the profile file has the rest). */
export function printCpuProfile(summary: CpuProfileSummary | null, log: (line: string) => void): void {
  if (!summary) return;
  log(`CPU profile of the isolate over the window: ${summary.file}; busy ${summary.busyMs} ms, idle ${summary.idleMs} ms (wall-time samples)`);
  for (const [title, rows] of [["inclusive", summary.inclusive], ["self", summary.self]] as const) {
    log(`  by ${title} time:`);
    for (const row of rows) log(`    ${row.ms.toFixed(0).padStart(7)} ms ${row.pct.toFixed(1).padStart(5)} %  ${row.name}`);
  }
}
