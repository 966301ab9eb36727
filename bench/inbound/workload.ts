// An inbound workload for `npm run bench:inbound`: how many agents, how many callers a
// minute for how long, their handle times and their patience (how long a caller holds
// before hanging up), and the service level's threshold. Read from a JSON file with zod.
import { readFileSync } from "node:fs";
import { z } from "zod";

const seconds = z.number().positive();
/** A distribution of seconds: exponential (the textbook's), or lognormal (real handle times' long tail). */
export const secondsDistribution = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("exponential"), meanSeconds: seconds }),
  z.strictObject({ kind: z.literal("lognormal"), meanSeconds: seconds, sdSeconds: seconds }),
  z.strictObject({ kind: z.literal("fixed"), seconds }),
]);
export type SecondsDistribution = z.infer<typeof secondsDistribution>;

export const inboundWorkload = z.strictObject({
  name: z.string().min(1),
  seed: z.number().int().nonnegative(),
  agents: z.number().int().min(1).max(1000),
  callsPerMinute: z.number().positive(),
  /** Callers arrive for this long (at random, a Poisson process); the run then drains the line. */
  minutes: z.number().positive().max(24 * 60),
  handle: secondsDistribution,
  /** How long a caller holds before giving up; null: nobody gives up (Erlang C's own assumption). */
  patience: secondsDistribution.nullable(),
  serviceLevelSeconds: z.number().int().min(1).max(600),
  /** Wrap-up after each call before the agent is free again (0: none, as Erlang C assumes). */
  wrapUpSeconds: z.number().int().min(0).max(600).default(0),
});
export type InboundWorkload = z.infer<typeof inboundWorkload>;

export type LoadedWorkload = { ok: true; workload: InboundWorkload } | { ok: false; message: string };

export function loadInboundWorkload(file: string): LoadedWorkload {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ok: false, message: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = inboundWorkload.safeParse(json);
  if (!parsed.success) return { ok: false, message: `${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  return { ok: true, workload: parsed.data };
}

/** The distribution's mean, in seconds. */
export const meanOf = (d: SecondsDistribution): number => (d.kind === "fixed" ? d.seconds : d.meanSeconds);
