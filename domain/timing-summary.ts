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

/** A campaign's holds of new dials while the engine was behind (objects/campaign/dial-hold.ts): now, how many began, how long in all. */
export const dialHoldFigures = z.strictObject({
  holding: z.boolean(),
  /** The room's pacing line while held, e.g. "Holding dials: engine behind, 3 starts waiting 4.2 s"; null when not held. */
  reason: z.string().nullable(),
  holds: z.number().int(),
  heldMs: z.number(),
});
export type DialHoldFigures = z.infer<typeof dialHoldFigures>;

/** The CampaignActor's part of the engine-stats route: its tick's duration and lateness, and its holds of new dials. */
export const campaignEngineFigures = z.strictObject({ tickMs: timingSummary, tickLatenessMs: timingSummary, dialHold: dialHoldFigures });
export type CampaignEngineFigures = z.infer<typeof campaignEngineFigures>;

/**
 * The AgentPoolActor's part: its reservation latency (a call asking → the pool answering),
 * and of it the wait before the pool started on the ask (its thread busy with other work:
 * locally one thread runs every actor; in production the pool's own isolate).
 */
export const poolEngineFigures = z.strictObject({ reservationMs: timingSummary, reservationWaitMs: timingSummary });
export type PoolEngineFigures = z.infer<typeof poolEngineFigures>;
