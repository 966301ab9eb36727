// Placing calls and reading their record in tests, through the public API.
import { call, callHonouringRetryAfter, type Caller } from "./client";

export const TERMINAL = new Set(["completed", "busy", "no_answer", "failed", "canceled"]);

/** Demo numbers of the simulator's number plan (sim/README.md). */
export const PERSONA_NUMBERS = {
  liveHuman: "+15550100001",
  answeringMachine: "+15550200001",
  noAnswer: "+15550300001",
  busy: "+15550400001",
  invalid: "+15550500001",
  fax: "+15550600001",
} as const;

export { freshNumberIn } from "../../setup/fresh-numbers";

export async function placeCall(caller: Caller, body: Record<string, unknown>): Promise<string> {
  const response = await callHonouringRetryAfter(caller, "POST", "/api/calls", body);
  if (response.status !== 201) throw new Error(`placing a call failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export async function readCall(caller: Caller, id: string) {
  const response = await call(caller, "GET", `/api/calls/${id}`);
  if (response.status !== 200) throw new Error(`reading call ${id}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.call;
}
