// Where the machine's CPU goes during the window, from /proc: the whole machine, and
// each part of the stack, per thread for the multi-threaded ones, so a single
// saturated thread shows up as such. `wrangler dev` runs two workerd processes: one
// listens on the Worker's port and forwards every request to the other, which runs
// the Worker and the actors; its Node process prints the request log. This process
// runs the simulator, the database relay and the load client. Only descendants of this
// process count as the stack: anything else on the machine is "other".
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

export type ProcessGroup = "workerd-runtime" | "workerd-proxy" | "postgres" | "wrangler-node" | "bench-node";

interface ThreadTicks {
  group: ProcessGroup;
  name: string;
  ticks: number;
}

export interface CpuSnapshot {
  atMs: number;
  machineBusyTicks: number;
  machineTotalTicks: number;
  groupTicks: Record<ProcessGroup, number>;
  threads: Map<string, ThreadTicks>;
  /** Every process of the stack seen, to check after stop() that none is left. */
  pids: Map<number, ProcessGroup>;
}

export interface CpuUsage {
  cores: number;
  /** Share of all cores that were busy (100 = every core busy all the time). */
  machineBusyPct: number;
  /** Per part of the stack, in percent of one core (200 = two cores). */
  byGroupPctOfCore: Record<ProcessGroup, number>;
  /** Everything else on the machine (other users' processes, the kernel), in percent of one core. */
  otherPctOfCore: number;
  /** The busiest threads, in percent of one core. */
  busiestThreads: { group: ProcessGroup; name: string; pctOfCore: number }[];
}

/** workerPort: the port the stack's Worker answers on, which tells the two workerd processes apart. */
export function takeCpuSnapshot(atMs: number, workerPort: number): CpuSnapshot {
  const [busy, total] = machineTicks();
  const groupTicks: Record<ProcessGroup, number> = { "workerd-runtime": 0, "workerd-proxy": 0, postgres: 0, "wrangler-node": 0, "bench-node": 0 };
  const threads = new Map<string, ThreadTicks>();
  const pids = new Map<number, ProcessGroup>();
  // Only this process and its descendants: another stack on the machine is not ours.
  const processes = descendantsOfThisProcess(listProcesses());
  const postgresPids = new Set(processes.filter((p) => p.comm === "postgres").map((p) => p.pid));
  for (const proc of processes) {
    const group = groupOf(proc, workerPort);
    if (!group) continue;
    pids.set(proc.pid, group);
    groupTicks[group] += proc.ticks;
    // Backends that exited meanwhile are accounted to the postmaster as reaped children.
    if (group === "postgres" && !postgresPids.has(proc.ppid)) groupTicks[group] += proc.childTicks;
    if (group === "postgres") continue; // one thread per process: the process is the thread
    for (const thread of listThreads(proc.pid)) threads.set(`${proc.pid}/${thread.tid}`, { group, name: thread.comm, ticks: thread.ticks });
  }
  return { atMs, machineBusyTicks: busy, machineTotalTicks: total, groupTicks, threads, pids };
}

export function cpuUsageBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const seconds = (after.atMs - before.atMs) / 1000;
  const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 1000) / 10;
  const byGroupPctOfCore = Object.fromEntries(
    (Object.keys(after.groupTicks) as ProcessGroup[]).map((group) => [group, pct(after.groupTicks[group] - before.groupTicks[group])]),
  ) as Record<ProcessGroup, number>;
  const busiestThreads = [...after.threads.entries()]
    .map(([key, thread]) => ({ group: thread.group, name: thread.name, pctOfCore: pct(thread.ticks - (before.threads.get(key)?.ticks ?? 0)) }))
    .sort((a, b) => b.pctOfCore - a.pctOfCore)
    .slice(0, 5);
  const totalTicks = after.machineTotalTicks - before.machineTotalTicks;
  const busyTicks = after.machineBusyTicks - before.machineBusyTicks;
  const stackPct = Object.values(byGroupPctOfCore).reduce((a, b) => a + b, 0);
  return {
    cores: os.cpus().length,
    machineBusyPct: totalTicks > 0 ? Math.round((busyTicks / totalTicks) * 1000) / 10 : 0,
    byGroupPctOfCore,
    otherPctOfCore: Math.max(0, Math.round((pct(busyTicks) - stackPct) * 10) / 10),
    busiestThreads,
  };
}

/** Stack processes from `snapshot` that are still running. */
export function survivors(snapshot: CpuSnapshot, workerPort: number): { pid: number; group: ProcessGroup }[] {
  return [...snapshot.pids.entries()]
    .filter(([pid, group]) => {
      if (pid === process.pid) return false;
      const stat = parseStat(readText(`/proc/${pid}/stat`));
      // Gone, or the pid now belongs to something else.
      return stat !== null && groupOf({ pid, ...stat }, workerPort) === group;
    })
    .map(([pid, group]) => ({ pid, group }));
}

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
  childTicks: number;
}

function groupOf(proc: ProcStat, workerPort: number): ProcessGroup | null {
  if (proc.pid === process.pid) return "bench-node";
  if (proc.comm === "workerd") {
    return readText(`/proc/${proc.pid}/cmdline`)?.includes(`entry=127.0.0.1:${workerPort}`) ? "workerd-proxy" : "workerd-runtime";
  }
  if (proc.comm === "postgres") return "postgres";
  if (proc.comm === "node" && readText(`/proc/${proc.pid}/cmdline`)?.includes("wrangler")) return "wrangler-node";
  return null;
}

/** The processes that descend from this one (this one included): the stack it started. */
export function descendantsOfThisProcess<P extends { pid: number; ppid: number }>(processes: P[]): P[] {
  const parentOf = new Map(processes.map((p) => [p.pid, p.ppid]));
  const isOurs = (pid: number) => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parentOf.get(at), hops++) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return processes.filter((p) => isOurs(p.pid));
}

/** Every process on the machine, from /proc. */
export function listProcesses(): ProcStat[] {
  const found: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = parseStat(readText(`/proc/${entry}/stat`));
    if (stat) found.push({ pid: Number(entry), ...stat });
  }
  return found;
}

function listThreads(pid: number): { tid: number; comm: string; ticks: number }[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => {
    const stat = parseStat(readText(`/proc/${pid}/task/${tid}/stat`));
    return stat ? [{ tid: Number(tid), comm: stat.comm, ticks: stat.ticks }] : [];
  });
}

/** Fields after the `(comm)`, which may itself hold spaces and parentheses. */
function parseStat(text: string | null): Omit<ProcStat, "pid"> | null {
  if (!text) return null;
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(" ");
  // rest[0] is field 3 (state): ppid is field 4, utime/stime 14/15, cutime/cstime 16/17.
  const field = (n: number) => Number(rest[n - 3]);
  return { comm: text.slice(open + 1, close), ppid: field(4), ticks: field(14) + field(15), childTicks: field(16) + field(17) };
}

function machineTicks(): [busy: number, total: number] {
  const line = readText("/proc/stat")?.split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return [total - idle, total];
}

export function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
