// Peak resident memory of the Worker's processes (workerd) that this process started, from
// /proc: each process's VmHWM is the kernel's own high-water mark, so nothing is missed
// between samples. `wrangler dev` runs two workerd processes (a proxy and the runtime that
// runs the Worker); the report names the larger peak, the runtime's.
import { descendantsOfThisProcess, listProcesses, readText } from "../calls/process-cpu";

export interface WorkerMemory {
  /** The largest VmHWM of a workerd process descended from this one, in MiB. */
  peakRssMiB: number;
  processes: { pid: number; peakRssMiB: number; rssMiB: number }[];
}

export function workerdMemory(): WorkerMemory {
  const processes = descendantsOfThisProcess(listProcesses()).filter((p) => p.comm === "workerd");
  const measured = processes.map((p) => ({ pid: p.pid, peakRssMiB: statusKiB(p.pid, "VmHWM") / 1024, rssMiB: statusKiB(p.pid, "VmRSS") / 1024 }));
  return { peakRssMiB: Math.max(0, ...measured.map((m) => m.peakRssMiB)), processes: measured };
}

function statusKiB(pid: number, field: string): number {
  const text = readText(`/proc/${pid}/status`) ?? "";
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}
