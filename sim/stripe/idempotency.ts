// Idempotency keys as Stripe documents them: the first result of a POST made with a key
// is kept for 24 hours (per API key); the same key with the same parameters replays it
// (with `Idempotent-Replayed: true`), with other parameters or another endpoint it is a
// 400 `idempotency_error`. A request that failed parameter validation, or that chaos
// failed before it ran, keeps nothing, so a retry runs it afresh.

export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export interface KeptResult {
  endpoint: string;
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
  keptAtMs: number;
}

export type Lookup = { kind: "new" } | { kind: "replay"; result: KeptResult } | { kind: "conflict"; message: string };

/** Parameters compared as Stripe does: the same values, whatever their order on the wire. */
export function fingerprint(params: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => [key, sorted(inner)]));
    }
    return value;
  };
  return JSON.stringify(sorted(params));
}

export class IdempotencyStore {
  private readonly kept = new Map<string, KeptResult>();

  check(apiKey: string, key: string, endpoint: string, params: unknown, nowMs: number): Lookup {
    if (key.length > MAX_KEY_LENGTH) return { kind: "conflict", message: `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters.` };
    const kept = this.kept.get(`${apiKey}\n${key}`);
    if (!kept || nowMs - kept.keptAtMs > KEY_LIFETIME_MS) return { kind: "new" };
    if (kept.endpoint !== endpoint || kept.fingerprint !== fingerprint(params)) {
      return {
        kind: "conflict",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      };
    }
    return { kind: "replay", result: kept };
  }

  keep(apiKey: string, key: string, result: Omit<KeptResult, "fingerprint"> & { params: unknown }): void {
    const { params, ...rest } = result;
    this.kept.set(`${apiKey}\n${key}`, { ...rest, fingerprint: fingerprint(params) });
  }

  clear(): void {
    this.kept.clear();
  }
}
