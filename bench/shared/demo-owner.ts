// The benchmarks run against the local stack's seeded demo organisation and log in as its
// owner, as a console would: one session cookie for the API and the organisation's id.
import { z } from "zod";
import { DEMO_PASSWORD } from "../../scripts/lib/seed.ts";

export const DEMO_OWNER_EMAIL = "owner@demo.test";

export async function logInAsDemoOwner(apiUrl: string): Promise<{ cookie: string; organizationId: string }> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD }),
  });
  const profile = z.object({ organization: z.object({ id: z.string() }) }).safeParse(await response.json().catch(() => null));
  const cookie = /(?:^|,\s*)(wib_session=[^;,]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!response.ok || !profile.success || !cookie) throw new Error(`Logging in as ${DEMO_OWNER_EMAIL} answered ${response.status}`);
  return { cookie, organizationId: profile.data.organization.id };
}
