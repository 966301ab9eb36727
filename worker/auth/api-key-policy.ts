// What an API key must satisfy on every request beyond its role: its request budget (a
// token bucket in the key's own RateLimiter actor, so it holds across Worker isolates)
// and the scope the route needs (derived from the route table, worker/http/route-scopes.ts).
import { scopesGrant, type ApiScope } from "../../domain/api-scopes";
import { ApiError, forbidden } from "../http/errors";
import { rateLimiterFor, tooManyAttempts } from "../http/rate-limit";
import type { AppContext } from "../http/route-table";
import type { Identity } from "./identity";

const API_KEY_BUCKET = "api-key";

/** Spends one request of the key's budget: 429 with Retry-After when it is spent. */
export async function spendApiKeyRequest(c: AppContext, identity: Identity): Promise<void> {
  if (identity.kind !== "api_key" || !identity.apiKeyId || identity.rateLimitPerMinute === null) return;
  const perMinute = identity.rateLimitPerMinute;
  const answer = await rateLimiterFor(c.env, API_KEY_BUCKET, identity.apiKeyId).takeToken(perMinute);
  if (!answer.allowed) {
    throw tooManyAttempts(answer.retryAfterSeconds, (seconds) => `This API key may make ${perMinute} requests a minute; try again in ${seconds} s`);
  }
  c.header("ratelimit-limit", String(perMinute));
  c.header("ratelimit-remaining", String(answer.remaining));
}

/** A key without the route's scope is refused with 403 naming it; a session is bounded by its role alone. */
export function assertScope(identity: Identity, needed: ApiScope | undefined): void {
  if (identity.scopes === null) return;
  if (!needed) throw new ApiError(403, "forbidden", "No API key scope covers this route; call it from the console");
  if (!scopesGrant(identity.scopes, needed)) throw forbidden(`This API key lacks the ${needed} scope`);
}
