// The console's only door to the HTTP API: same-origin JSON over fetch with the session cookie.
// Every failure becomes an ApiError carrying the API's { error: { code, message, fields } } so
// components can show the server's own words inline instead of guessing.

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

async function request<T>(method: Method, path: string, body: unknown, fetchFn: Fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ code: "network_error", message: "Could not reach the server. Check your connection.", status: 0 });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Pass SvelteKit's `fetch` from a load function so requests are tracked; components omit it. */
export const api = {
  get: <T>(path: string, fetchFn: Fetch = fetch) => request<T>("GET", path, undefined, fetchFn),
  post: <T>(path: string, body?: unknown, fetchFn: Fetch = fetch) => request<T>("POST", path, body ?? {}, fetchFn),
  patch: <T>(path: string, body: unknown, fetchFn: Fetch = fetch) => request<T>("PATCH", path, body, fetchFn),
  delete: <T = void>(path: string, fetchFn: Fetch = fetch) => request<T>("DELETE", path, undefined, fetchFn),
};
