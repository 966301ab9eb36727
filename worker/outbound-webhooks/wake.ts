// After a transaction that queued webhook deliveries commits, its organisation's
// dispatcher is woken so they go out at once. Best effort by design: the deliveries are
// already stored, and a wake-up lost here is made good by the sweep (sweep.ts).
import { webhookDispatcherStub } from "../../objects/webhook-dispatcher/WebhookDispatcher";
import { logEvent } from "../../domain/log";

export function wakeWebhookDispatcher(env: Env, ctx: Pick<ExecutionContext, "waitUntil">, organizationId: string): void {
  ctx.waitUntil(
    webhookDispatcherStub(env, organizationId)
      .kick(organizationId)
      .then(
        () => undefined,
        (error: unknown) => logEvent({ event: "webhook_dispatcher_unwoken", organizationId, error: String(error) }),
      ),
  );
}
