// The console's only door to the HTTP API: same-origin JSON over fetch with the session cookie.
// Requests name a route of the API's contract by its path template ("/api/campaigns/:id"), and
// the answer's type is the route's own response schema (worker/http/contracts/, z.infer), so
// the console's types are the Worker's contract rather than a hand-kept copy.
//
// Typed through the schema, not parsed: production trusts the Worker, whose every route's
// answers the generated workers test (tests/workers/response-contract.test.ts) checks against
// the same schemas, so the console ships no schemas at all. In `vite dev` each answer is also
// parsed with its schema (./api-contract-check.ts, loaded only in dev), so a drift shows at once.
//
// Every failure becomes an ApiError carrying the API's { error: { code, message, fields } } so
// components can show the server's own words inline instead of guessing.
import type { z } from "zod";
import type { ApiContracts, ApiRouteKey } from "$contracts/index";

export interface ApiFieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: ApiFieldError[];
  /** Seconds from a Retry-After header (429), when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(opts: {
    code: string;
    message: string;
    status: number;
    fields?: ApiFieldError[];
    retryAfterSeconds?: number | null;
  }) {
    super(opts.message);
    this.name = "ApiError";
    this.code = opts.code;
    this.status = opts.status;
    this.fields = opts.fields ?? [];
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
  }

  /** The server's message for one form field, if it rejected that field. */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.path === name || f.path.split(".").at(-1) === name)?.message;
  }
}

/** Turns anything thrown by an API call into text fit for an inline error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfterSeconds !== null) {
      return `Too many attempts, try again in ${error.retryAfterSeconds} s`;
    }
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

type Fetch = typeof fetch;
type Method = "GET" | "POST" | "PATCH" | "DELETE";
type SuccessStatus = 200 | 201 | 202 | 204;

/** Path templates of the contract's routes for one method: "/api/campaigns/:id". */
type PathOf<M extends Method> = ApiRouteKey extends infer Key ? (Key extends `${M} ${infer Path}` ? Path : never) : never;

type BodyOf<B> = B extends z.ZodType ? z.infer<B> : B extends null ? undefined : Blob;
type ResponseOf<Key extends ApiRouteKey> = ApiContracts[Key]["response"];
/** What a route answers on success: the union of its success statuses' bodies. */
export type ApiResponse<Key extends ApiRouteKey> = {
  [Status in keyof ResponseOf<Key> & SuccessStatus]: BodyOf<ResponseOf<Key>[Status]>;
}[keyof ResponseOf<Key> & SuccessStatus];

/** `{ id: string }` for "/api/campaigns/:id". */
type ParamsOf<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

/** A built query string ("a=1&b=2"), URLSearchParams, or named values (undefined ones left out). */
type Query = string | URLSearchParams | Record<string, string | number | undefined>;

/** Pass SvelteKit's `fetch` from a load function so requests are tracked; components omit it. */
type Options<Path extends string> = { query?: Query; body?: unknown; fetch?: Fetch; idempotencyKey?: string } & (Path extends `${string}:${string}`
  ? { params: ParamsOf<Path> }
  : { params?: undefined });
/** Options are required exactly when the path has parameters to fill. */
type OptionsArg<Path extends string> = Path extends `${string}:${string}` ? [options: Options<Path>] : [options?: Options<Path>];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  // Retry-After may also be an HTTP date.
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get("Retry-After"));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy or an unexpected crash may answer with HTML; fall through to a generic message.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const fields = Array.isArray(error?.fields)
    ? error.fields.filter(isRecord).map((f) => ({
        path: Array.isArray(f.path) ? f.path.join(".") : String(f.path ?? ""),
        message: String(f.message ?? ""),
      }))
    : [];
  return new ApiError({
    code: typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message:
      typeof error?.message === "string"
        ? error.message
        : `The server answered ${response.status} ${response.statusText}`.trim(),
    status: response.status,
    fields,
    retryAfterSeconds,
  });
}

/** "/api/campaigns/:id" with `{ id }` → "/api/campaigns/<id>", plus the query string. */
export function concretePath(template: string, params: Record<string, string> = {}, query?: Query): string {
  const path = template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const search =
    typeof query === "string" || query instanceof URLSearchParams
      ? new URLSearchParams(query)
      : new URLSearchParams(Object.entries(query ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  fetch?: Fetch;
  params?: Record<string, string>;
  /** Sent as Idempotency-Key: a retried request (same key) is the same request to the API. */
  idempotencyKey?: string;
}

async function request<Key extends ApiRouteKey>(method: Method, template: string, options: RequestOptions = {}): Promise<ApiResponse<Key>> {
  const { body } = options;
  const fetchFn = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchFn(concretePath(template, options.params, options.query), {
      method,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ code: "network_error", message: "Could not reach the server. Check your connection.", status: 0 });
  }
  if (!response.ok) throw await toApiError(response);
  const received: unknown = response.status === 204 ? undefined : /\bjson\b/.test(response.headers.get("content-type") ?? "") ? await response.json() : await response.blob();
  if (import.meta.env.DEV) {
    const { checkAgainstContract } = await import("./api-contract-check");
    checkAgainstContract(`${method} ${template}`, response.status, received);
  }
  return answerOf<Key>(received);
}

/**
 * The one place the console takes an answer at the contract's word: the route's schema is its
 * type, and the workers contract test holds the Worker to it (see the header).
 */
function answerOf<Key extends ApiRouteKey>(received: unknown): ApiResponse<Key> {
  return received as ApiResponse<Key>;
}

export const api = {
  get: <Path extends PathOf<"GET">>(path: Path, ...[options]: OptionsArg<Path>) =>
    request<`GET ${Path}` & ApiRouteKey>("GET", path, options),
  /** A POST without a body still sends `{}`, so every POST is JSON. */
  post: <Path extends PathOf<"POST">>(path: Path, ...[options]: OptionsArg<Path>) =>
    request<`POST ${Path}` & ApiRouteKey>("POST", path, { ...options, body: options?.body ?? {} }),
  patch: <Path extends PathOf<"PATCH">>(path: Path, ...[options]: OptionsArg<Path>) =>
    request<`PATCH ${Path}` & ApiRouteKey>("PATCH", path, options),
  delete: <Path extends PathOf<"DELETE">>(path: Path, ...[options]: OptionsArg<Path>) =>
    request<`DELETE ${Path}` & ApiRouteKey>("DELETE", path, options),
};
