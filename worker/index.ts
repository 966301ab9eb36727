// The Worker entry: actor rooms under /parties/*, everything else to the Hono app
// (REST API and, later, carrier and Stripe webhooks). Static console assets are
// served by Workers assets before the Worker runs. Exports every actor class.
import { createApp } from "./app";
import { PARTY_PATH_PREFIX, routeRoomRequest } from "./rooms";
import { sweepWebhookDispatchers } from "./outbound-webhooks/sweep";
import { runRetention } from "./retention/retention-run";
import { reportOverage } from "./billing/overage-reporting";
import { BILLING_USAGE_CRON, RETENTION_CRON } from "./cron-schedules";
import { localScheduled } from "./local-scheduled";

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith(PARTY_PATH_PREFIX)) return routeRoomRequest(request, env, ctx);
    return (await localScheduled(request, env, (cron) => runScheduled(cron, env, ctx))) ?? app.fetch(request, env, ctx);
  },
  scheduled(controller, env, ctx) {
    return runScheduled(controller.cron, env, ctx);
  },
} satisfies ExportedHandler<Env>;

// wrangler.toml [triggers] (cron-schedules.ts): hourly the retention job, every quarter
// hour the usage above the plans reported to Stripe, every minute the sweep that wakes
// webhook dispatchers which missed a wake-up.
async function runScheduled(cron: string, env: Env, ctx: ExecutionContext): Promise<void> {
  if (cron === RETENTION_CRON) await runRetention(env);
  else if (cron === BILLING_USAGE_CRON) await reportOverage(env);
  else await sweepWebhookDispatchers(env, ctx);
}

export { CallActor } from "../objects/call/CallActor";
export { AgentPoolActor } from "../objects/agent-pool/AgentPoolActor";
export { RateLimiter } from "../objects/rate-limiter/RateLimiter";
export { CampaignActor } from "../objects/campaign/CampaignActor";
export { RecordWriter } from "../objects/record-writer/RecordWriter";
export { WebhookDispatcher } from "../objects/webhook-dispatcher/WebhookDispatcher";
