// A small client for driving the Worker in tests the way a console or integrator
// would: real HTTP requests through the Worker's fetch handler, cookies kept per user.
import { exports } from "cloudflare:workers";
import { stopRehearsalWhenFileEnds } from "./campaign-clock";

export const BASE_URL = "http://app.test";

/** A fresh client address per user keeps rate-limit buckets of tests (and test files) apart. */
export const freshAddress = () => `fd00::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;

export interface Caller {
  cookie?: string;
  apiKey?: string;
  address?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  caller: Caller | null,
  method: string,
  path: string,
  body?: unknown,
  init: { rawBody?: string; contentType?: string; baseUrl?: string; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const headers = new Headers({ ...init.headers, "cf-connecting-ip": caller?.address ?? freshAddress() });
  if (caller?.cookie) headers.set("cookie", caller.cookie);
  if (caller?.apiKey) headers.set("authorization", `Bearer ${caller.apiKey}`);
  const payload = init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers.set("content-type", init.contentType ?? "application/json");
  const response = await exports.default.fetch(
    new Request(`${init.baseUrl ?? BASE_URL}${path}`, { method, headers, body: payload }),
  );
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  // A rehearsal started by any test (the generated route tests too) must not outlive its file.
  if (method === "POST" && response.status === 201 && REHEARSAL_PATH.test(path)) stopRehearsalWhenFileEnds((parsed as { rehearsal: { organizationId: string; campaignId: string } }).rehearsal);
  return { status: response.status, body: parsed as T, headers: response.headers };
}

const REHEARSAL_PATH = /^\/api\/campaigns\/[^/]+\/rehearsals$/;

/**
 * A placement as a well-behaved client sends it: while the engine is behind, POST /api/calls
 * answers 503 with Retry-After (worker/calls/engine-backlog.ts), and the client waits that long
 * and sends it again. On a loaded CI machine a test's own carrier webhooks can put the engine
 * "behind"; a fixture that needs a call must not fail on that, and overload.test.ts proves the
 * refusal itself with `call`.
 */
export async function callHonouringRetryAfter<T = any>(...args: Parameters<typeof call>): Promise<CallResult<T>> {
  for (let attempt = 1; ; attempt++) {
    const result = await call<T>(...args);
    const retryAfterSeconds = Number(result.headers.get("retry-after"));
    if (result.status !== 503 || !(retryAfterSeconds > 0) || attempt === MAX_PLACEMENT_ATTEMPTS) return result;
    await scheduler.wait(retryAfterSeconds * 1000);
  }
}

const MAX_PLACEMENT_ATTEMPTS = 6;

export function sessionCookieFrom(headers: Headers): string {
  const setCookie = headers.get("set-cookie") ?? "";
  const match = /wib_session=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in: ${setCookie}`);
  return `wib_session=${match[1]}`;
}
