// The words of a scripted line, filled in from the call: `{customer|the account holder}`
// says the customer's name when the call carries one, else the words after the bar. The
// values come from the dial's client_state (a JSON object's `vars`, on either bridged
// leg: the customer's leg knows the customer, the agent's leg the agent), else from the
// persona's own `variables` (the control API's persona the engine or a test passes).
// Nothing is made up: a demo never shows a name or an amount the call did not have.
import type { Leg } from "./calls.ts";

const PLACEHOLDER = /\{(\w+)(?:\|([^}]*))?\}/g;

export type ScriptVariables = Readonly<Record<string, string>>;

export function fillLine(text: string, variables: ScriptVariables): string {
  return text.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => variables[name] ?? fallback ?? "");
}

/** What a leg's client_state says, if it is base64 of a JSON object with string `vars`. */
export function clientStateVariables(clientState: string | null): ScriptVariables {
  if (!clientState) return {};
  try {
    const decoded: unknown = JSON.parse(Buffer.from(clientState, "base64").toString("utf8"));
    const vars = decoded && typeof decoded === "object" && "vars" in decoded ? (decoded as { vars: unknown }).vars : null;
    if (!vars || typeof vars !== "object") return {};
    return Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** The persona's defaults, then the partner leg's client_state, then the leg's own (nearest wins). */
export function scriptVariables(leg: Leg, partner: Leg | undefined): ScriptVariables {
  return { ...(leg.persona.variables ?? {}), ...clientStateVariables(partner?.clientState ?? null), ...clientStateVariables(leg.clientState) };
}
