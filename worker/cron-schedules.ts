// The Worker's Cron Triggers, one name per schedule: wrangler.toml `[triggers] crons` lists
// the same strings (a test holds them equal), the `scheduled` handler (index.ts) tells the
// jobs apart by them, and `npm start` fires them locally (scripts/lib/cron-ticker.ts).
/** Every minute: wake webhook dispatchers that missed a wake-up (outbound-webhooks/sweep.ts). */
export const WEBHOOK_SWEEP_CRON = "* * * * *";
/** Hourly at :17: the retention job (retention/retention-run.ts); a backlog drains in bounded runs. */
export const RETENTION_CRON = "17 * * * *";
/**
 * Every 15 minutes: usage above the plans' included minutes reported to Stripe's meter
 * (billing/overage-reporting.ts), so little of a period's usage waits at its end.
 */
export const BILLING_USAGE_CRON = "*/15 * * * *";

export const CRON_SCHEDULES = [WEBHOOK_SWEEP_CRON, RETENTION_CRON, BILLING_USAGE_CRON] as const;

/** Where `npm start` fires them locally, with its run's token (local-scheduled.ts). */
export const LOCAL_SCHEDULED_PATH = "/api/local/scheduled";
