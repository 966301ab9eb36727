// The API's contract, route by route: every route's method, path, success bodies and error
// codes, keyed "METHOD /path". The Worker's route table is built from these contracts
// (each route module passes its own to `defineRoute`); the console types its client with
// this registry. Imports only zod and protocol modules.
import { accountImportRoutes } from "./account-imports";
import { analyticsRoutes } from "./analytics";
import { accountRoutes } from "./accounts";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { callRoutes } from "./calls";
import { campaignRoutes } from "./campaigns";
import type { RouteContract, RouteKey } from "./contract";
import { healthRoutes } from "./health";
import { organizationRoutes } from "./organization";
import { ivrSettingsRoutes } from "./ivr-settings";
import { aiAgentSettingsRoutes } from "./ai-agent-settings";
import { inboundQueueRoutes } from "./inbound-queues";
import { intelligenceSettingsRoutes } from "./intelligence-settings";
import { paymentRoutes } from "./payments";
import { phoneNumberRoutes } from "./phone-numbers";
import { reportRoutes } from "./reports";
import { segmentRoutes } from "./segments";
import { webhookEndpointRoutes } from "./webhook-endpoints";
import { openApiRoutes } from "./openapi";
import { supervisionRoutes } from "./supervision";
import { recordingControlRoutes } from "./recording-controls";
import { teamRoutes } from "./teams";
import { qaRoutes } from "./qa";
import { aiAgentRoutes } from "./ai-agent";
import { softphoneRoutes } from "./softphone";
import { retentionRoutes } from "./retention";
import { privacyRoutes } from "./privacy";
import { billingRoutes } from "./billing";

const allRoutes = [
  ...healthRoutes,
  ...authRoutes,
  ...organizationRoutes,
  ...auditRoutes,
  ...phoneNumberRoutes,
  ...ivrSettingsRoutes,
  ...aiAgentSettingsRoutes,
  ...inboundQueueRoutes,
  ...accountRoutes,
  ...accountImportRoutes,
  ...callRoutes,
  ...paymentRoutes,
  ...segmentRoutes,
  ...campaignRoutes,
  ...analyticsRoutes,
  ...reportRoutes,
  ...webhookEndpointRoutes,
  ...openApiRoutes,
  ...supervisionRoutes,
  ...recordingControlRoutes,
  ...teamRoutes,
  ...qaRoutes,
  ...aiAgentRoutes,
  ...intelligenceSettingsRoutes,
  ...softphoneRoutes,
  ...retentionRoutes,
  ...privacyRoutes,
  ...billingRoutes,
] as const;

type AnyRoute = (typeof allRoutes)[number];

export type ApiContracts = { [C in AnyRoute as RouteKey<C>]: C };
export type ApiRouteKey = keyof ApiContracts;

export const apiContracts = Object.fromEntries(allRoutes.map((route) => [`${route.method} ${route.path}`, route])) as unknown as ApiContracts;

/** Every contract, for code that walks them all (the contract tests; OpenAPI). */
export const allRouteContracts: readonly RouteContract[] = allRoutes;
