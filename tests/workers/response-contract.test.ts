// Generated from the route table: every route, called by a member allowed to call it with a
// valid fixture, answers a status its contract declares with a body its schema accepts; the
// failures the app answers for it carry codes the route declares, in the one error shape.
// A route that declares no success response fails here, so a new route must declare one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResponseBody } from "../../worker/http/contracts/contract";
import { errorBody } from "../../worker/http/contracts/errors";
import { apiContracts, allRouteContracts } from "../../worker/http/contracts";
import { errorCodesOf, type RouteSpec } from "../../worker/http/route-table";
import { stopCampaignsStarted } from "./support/campaign-clock";
import { call, callHonouringRetryAfter, type CallResult } from "./support/client";
import { logIn, signUp, type Member } from "./support/orgs";
import { successExamples } from "./support/resources";
import { concretePath, routeName, routeTable, validBodyFor } from "./support/routes";

// A valid body starts a rehearsal (POST /api/campaigns/:id/rehearsals): its copy stops with the file.
afterAll(() => stopCampaignsStarted());

let owner: Member;
beforeAll(async () => {
  owner = await signUp("Contracts");
});

const successStatuses = (route: RouteSpec) => Object.keys(route.response).map(Number).filter((status) => status < 300);

/** What is wrong with an answer of `status` against the route's contract; null when nothing is. */
function contractProblem(route: RouteSpec, response: CallResult): string | null {
  const declared = (route.response as Record<number, ResponseBody | undefined>)[response.status];
  if (declared === undefined) {
    const error = errorBody.safeParse(response.body);
    if (!error.success) return `answered ${response.status}, which the contract does not declare, with ${JSON.stringify(response.body)}`;
    const code = error.data.error.code;
    return errorCodesOf(route).has(code)
      ? `answered the declared error ${code} (${error.data.error.message}) instead of success: fix the fixture`
      : `answered error ${code}, which the route does not declare (${error.data.error.message})`;
  }
  if (declared === null) return response.body === null ? null : `declares no body for ${response.status} but sent ${JSON.stringify(response.body)}`;
  if ("kind" in declared) {
    const contentType = response.headers.get("content-type") ?? "";
    const [family, subtype] = declared.contentType.split("/");
    const matches = subtype === "*" ? contentType.startsWith(`${family}/`) : contentType.startsWith(declared.contentType);
    return matches ? null : `declares ${declared.contentType} for ${response.status} but sent ${contentType}`;
  }
  const parsed = declared.safeParse(response.body);
  return parsed.success ? null : `body does not match the ${response.status} schema: ${JSON.stringify(parsed.error.issues, null, 1)}`;
}

describe("the route table's contracts", () => {
  it("every route declares a success response", () => {
    const without = routeTable.filter((route) => successStatuses(route).length === 0).map(routeName);
    expect(without).toEqual([]);
  });

  it("the console's registry names exactly the routes in the table, with the same contracts", () => {
    expect(allRouteContracts.map((c) => `${c.method} ${c.path}`).sort()).toEqual(routeTable.map(routeName).sort());
    for (const route of routeTable) {
      const contract = (apiContracts as Record<string, { response: unknown; errors: unknown }>)[routeName(route)];
      expect(contract?.response, routeName(route)).toBe(route.response);
      expect(contract?.errors, routeName(route)).toBe(route.errors);
    }
  });
});

describe("every route answers what its contract declares", () => {
  for (const route of routeTable) {
    it(`${routeName(route)} answers a permitted member with a declared status and a body its schema accepts`, async () => {
      const example = await successExamples[routeName(route)]?.(owner);
      // A self-service route may end the caller's session: give it a session of its own.
      const caller = route.access.kind === "public" ? null : route.access.selfService ? await logIn(owner) : owner;
      const path = example?.path ?? (await concretePath(route, owner));
      const body = example?.body ?? validBodyFor(route);
      // A placement route may ask a loaded engine's caller to come back (503 + Retry-After): it is answered as a client would.
      const response = await callHonouringRetryAfter(caller, route.method, path, body);
      expect(contractProblem(route, response), `${route.method} ${path}`).toBeNull();
      expect(successStatuses(route), "a success status").toContain(response.status);
    });

    const nothingToRefuse = route.access.kind === "public" && !route.body && !route.path.includes(":"); // health
    it.skipIf(nothingToRefuse)(`${routeName(route)} answers a request it refuses with a code it declares, in the one error shape`, async () => {
      // No credentials for a member route; a malformed body or an unknown token for a public one.
      const path = route.path.replace(":id", "not-a-uuid").replace(":token", "no-such-token");
      const refused =
        route.access.kind === "member" || !route.body
          ? await call(null, route.method, path, validBodyFor(route))
          : await call(null, route.method, path, undefined, { rawBody: '{"oops": ' });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      const error = errorBody.parse(refused.body);
      expect([...errorCodesOf(route)], error.error.message).toContain(error.error.code);
    });
  }
});
