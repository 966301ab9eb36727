// The sweep, run by the Cron Trigger every minute: wakes the dispatcher of every
// organisation with a delivery overdue by more than a minute. A dispatcher sets its own
// alarm for what it knows about; this catches what it was never told (the Worker or a
// RecordWriter stopped between the commit and the wake-up).
import { openDatabase } from "../../db/client";
import { systemAccess } from "../../db/access";
import { organizationsWithOverdueDeliveries } from "../../db/writers/webhook-records";
import { wakeWebhookDispatcher } from "./wake";

const OVERDUE_GRACE_MS = 60_000;

export async function sweepWebhookDispatchers(env: Env, ctx: Pick<ExecutionContext, "waitUntil">, now = new Date()): Promise<string[]> {
  const database = openDatabase(env, systemAccess("the scheduled sweep finds every organisation's due deliveries"), { maxConnections: 1 });
  try {
    const organizations = await organizationsWithOverdueDeliveries(database.db, now, OVERDUE_GRACE_MS);
    for (const organizationId of organizations) wakeWebhookDispatcher(env, ctx, organizationId);
    return organizations;
  } finally {
    ctx.waitUntil(database.close());
  }
}
