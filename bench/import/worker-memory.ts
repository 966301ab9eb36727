// Peak resident memory of the Worker's processes (workerd) that this process started, from
// /proc: each process's VmHWM is the kernel's own high-water mark, so nothing is missed
// between samples. `wrangler dev` runs two workerd processes (a proxy and the runtime that
// runs the Worker); the report names the larger peak, the runtime's.
import { readdirSync, readFileSync } from "node:fs";

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
}

export interface WorkerMemory {
  /** The largest VmHWM of a workerd process descended from this one, in MiB. */
  peakRssMiB: number;
  processes: { pid: number; peakRssMiB: number; rssMiB: number }[];
}

export function workerdMemory(): WorkerMemory {
  const processes = descendants(listProcesses()).filter((p) => p.comm === "workerd");
  const measured = processes.map((p) => ({ pid: p.pid, peakRssMiB: statusKiB(p.pid, "VmHWM") / 1024, rssMiB: statusKiB(p.pid, "VmRSS") / 1024 }));
  return { peakRssMiB: Math.max(0, ...measured.map((m) => m.peakRssMiB)), processes: measured };
}

function statusKiB(pid: number, field: string): number {
  const text = read(`/proc/${pid}/status`) ?? "";
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

function descendants(processes: ProcessInfo[]): ProcessInfo[] {
  const parentOf = new Map(processes.map((p) => [p.pid, p.ppid]));
  const isOurs = (pid: number) => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parentOf.get(at), hops++) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return processes.filter((p) => isOurs(p.pid));
}

function listProcesses(): ProcessInfo[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    const stat = read(`/proc/${entry}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const match = stat ? /^\d+ \((.*)\) \S+ (\d+)/s.exec(stat) : null;
    return match ? [{ pid: Number(entry), comm: match[1]!, ppid: Number(match[2]) }] : [];
  });
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
