// GET /api/health: liveness and the mode of each dependency (the same body at 200 and 503).
import { z } from "zod";
import { routeContract } from "./contract";

export const health = z.strictObject({
  ok: z.boolean(),
  db: z.strictObject({ ok: z.boolean(), mode: z.string() }),
  carrier: z.strictObject({ mode: z.string() }),
  payments: z.strictObject({ mode: z.string() }),
  llm: z.strictObject({ mode: z.enum(["simulator", "openai-compatible", "offline-fallback"]) }),
  /** behind: new placements are refused (503, Retry-After) until carrier events are stored promptly again; webhooksWaiting: this isolate's, now. */
  engine: z.strictObject({ behind: z.boolean(), webhooksWaiting: z.number().int() }),
});
export type Health = z.infer<typeof health>;

export const getHealth = routeContract({ method: "GET", path: "/api/health", response: { 200: health, 503: health }, errors: [] });

export const healthRoutes = [getHealth] as const;
