// The carrier simulator's control API (sim/carrier/control.ts), for the features that only
// make sense against it (a campaign rehearsal, an AI test call). A deployment whose carrier
// is Telnyx has no simulator, and each feature says so plainly, with what to do instead,
// rather than ringing real phones.
import { conflict } from "./http/errors";

/** How one feature explains that it needs the simulator. */
export interface SimulatorUse {
  /** What needs it: "A rehearsal runs against the carrier simulator". */
  needs: string;
  /** Said after "its carrier is Telnyx (CARRIER_MODE=…)": why that matters and what to do instead. */
  onTelnyx: string;
  /** What cannot happen while the simulator's address is unknown: "there is nothing to rehearse against". */
  withoutAddress: string;
}

type SimulatorEnv = Pick<Env, "CARRIER_MODE" | "TELNYX_BASE_URL">;

/** The simulator's control API, or why this deployment has none (a sentence for the 409). */
export function simulatorControlUrl(env: SimulatorEnv, use: SimulatorUse): { ok: true; url: string } | { ok: false; missing: string } {
  if (env.CARRIER_MODE !== "simulator") {
    return { ok: false, missing: `${use.needs}, and this deployment has none: its carrier is Telnyx (CARRIER_MODE=${env.CARRIER_MODE || "telnyx"})${use.onTelnyx}` };
  }
  try {
    return { ok: true, url: `${new URL(env.TELNYX_BASE_URL).origin}/control` };
  } catch {
    return { ok: false, missing: `CARRIER_MODE is simulator but TELNYX_BASE_URL does not say where the carrier simulator is, so ${use.withoutAddress}` };
  }
}

/** The simulator's control API, or a 409 saying why there is none. */
export function requireSimulatorControl(env: SimulatorEnv, use: SimulatorUse): string {
  const control = simulatorControlUrl(env, use);
  if (!control.ok) throw conflict(control.missing);
  return control.url;
}
