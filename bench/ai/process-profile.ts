// --profile-cpu FILE for bench:ai: a V8 CPU profile of this Node process (the calls' engine
// code and the in-process model simulator share its one event loop) over the calls' run,
// through node:inspector. Written as a .cpuprofile (Chrome DevTools' Performance panel)
// and summed up with bench:calls' summary (its top functions, inclusive and self). The
// samples are wall time on the thread: on a busy machine compare shares within a profile.
import { Session } from "node:inspector/promises";
import { writeFile } from "node:fs/promises";
import { summarise, type CpuProfileSummary } from "../calls/cpu-profile";

const SAMPLING_INTERVAL_US = 500;

export class ProcessProfiler {
  private constructor(readonly session: Session) {}

  static async start(): Promise<ProcessProfiler> {
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
    await session.post("Profiler.start");
    return new ProcessProfiler(session);
  }

  /** Stops sampling, writes the profile to `file` and sums it up. */
  async stop(file: string, top = 25): Promise<CpuProfileSummary> {
    const { profile } = await this.session.post("Profiler.stop");
    this.session.disconnect();
    await writeFile(file, JSON.stringify(profile));
    return { file, ...summarise(profile as Parameters<typeof summarise>[0], top) };
  }
}
