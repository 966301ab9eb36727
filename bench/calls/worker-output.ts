// Reads what `wrangler dev` prints while the bench runs: its request lines
// ("[wrangler:info] POST /webhooks/telnyx 200 OK (7ms)", timed inside workerd from the
// request's arrival to its response) and the engine's structured log events
// ({"event":"call_outbox_postponed",…}), counted by name, so failures inside the engine
// show up in the report. It also notices wrangler rebuilding and restarting the Worker
// (it watches the sources: a file saved in the checkout mid-run restarts it).
import { z } from "zod";
import { monotonicMs } from "./monotonic-clock.ts";

export interface RequestLine {
  atMs: number;
  route: string;
  status: number;
  ms: number;
}

const REQUEST_LINE = /\[wrangler:info\] (GET|POST|PUT|PATCH|DELETE) (\S+) (\d{3}) [^(]*\((\d+)ms\)/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const logEvent = z.object({ event: z.string(), error: z.string().optional(), reason: z.string().optional(), holder: z.string().optional() }).passthrough();
const MAX_REASONS_PER_EVENT = 4;
/** wrangler dev's lines when it rebuilt the Worker after a source change and restarted it. */
const RESTART_LINE = /Reloading local server|Detected changes, restarted server/;

export class WorkerOutput {
  readonly requests: RequestLine[] = [];
  readonly eventCounts = new Map<string, number>();
  /** Per event name, its most frequent error messages (first line, ids blanked) with counts. */
  readonly eventReasons = new Map<string, Map<string, number>>();
  /** When wrangler restarted the Worker (a source file changed), on the bench's clock. */
  readonly restartsAtMs: number[] = [];
  #partial = "";

  /** Give this to startStack({ onWorkerOutput }). */
  readonly onOutput = (text: string): void => {
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop() ?? "";
    const atMs = monotonicMs();
    for (const line of lines) this.#read(line, atMs);
  };

  #read(line: string, atMs: number): void {
    if (RESTART_LINE.test(line)) {
      this.restartsAtMs.push(atMs);
      return;
    }
    const request = REQUEST_LINE.exec(line);
    if (request) {
      const [, method, path, status, ms] = request;
      this.requests.push({ atMs, route: `${method} ${path!.replace(UUID, ":id").replace(":id::id", ":room")}`, status: Number(status), ms: Number(ms) });
      return;
    }
    const start = line.indexOf("{");
    if (start < 0 || !line.includes('"event"')) return;
    let parsed: ReturnType<typeof logEvent.safeParse>;
    try {
      parsed = logEvent.safeParse(JSON.parse(line.slice(start)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const { event, error, reason, holder } = parsed.data;
    this.eventCounts.set(event, (this.eventCounts.get(event) ?? 0) + 1);
    // A dropped database connection names its holder (db/client.ts): who lost it is the news.
    const said = (error ?? reason)?.split("\n")[0]?.replace(UUID, ":id").slice(0, 160);
    const why = said && holder ? `${said} (${holder.slice(0, 80)})` : said;
    if (!why) return;
    const reasons = this.eventReasons.get(event) ?? new Map<string, number>();
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
    this.eventReasons.set(event, reasons);
  }

  /** The most frequent reasons per event, for the report. */
  topReasons(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.eventReasons.entries()].map(([event, reasons]) => [
        event,
        Object.fromEntries([...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_REASONS_PER_EVENT)),
      ]),
    );
  }
}
