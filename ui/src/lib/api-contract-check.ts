// Development only (api.ts loads it under `import.meta.env.DEV`, so production bundles carry
// no schemas): parses each API answer with its route's response schema, so a Worker answer
// that drifted from the contract fails loudly where it is used instead of rendering wrong.
import { apiContracts } from "$contracts/index";
import type { ResponseBody } from "$contracts/contract";

export function checkAgainstContract(routeKey: string, status: number, received: unknown): void {
  const contract = (apiContracts as Record<string, { response: Partial<Record<number, ResponseBody>> } | undefined>)[routeKey];
  const declared = contract?.response[status];
  if (!contract || declared === undefined) throw new Error(`API contract: ${routeKey} answered ${status}, which its contract does not declare`);
  if (declared === null || "kind" in declared) return;
  const parsed = declared.safeParse(received);
  if (!parsed.success) {
    console.error(`API contract: ${routeKey} answered ${status} with a body its schema rejects`, parsed.error.issues, received);
    throw new Error(`API contract: ${routeKey} answered a ${status} body its schema rejects (see the console)`);
  }
}
