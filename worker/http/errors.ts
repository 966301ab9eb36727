// The one error shape every client sees: { error: { code, message, fields? } }.
// Handlers throw ApiError; the app's error handler turns it (or anything else) into
// that shape. No stack trace ever reaches a client.
import type { ErrorBody, ErrorCode, FieldError } from "./contracts/errors";

export type { ErrorBody, ErrorCode, FieldError };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const unauthorized = () => new ApiError(401, "unauthorized", "Log in or send an API key");
export const conflict = (message: string) => new ApiError(409, "conflict", message);
/** Postgres unreachable or too slow (db/postgres-errors.ts): a client retries, it did nothing wrong. */
export const databaseUnavailable = () =>
  new ApiError(503, "service_unavailable", "The database is unreachable right now; try again shortly", undefined, { "retry-after": "5" });

export function errorResponse(error: ApiError): Response {
  return new Response(JSON.stringify(error.toBody()), {
    status: error.status,
    headers: { "content-type": "application/json; charset=utf-8", ...error.headers },
  });
}
