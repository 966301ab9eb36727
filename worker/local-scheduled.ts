// The local way into the Worker's Cron Triggers. `wrangler dev` never fires them, and
// Miniflare's own trigger (/cdn-cgi/handler/scheduled) reaches the static-assets router in
// front of this Worker, not the Worker, so it fails with "exception" whenever the Worker
// serves assets (wrangler 4.86). `npm start` therefore asks the Worker itself, on this path,
// with a token it made up for this run. Without LOCAL_SCHEDULED_TOKEN (production: never
// set) the path does not exist; the real Cron Triggers call `scheduled` directly.
import { constantTimeEqual } from "./auth/crypto";
import { CRON_SCHEDULES, LOCAL_SCHEDULED_PATH } from "./cron-schedules";
import { ApiError, errorResponse } from "./http/errors";

type RunScheduled = (cron: string) => Promise<void>;

/** The response for a local trigger, or null when this request is not one (the app answers it). */
export async function localScheduled(request: Request, env: Env, run: RunScheduled): Promise<Response | null> {
  const token = env.LOCAL_SCHEDULED_TOKEN;
  if (!token || new URL(request.url).pathname !== LOCAL_SCHEDULED_PATH) return null;
  const encoder = new TextEncoder();
  const presented = request.headers.get("authorization") ?? "";
  if (request.method !== "POST" || !constantTimeEqual(encoder.encode(presented), encoder.encode(`Bearer ${token}`))) {
    return errorResponse(new ApiError(401, "unauthorized", "The local scheduled trigger needs this run's token"));
  }
  const cron = new URL(request.url).searchParams.get("cron") ?? "";
  if (!(CRON_SCHEDULES as readonly string[]).includes(cron)) {
    const reason = `not one of this Worker's schedules (${CRON_SCHEDULES.join(", ")})`;
    return errorResponse(new ApiError(400, "validation_failed", `cron: ${reason}`, [{ path: "cron", message: reason }]));
  }
  await run(cron);
  return Response.json({ ran: cron });
}
