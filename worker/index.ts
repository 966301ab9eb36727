// The Worker entry: actor rooms under /parties/*, everything else to the Hono app
// (REST API and, later, carrier and Stripe webhooks). Static console assets are
// served by Workers assets before the Worker runs. Exports every actor class.
import { createApp } from "./app";
import { PARTY_PATH_PREFIX, routeRoomRequest } from "./rooms";
import { sweepWebhookDispatchers } from "./outbound-webhooks/sweep";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith(PARTY_PATH_PREFIX)) return routeRoomRequest(request, env, ctx);
    return app.fetch(request, env, ctx);
  },
  // Every minute (wrangler.toml [triggers]): wake webhook dispatchers that missed a wake-up.
  async scheduled(_controller, env, ctx) {
    await sweepWebhookDispatchers(env, ctx);
  },
} satisfies ExportedHandler<Env>;

export { CallActor } from "../objects/call/CallActor";
export { AgentPoolActor } from "../objects/agent-pool/AgentPoolActor";
export { RateLimiter } from "../objects/rate-limiter/RateLimiter";
export { CampaignActor } from "../objects/campaign/CampaignActor";
export { RecordWriter } from "../objects/record-writer/RecordWriter";
export { WebhookDispatcher } from "../objects/webhook-dispatcher/WebhookDispatcher";
