// Every API route is declared once here, through `defineRoute(contract, handling)`: its
// contract (method, path, the body of each success status, the error codes its handler may
// answer; worker/http/contracts/, which the console imports too) and how it is served (who
// may call it, which tenant resource its `:id` names, its body and query rules, the
// handler). The app registers routes from this table, and the tenant-isolation, role-matrix,
// bad-input and response-contract tests are generated from it, so a new route is covered by
// those tests without anyone writing a new one.
import type { Context } from "hono";
import type { z } from "zod";
import type { Identity } from "../auth/identity";
import type { Database } from "../../db/client";
import type { Role } from "../../domain/roles";
import type { HttpMethod, ResponseSpec, RouteContract } from "./contracts/contract";
import type { ErrorCode } from "./contracts/errors";

export type { HttpMethod };

/** Kinds of tenant rows a route's `:id` may name; the isolation test creates one of each. */
export type ResourceKind = "member" | "invite" | "apiKey" | "account" | "call" | "recordedCall" | "phoneNumber" | "debt" | "dncEntry" | "segment"
  /** A live call about an account with a balance (a payment link can be sent on it). */
  | "accountCall"
  /** A chunked account import, open (worker/routes/account-imports.ts). */
  | "accountImport"
  /** A draft campaign; a running one (started through the API); a paused one. */
  | "campaign" | "runningCampaign" | "pausedCampaign"
  /** A running preview campaign that offers its caller a lead (the caller's own). */
  | "previewCampaign"
  /** A draft progressive campaign, which a rehearsal can play (worker/routes/campaign-rehearsals.ts). */
  | "rehearsableCampaign"
  /** A saved report of the report builder. */
  | "report"
  /** An outbound webhook endpoint; a delivery of one (worker/routes/webhook-endpoints.ts). */
  | "webhookEndpoint" | "webhookDelivery"
  /** A live call with an agent, which the caller supervises (worker/routes/supervision.ts). */
  | "supervisedCall"
  /** A live call to a Spanish-speaking caller with voice-to-voice on (worker/routes/intelligence-settings.ts). */
  | "voiceCall"
  /** An inbound queue (worker/routes/inbound-queues.ts). */
  | "queue"
  /** A payment in the ledger, paid through the Stripe simulator (worker/routes/payments.ts). */
  | "payment"
  /** A team (worker/routes/teams.ts); a QA evaluation form (worker/routes/qa.ts). */
  | "team" | "qaForm"
  /** An ended call an agent spoke on, which a reviewer may score. */
  | "evaluableCall"
  /** A live inbound call the AI voice agent is talking on (worker/routes/ai-agent.ts). */
  | "aiCall"
  /** A standing legal hold on an account (worker/routes/legal-holds.ts). */
  | "legalHold";

export type Access =
  | { kind: "public" }
  /** selfService: changes only the caller's own session (logout), so even viewers may call it. */
  | { kind: "member"; minRole: Role; selfService?: boolean };

export interface AppVariables {
  identity: Identity;
  /**
   * The request's database. For a member route's handler it is scoped to the member's
   * organisation (row-level security, db/access.ts): a query that forgets its
   * organisation still sees only theirs. For public routes it is the system's.
   */
  db: Database;
  /**
   * The named bypass of row-level security inside a request, for the rare member route that
   * must write beyond its organisation (a rehearsal's copy into its own). Every use says why.
   */
  systemDb: Database;
  /** Scopes the request's database to an organisation (worker/app.ts, once its identity is known). */
  scopeDatabase: (organizationId: string) => Promise<Database>;
}
export type AppContext = Context<{ Bindings: Env; Variables: AppVariables }>;

/** How a route is served: everything but its contract. */
export interface RouteHandling<B = unknown, Q = unknown> {
  summary: string;
  access: Access;
  resource?: ResourceKind;
  body?: z.ZodType<B>;
  /** Larger than the default JSON body limit (worker/http/body.ts), for routes that take whole files. */
  maxBodyBytes?: number;
  query?: z.ZodType<Q>;
  /**
   * Called before anything else, even the session lookup: a refusal that costs nothing
   * (placements shed while the engine is behind spend no Postgres connection on it).
   */
  admit?: (c: AppContext) => void;
  handler: (c: AppContext, input: { body: B; query: Q }) => Response | Promise<Response>;
}

export interface RouteSpec<B = unknown, Q = unknown> extends RouteHandling<B, Q> {
  method: HttpMethod;
  path: string;
  response: ResponseSpec;
  errors: readonly ErrorCode[];
}

export const routeTable: RouteSpec[] = [];

export function defineRoute<B = undefined, Q = undefined>(contract: RouteContract, handling: RouteHandling<B, Q>): RouteSpec<B, Q> {
  const { method, path, response, errors } = contract;
  const spec: RouteSpec<B, Q> = { method, path, response, errors, ...handling };
  routeTable.push(spec as unknown as RouteSpec);
  return spec;
}

/**
 * Every error code the route may answer: its handler's own (`errors`), and those the app
 * answers from what the route declares (app.ts, body.ts, params.ts): no session, a role
 * too low or an API key's scope missing or its request budget spent for a member route, a rejected body or query, an id that names nothing, and for
 * any route a crash (internal) or an unreachable database (service_unavailable).
 */
export function errorCodesOf(route: RouteSpec): ReadonlySet<ErrorCode> {
  const codes = new Set<ErrorCode>([...route.errors, "internal", "service_unavailable"]);
  if (route.access.kind === "member") codes.add("unauthorized").add("forbidden").add("rate_limited");
  if (route.body) codes.add("validation_failed").add("invalid_json").add("payload_too_large").add("unsupported_media_type");
  if (route.query) codes.add("validation_failed");
  if (route.path.includes(":id")) codes.add("not_found");
  return codes;
}

export const member = (minRole: Role): Access => ({ kind: "member", minRole });
export const PUBLIC: Access = { kind: "public" };
