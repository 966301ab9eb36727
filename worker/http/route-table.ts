// Every API route is declared once here-through `defineRoute`, with who may call it
// and which tenant resource its `:id` names. The app registers routes from this
// table and the tenant-isolation and role-matrix tests are generated from it, so a
// new route is covered by those tests without anyone writing a new one.
import type { Context } from "hono";
import type { z } from "zod";
import type { Identity } from "../auth/identity";
import type { Database } from "../../db/client";
import type { Role } from "../../domain/roles";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** Kinds of tenant rows a route's `:id` may name; the isolation test creates one of each. */
export type ResourceKind = "member" | "invite" | "apiKey" | "account" | "call" | "recordedCall" | "phoneNumber" | "debt" | "dncEntry"
  /** A draft campaign; a running one (started through the API); a paused one. */
  | "campaign" | "runningCampaign" | "pausedCampaign"
  /** A running preview campaign that offers its caller a lead (the caller's own). */
  | "previewCampaign";

export type Access =
  | { kind: "public" }
  /** selfService: changes only the caller's own session (logout), so even viewers may call it. */
  | { kind: "member"; minRole: Role; selfService?: boolean };

export interface AppVariables {
  identity: Identity;
  db: Database;
}
export type AppContext = Context<{ Bindings: Env; Variables: AppVariables }>;

export interface RouteSpec<B = unknown, Q = unknown> {
  method: HttpMethod;
  path: string;
  summary: string;
  access: Access;
  resource?: ResourceKind;
  body?: z.ZodType<B>;
  /** Larger than the default JSON body limit (worker/http/body.ts), for routes that take whole files. */
  maxBodyBytes?: number;
  query?: z.ZodType<Q>;
  handler: (c: AppContext, input: { body: B; query: Q }) => Response | Promise<Response>;
}

export const routeTable: RouteSpec[] = [];

export function defineRoute<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec<B, Q> {
  routeTable.push(spec as unknown as RouteSpec);
  return spec;
}

export const member = (minRole: Role): Access => ({ kind: "member", minRole });
export const PUBLIC: Access = { kind: "public" };
