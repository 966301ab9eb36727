// The command line of `npm run bench:pacing -- (--workload FILE | --all [--dir DIR]) [--json] [--seed N] [--seeds A-B]`.

export interface PacingBenchOptions {
  /** One workload file, or every bench/workloads/*.json with `all`. */
  workload: string | null;
  all: boolean;
  /** The folder `all` reads instead of bench/workloads/ (e.g. the held-out workloads). */
  dir: string | null;
  /** One JSON object on stdout instead of the table. */
  json: boolean;
  /** Overrides the workloads' own seeds. */
  seed: number | null;
  /** Runs every seed in the list and prints a sweep summary instead. */
  seeds: number[] | null;
}

export const USAGE = `usage: npm run bench:pacing -- (--workload FILE | --all [--dir DIR]) [--json] [--seed N] [--seeds A-B]

  --workload FILE  run progressive, vicidial-adapt and predictive on one workload (PACING.md)
  --all            run every workload in bench/workloads/ and print a summary table
  --dir DIR        with --all, the workloads in DIR instead (bench/workloads/holdout: never tuned on)
  --json           print one JSON object instead of the table
  --seed N         use seed N instead of the workload's own
  --seeds A-B      run seeds A..B (or a list "1,2,7") and print how the targets hold across them`;

export type ParsedOptions = { ok: true; options: PacingBenchOptions } | { ok: false; message: string };

function parseSeeds(text: string): number[] | null {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from || to - from > 1000) return null;
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const list = text.split(",").map((s) => s.trim());
  if (list.length === 0 || list.some((s) => !/^\d+$/.test(s))) return null;
  return list.map(Number);
}

export function parseOptions(argv: readonly string[]): ParsedOptions {
  const options: PacingBenchOptions = { workload: null, all: false, dir: null, json: false, seed: null, seeds: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--help":
      case "-h":
        return { ok: false, message: USAGE };
      case "--json":
        options.json = true;
        break;
      case "--all":
        options.all = true;
        break;
      case "--workload": {
        const file = value();
        if (!file) return { ok: false, message: `--workload needs a file\n\n${USAGE}` };
        options.workload = file;
        break;
      }
      case "--dir": {
        const dir = value();
        if (!dir) return { ok: false, message: `--dir needs a folder of workload files\n\n${USAGE}` };
        options.dir = dir;
        break;
      }
      case "--seed": {
        const text = value();
        if (text === undefined || !/^\d+$/.test(text) || Number(text) > 0xffffffff) return { ok: false, message: `--seed needs a whole number from 0 to 4294967295\n\n${USAGE}` };
        options.seed = Number(text);
        break;
      }
      case "--seeds": {
        const seeds = parseSeeds(value() ?? "");
        if (!seeds) return { ok: false, message: `--seeds needs a range like 1-5 or a list like 1,2,7\n\n${USAGE}` };
        options.seeds = seeds;
        break;
      }
      default:
        return { ok: false, message: `unknown option ${arg}\n\n${USAGE}` };
    }
  }
  if (options.all === (options.workload !== null)) return { ok: false, message: `give either --workload FILE or --all\n\n${USAGE}` };
  if (options.dir !== null && !options.all) return { ok: false, message: `--dir goes with --all\n\n${USAGE}` };
  if (options.seed !== null && options.seeds !== null) return { ok: false, message: `give --seed or --seeds, not both\n\n${USAGE}` };
  return { ok: true, options };
}
