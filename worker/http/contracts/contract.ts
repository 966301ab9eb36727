// What a route promises its callers, apart from how it is served: its method and path,
// the body of each success status (a zod schema of the JSON, as the client receives it:
// timestamps are ISO strings), and the error codes its own handler may answer. The route
// table (../route-table.ts) is built from these with `defineRoute(contract, handling)`;
// the console types its API client with them and the workers tests check every route's
// answers against them. Imports only zod and protocol modules, so the console may import it.
import { z } from "zod";
import type { ErrorCode } from "./errors";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** A success answer that is not JSON (an audio file, a CSV download). */
export interface RawBody {
  kind: "raw";
  contentType: string;
}
export const rawBody = (contentType: string): RawBody => ({ kind: "raw", contentType });

/** 204: no body at all. */
export const NO_BODY = null;

export type ResponseBody = z.ZodType | RawBody | typeof NO_BODY;

/** The body of each status the route answers outside the error shape (2xx, and health's 503). */
export type ResponseSpec = Partial<Record<200 | 201 | 202 | 204 | 206 | 503, ResponseBody>>;

export interface RouteContract {
  method: HttpMethod;
  path: string;
  response: ResponseSpec;
  /**
   * Codes the handler itself may answer in `{ error: { code, message } }`. The codes the app
   * answers for any route (no session, too low a role, bad body, unknown id, 500, 503) follow
   * from the route's declaration: see `errorCodesOf` in ../route-table.ts.
   */
  errors: readonly ErrorCode[];
}

/** Keeps the literal method, path and schemas, so the console's client can be keyed by them. */
export const routeContract = <const C extends RouteContract>(contract: C): C => contract;

/** "GET /api/members": how a route is named in the registry, the tests and the console's client. */
export type RouteKey<C extends Pick<RouteContract, "method" | "path">> = `${C["method"]} ${C["path"]}`;
export const routeKey = (contract: Pick<RouteContract, "method" | "path">) => `${contract.method} ${contract.path}`;

/** A Date as JSON carries it. */
export const instant = z.iso.datetime({ offset: true });
/** Postgres uuids (lower case; ids derived from an Idempotency-Key are not RFC 4122 v4, hence guid). */
export const id = z.guid();
