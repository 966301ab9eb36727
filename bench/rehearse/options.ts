// The command line of `npm run rehearse -- --workload FILE [--speed N] [--policy P] [--agents N] [--seed S] [--minutes M] [--json]`.

/** The policies the engine itself runs: VICIdial's adapt exists only in the pacing simulator (it is the benchmark's yardstick, not a campaign mode). */
export const ENGINE_POLICIES = ["ours", "progressive"] as const;
export type EnginePolicy = (typeof ENGINE_POLICIES)[number];

export interface RehearseOptions {
  workload: string;
  /** The carrier simulator's speed factor: every workload duration is divided by it. */
  speed: number;
  policy: EnginePolicy;
  /** Overrides the workload's agent count. */
  agents: number | null;
  /** Overrides the workload's seed. */
  seed: number | null;
  /** Workload minutes of the shift (the real run lasts minutes ÷ speed). */
  minutes: number;
  json: boolean;
}

export const USAGE = `usage: npm run rehearse -- --workload FILE [--speed N] [--policy ours|progressive] [--agents N] [--seed S] [--minutes M] [--json]

  --workload FILE  a pacing workload (bench/workloads/*.json, the pacing benchmark's schema)
  --speed N        the carrier simulator's speed factor (default 8): the shift takes minutes ÷ N of real time
  --policy P       ours (the campaign's predictive pacing, default) or progressive; vicidial-adapt exists only
                   in the pacing simulator, so the engine cannot rehearse it
  --agents N       simulated agents (default: the workload's)
  --seed S         seed of the leads' fates (default: the workload's)
  --minutes M      workload minutes of the shift (default 60)
  --json           print one object { workload, policy, real, predicted } and nothing else on stdout`;

export type ParsedOptions = { ok: true; options: RehearseOptions } | { ok: false; message: string };

const positive = (text: string | undefined) => (text !== undefined && /^\d+(\.\d+)?$/.test(text) && Number(text) > 0 ? Number(text) : null);

export function parseOptions(argv: readonly string[]): ParsedOptions {
  const options: RehearseOptions = { workload: "", speed: 8, policy: "ours", agents: null, seed: null, minutes: 60, json: false };
  const fail = (message: string): ParsedOptions => ({ ok: false, message: `${message}\n\n${USAGE}` });
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--help":
      case "-h":
        return { ok: false, message: USAGE };
      case "--json":
        options.json = true;
        break;
      case "--workload": {
        const file = value();
        if (!file) return fail("--workload needs a file");
        options.workload = file;
        break;
      }
      case "--speed": {
        const speed = positive(value());
        if (speed === null || speed > 50) return fail("--speed must be a number above 0 and at most 50");
        options.speed = speed;
        break;
      }
      case "--policy": {
        const policy = value();
        if (policy === "vicidial-adapt") return fail("--policy vicidial-adapt: the engine runs ours or progressive; VICIdial's adapt exists only in the pacing simulator (npm run bench:pacing)");
        if (!ENGINE_POLICIES.includes(policy as EnginePolicy)) return fail(`--policy must be ${ENGINE_POLICIES.join(" or ")}`);
        options.policy = policy as EnginePolicy;
        break;
      }
      case "--agents": {
        const agents = positive(value());
        if (agents === null || !Number.isInteger(agents) || agents > 500) return fail("--agents must be a whole number from 1 to 500");
        options.agents = agents;
        break;
      }
      case "--seed": {
        const seed = value();
        if (!seed || !/^\d+$/.test(seed)) return fail("--seed must be a whole number");
        options.seed = Number(seed);
        break;
      }
      case "--minutes": {
        const minutes = positive(value());
        if (minutes === null || minutes > 480) return fail("--minutes must be above 0 and at most 480");
        options.minutes = minutes;
        break;
      }
      default:
        return fail(`unknown option ${flag}`);
    }
  }
  if (!options.workload) return fail("--workload is required");
  return { ok: true, options };
}

/** The pacing simulator's name for an engine policy. */
export const simulatorPolicy = (policy: EnginePolicy) => (policy === "ours" ? "predictive" : "progressive");
