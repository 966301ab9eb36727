// Where each person's softphone rang last, kept in the isolate for a short while, so an
// agent's or supervisor's dial does not first ask the carrier for the person's credential
// (a credential-list request per dial). Only a live credential is kept: a person without
// one is asked about at each dial, so a softphone that has just registered (its token minted
// in another isolate) is rung at once. An entry lasts the TTL at most, and never past the
// point where the person's console may mint a newer credential (less than
// SOFTPHONE_MIN_REMAINING_MS left on this one, domain/softphone.ts): until then the mint
// reuses this credential, so no newer one can exist. Minting (worker/routes/softphone.ts),
// deleting a stale credential, revoking the person's credentials (logout, an admin, a
// member removed: worker/softphone/telephony-credentials.ts) and a dial the carrier refused
// forget the person's entry here at once; other isolates' entries die with the TTL, which
// is why it is short: a revoked credential's address is dialled for at most that long.
import { SOFTPHONE_MIN_REMAINING_MS } from "../../../domain/softphone";

/** How long a person's softphone address is trusted without asking the carrier again (a revoked credential rings on for at most this long). */
export const SOFTPHONE_ADDRESS_TTL_MS = 60_000;
/** Entries kept at most: far above the people one isolate dials in a minute. */
const MAX_ENTRIES = 5000;

interface Entry {
  address: string;
  validUntilMs: number;
}

export class SoftphoneAddressCache {
  readonly #entries = new Map<string, Entry>();

  /** The address to ring for the credential `name`, if known and still trusted at `nowMs`. */
  get(name: string, nowMs: number): string | null {
    const entry = this.#entries.get(name);
    if (!entry) return null;
    if (nowMs < entry.validUntilMs) return entry.address;
    this.#entries.delete(name);
    return null;
  }

  /** The carrier said `name`'s live credential rings at `address` and expires at `expiresAt` (null: never). */
  remember(name: string, address: string, expiresAt: string | null, nowMs: number): void {
    const expiryMs = expiresAt === null ? Infinity : Date.parse(expiresAt);
    const validUntilMs = Math.min(nowMs + SOFTPHONE_ADDRESS_TTL_MS, expiryMs - SOFTPHONE_MIN_REMAINING_MS);
    if (!(validUntilMs > nowMs)) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(name, { address, validUntilMs });
  }

  forget(name: string): void {
    this.#entries.delete(name);
  }
}

/** The isolate's one cache: the Worker (which mints) and the call actors (which dial) share it. */
export const softphoneAddresses = new SoftphoneAddressCache();
