// The shape of an actor's timings as the engine-stats route reports them (the scale
// rehearsal, issue 18; kept by objects/shared/timing-samples.ts). Milliseconds.
import { z } from "zod";

export const timingSummary = z.strictObject({
  /** Samples kept (at most the newest 20,000). */
  count: z.number().int(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});
export type TimingSummary = z.infer<typeof timingSummary>;
