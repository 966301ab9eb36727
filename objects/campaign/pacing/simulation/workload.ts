// The workload file of PACING.md (bench/workloads/*.json): validated, with every
// missing optional key taken from PACING.md's example and every unknown key an error
// that says where it is and what was expected. `name` and `agents` are required.
import { z } from "zod";
import { LEGAL_ABANDON_CAP_RATE } from "../../../../domain/legal";
import { DIAL_OUTCOMES } from "../observed-stats";

const SUM_TOLERANCE = 1e-6;

const medianP90 = z
  .strictObject({ median: z.number().positive(), p90: z.number().positive() })
  .refine((d) => d.p90 >= d.median, { message: "p90 must be at least the median" });

const outcomeMix = z
  .strictObject({
    human: z.number().min(0).max(1),
    machine: z.number().min(0).max(1),
    noAnswer: z.number().min(0).max(1),
    busy: z.number().min(0).max(1),
    invalid: z.number().min(0).max(1),
  })
  .refine((mix) => Math.abs(DIAL_OUTCOMES.reduce((sum, name) => sum + mix[name], 0) - 1) <= SUM_TOLERANCE, {
    message: "outcome shares must add up to 1",
  });

const phase = z.strictObject({ fromSecond: z.number().min(0), outcomes: outcomeMix });

const talkComponent = z
  .strictObject({ weight: z.number().positive(), median: z.number().positive(), p90: z.number().positive() })
  .refine((d) => d.p90 >= d.median, { message: "p90 must be at least the median" });

export const DEFAULT_PHASES = [{ fromSecond: 0, outcomes: { human: 0.2, machine: 0.35, noAnswer: 0.35, busy: 0.05, invalid: 0.05 } }];

export const workloadSchema = z.strictObject({
  name: z.string().min(1),
  seed: z.number().int().min(0).max(0xffffffff).default(7),
  agents: z.number().int().min(1).max(10_000),
  shiftSeconds: z.number().positive().max(7 * 86_400).default(28_800),
  leads: z.number().int().min(0).default(60_000),
  phases: z
    .array(phase)
    .min(1)
    .default(DEFAULT_PHASES)
    .refine((phases) => phases[0]!.fromSecond === 0, { message: "the first phase must start at fromSecond 0" })
    .refine((phases) => phases.every((p, i) => i === 0 || p.fromSecond > phases[i - 1]!.fromSecond), {
      message: "phases must be in increasing fromSecond order",
    }),
  answerSeconds: z
    .strictObject({ human: medianP90.default({ median: 9, p90: 16 }), machine: medianP90.default({ median: 6, p90: 12 }) })
    .prefault({}),
  busySeconds: medianP90.default({ median: 3, p90: 5 }),
  invalidSeconds: medianP90.default({ median: 2, p90: 4 }),
  ringTimeoutSeconds: z.number().min(15, { message: "ringTimeoutSeconds is never below 15 s (the law: at least 15 s or 4 rings)" }).default(22),
  amd: z
    .strictObject({
      decisionSeconds: medianP90.default({ median: 2.5, p90: 4 }),
      humanAsMachine: z.number().min(0).max(1).default(0.01),
      machineAsHuman: z.number().min(0).max(1).default(0.08),
    })
    .prefault({}),
  talkSeconds: z
    .array(talkComponent)
    .min(1)
    .default([
      { weight: 0.3, median: 25, p90: 60 },
      { weight: 0.7, median: 240, p90: 600 },
    ])
    .refine((parts) => Math.abs(parts.reduce((sum, p) => sum + p.weight, 0) - 1) <= SUM_TOLERANCE, {
      message: "talk mixture weights must add up to 1",
    }),
  wrapSeconds: medianP90.default({ median: 25, p90: 90 }),
  machineTalkSeconds: z.number().min(0).default(12),
  abandonCap: z.number().gt(0).max(1).default(LEGAL_ABANDON_CAP_RATE),
  connectWindowSeconds: z.number().min(0).default(2),
  maxLinesPerAgent: z.number().min(1).default(5),
  /** Not in PACING.md's example: the decision tick it describes ("default every 1 s"). */
  decisionTickSeconds: z.number().positive().max(60).default(1),
});

export type Workload = z.output<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;

export type WorkloadParse = { ok: true; workload: Workload } | { ok: false; message: string };

export function parseWorkload(value: unknown, source = "workload"): WorkloadParse {
  const parsed = workloadSchema.safeParse(value);
  if (parsed.success) return { ok: true, workload: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "(top level)";
    if (issue.code === "unrecognized_keys") return `  ${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    return `  ${where}: ${issue.message}`;
  });
  return { ok: false, message: `${source} is not a valid workload:\n${lines.join("\n")}` };
}

/** The outcome mix in force at a given second of the shift. */
export function phaseAt(workload: Workload, second: number): Workload["phases"][number] {
  let current = workload.phases[0]!;
  for (const p of workload.phases) if (p.fromSecond <= second) current = p;
  return current;
}
