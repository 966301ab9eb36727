// `wrangler dev` never fires Cron Triggers by itself: the launcher asks the Worker to, on
// its local trigger path with this run's token (worker/local-scheduled.ts explains why not
// Miniflare's own), at the minutes the Worker's schedules name (worker/cron-schedules.ts). Every schedule also
// fires once at start, so a retention policy set before `npm start` is applied without
// waiting for :17. Only the two shapes our schedules use are understood.
import { CRON_SCHEDULES, LOCAL_SCHEDULED_PATH } from "../../worker/cron-schedules.ts";

const TICK_MS = 60_000;

/** True when `expression` fires in the minute of `at` ("* * * * *" or "M * * * *"). */
export function cronFiresAt(expression: string, at: Date): boolean {
  const [minute, ...rest] = expression.trim().split(/\s+/);
  if (rest.length !== 4 || rest.some((field) => field !== "*")) throw new Error(`cron-ticker understands "* * * * *", "M * * * *" and "*/N * * * *" only, not "${expression}"`);
  const step = /^\*\/(\d+)$/.exec(minute ?? "");
  if (step) return at.getUTCMinutes() % Number(step[1]) === 0;
  return minute === "*" || Number(minute) === at.getUTCMinutes();
}

export function startCronTicker(options: { url: string; token: string; log: (line: string) => void; schedules?: readonly string[] }): { stop(): void } {
  const schedules = options.schedules ?? CRON_SCHEDULES;
  const fire = async (cron: string) => {
    try {
      const response = await fetch(`${options.url}${LOCAL_SCHEDULED_PATH}?cron=${encodeURIComponent(cron)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(TICK_MS),
      });
      if (!response.ok) options.log(`cron "${cron}": HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    } catch (error) {
      options.log(`cron "${cron}": ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const cron of schedules) void fire(cron);
  let lastMinute = Math.floor(Date.now() / TICK_MS);
  const timer = setInterval(() => {
    const minute = Math.floor(Date.now() / TICK_MS);
    if (minute === lastMinute) return;
    lastMinute = minute;
    for (const cron of schedules) if (cronFiresAt(cron, new Date(minute * TICK_MS))) void fire(cron);
  }, 5_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
