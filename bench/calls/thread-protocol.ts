// What the main thread (the stack, the simulator, the webhook stopwatch, the delivery
// log) and the load-client thread (API calls, console sockets, health probe) tell each
// other. Messages are validated on arrival, like any other wire.
import { z } from "zod";

export const clientConfig = z.object({
  apiUrl: z.string(),
  /** `wib_session=…`, from one login: the auth endpoints are rate limited. */
  cookie: z.string(),
  organizationId: z.string(),
  calls: z.number().int().positive(),
  /** The first calls are spread over this long, so they do not all ring and end together. */
  rampMs: z.number(),
  windowMs: z.number(),
  /** How long one call should last at this speed (ring + talk). */
  callMs: z.number(),
  /** Dialled numbers are this prefix plus four digits (a live-human range of the number plan). */
  numberPrefix: z.string(),
  healthIntervalMs: z.number(),
});
export type ClientConfig = z.infer<typeof clientConfig>;

const samples = z.object({ atMs: z.array(z.number()), ms: z.array(z.number()), status: z.array(z.number()) });
export type Samples = z.infer<typeof samples>;

export const clientResult = z.object({
  window: z.object({ startMs: z.number(), endMs: z.number() }),
  calls: z.object({
    placed: z.number(),
    endedByStatus: z.record(z.string(), z.number()),
    /** No terminal status seen within the call timeout: the slot was freed anyway. */
    timedOut: z.number(),
    socketFailures: z.number(),
    liveAtEnd: z.number(),
    /** Calls being placed or live, sampled every second of the window. */
    liveSamples: z.array(z.number()),
  }),
  api: samples,
  apiErrors: z.record(z.string(), z.number()),
  health: samples,
  sockets: z.object({ callIds: z.array(z.string()), openedAtMs: z.array(z.number()) }),
  broadcasts: z.object({ eventIds: z.array(z.string()), firstSeenMs: z.array(z.number()) }),
  /** Segments as first carried by a call view (the intelligence recomputed with them). */
  segmentsInView: z.object({ segmentIds: z.array(z.string()), firstSeenMs: z.array(z.number()) }),
  /** Translated lines as they reached the consoles: segment id, when, the model's latency for it. */
  translations: z.object({ segmentIds: z.array(z.string()), firstSeenMs: z.array(z.number()), modelLatencyMs: z.array(z.number().nullable()) }),
  transcriptDuplicates: z.object({ count: z.number(), examples: z.array(z.string()) }),
  invalidMessages: z.number(),
  errorMessages: z.array(z.string()),
  eventLoopUtilization: z.number(),
});
export type ClientResult = z.infer<typeof clientResult>;

export const clientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("window"), edge: z.enum(["start", "end"]), atMs: z.number() }),
  z.object({ type: z.literal("progress"), line: z.string() }),
  z.object({ type: z.literal("done"), result: clientResult }),
  z.object({ type: z.literal("failed"), message: z.string() }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
