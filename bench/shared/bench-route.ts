// Where a whole-stack bench sends its traffic: straight to the Worker's own workerd (past
// wrangler dev's proxy, which a deployment does not have: scripts/lib/engine-url.ts) or
// through the proxy. The carrier simulator's webhooks follow, so webhooks, API calls and
// console sockets all take the one path the report names.
import type { EngineAddress } from "../../scripts/lib/engine-url.ts";
import type { Stack } from "../../scripts/lib/stack.ts";

export async function routeBenchTraffic(stack: Stack, options: { direct: boolean; proxyNote: string }): Promise<EngineAddress & { webhookUrl: string }> {
  const engine = options.direct ? await stack.engineAddress() : { url: stack.url, route: `through wrangler dev's proxy (${options.proxyNote})` };
  const controlUrl = stack.carrier.controlUrl;
  if (!controlUrl) throw new Error("The stack runs without the carrier simulator");
  const webhookUrl = `${engine.url}/webhooks/telnyx`;
  const answer = await fetch(`${controlUrl}/control/webhook-url`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: webhookUrl }) });
  if (!answer.ok) throw new Error(`The carrier simulator refused the webhook URL ${webhookUrl}: ${answer.status}`);
  return { ...engine, webhookUrl };
}
