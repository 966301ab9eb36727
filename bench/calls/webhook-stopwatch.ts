// Times every webhook the carrier simulator POSTs to the Worker. The simulator runs in
// this process (scripts/lib/stack.ts starts it in-process) and delivers with the global
// fetch, so wrapping fetch here gives the exact moment each POST starts and the moment
// its answer arrives, on the same clock as the console sockets. Its delivery log has
// only the simulator-clock time an attempt was *queued* (a call's deliveries queue
// behind each other), which is not when the POST started.
import { z } from "zod";
import { decodeClientState } from "../../objects/call/client-state.ts";
import { monotonicMs } from "./monotonic-clock.ts";

export interface WebhookTiming {
  eventId: string;
  eventType: string;
  /** The call the event belongs to (from the client_state we gave the carrier), if any. */
  callId: string | null;
  startMs: number;
  endMs: number | null;
  /** HTTP status; 0 when the request failed without an answer. */
  status: number | null;
  /**
   * A non-2xx answer's first bytes (or the failure's message): says who answered, since a
   * 503 from wrangler's proxy or workerd itself never reaches our code or its log.
   */
  answer: string | null;
}

const ANSWER_HEAD_CHARS = 160;

const envelope = z.object({
  data: z.object({
    id: z.string(),
    event_type: z.string(),
    payload: z.object({ client_state: z.string().nullish() }).passthrough(),
  }),
});

export interface WebhookStopwatch {
  timings: WebhookTiming[];
  /** Requests started so far (including ones still in flight). */
  started(): number;
  inFlight(): number;
  stop(): void;
}

export function startWebhookStopwatch(webhookUrl: string): WebhookStopwatch {
  const original = globalThis.fetch;
  const timings: WebhookTiming[] = [];
  let inFlight = 0;
  const timed: typeof fetch = async (input, init) => {
    const body = init?.body;
    if (input !== webhookUrl || init?.method !== "POST" || typeof body !== "string") return original(input, init);
    const startMs = monotonicMs();
    const parsed = (() => {
      try {
        return envelope.safeParse(JSON.parse(body));
      } catch {
        return null;
      }
    })();
    const timing: WebhookTiming = {
      eventId: parsed?.success ? parsed.data.data.id : "",
      eventType: parsed?.success ? parsed.data.data.event_type : "",
      callId: parsed?.success ? (decodeClientState(parsed.data.data.payload.client_state)?.callId ?? null) : null,
      startMs,
      endMs: null,
      status: null,
      answer: null,
    };
    timings.push(timing);
    inFlight++;
    try {
      const response = await original(input, init);
      timing.status = response.status;
      if (!response.ok) timing.answer = await answerHead(response);
      return response;
    } catch (error) {
      timing.status = 0;
      timing.answer = error instanceof Error ? `${error.name}: ${error.cause instanceof Error ? error.cause.message : error.message}` : String(error);
      throw error;
    } finally {
      timing.endMs = monotonicMs();
      inFlight--;
    }
  };
  globalThis.fetch = timed;
  return {
    timings,
    started: () => timings.length,
    inFlight: () => inFlight,
    stop: () => {
      if (globalThis.fetch === timed) globalThis.fetch = original;
    },
  };
}

/** Who answered and what they said: the server header and the body's start, read from a copy. */
async function answerHead(response: Response): Promise<string> {
  const body = await response
    .clone()
    .text()
    .catch((error: unknown) => `(body unreadable: ${String(error)})`);
  const server = response.headers.get("server");
  return `${server ? `[server ${server}] ` : ""}${body.replace(/\s+/g, " ").slice(0, ANSWER_HEAD_CHARS)}`;
}
