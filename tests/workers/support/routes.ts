// Turns route-table entries into concrete requests for the generated tests.
import "../../../worker/routes";
import { routeTable, type RouteSpec } from "../../../worker/http/route-table";
import type { Caller } from "./client";
import { resourceFixtures, validBodies } from "./resources";

export { routeTable };

export const routeName = (route: RouteSpec) => `${route.method} ${route.path}`;

export const memberRoutes = () => routeTable.filter((r) => r.access.kind === "member");

/** A path for the route with `:id` replaced by a fresh resource of `owner`'s organisation. */
export async function concretePath(route: RouteSpec, owner: Caller): Promise<string> {
  if (!route.path.includes(":id")) return route.path;
  if (!route.resource) throw new Error(`${routeName(route)} has an :id but declares no resource kind`);
  const fixture = resourceFixtures[route.resource];
  if (!fixture) throw new Error(`no fixture for resource kind ${route.resource}: add one in tests/workers/support/resources.ts`);
  return route.path.replace(":id", await fixture(owner));
}

export function validBodyFor(route: RouteSpec): unknown {
  if (!route.body) return undefined;
  const make = validBodies[routeName(route)];
  if (!make) throw new Error(`no valid body for ${routeName(route)}: add one in tests/workers/support/resources.ts`);
  return make();
}
