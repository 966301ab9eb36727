// Secrets never appear in wrangler.toml, so `wrangler types` cannot see them.
// Each is listed in the README's configuration table.
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    TELNYX_API_KEY?: string;
    TELNYX_PUBLIC_KEY?: string;
    STRIPE_SECRET_KEY?: string;
    STRIPE_WEBHOOK_SECRET?: string;
    OPENAI_API_KEY?: string;
    /** Set by `npm start` only: opens the local Cron Trigger path (local-scheduled.ts). */
    LOCAL_SCHEDULED_TOKEN?: string;
    /** "1": each campaign logs its pacing decisions (a local debugging aid; the rehearsal's REHEARSE_PACING_TRACE sets it). */
    PACING_TRACE?: string;
  }
}
