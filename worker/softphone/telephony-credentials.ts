// Mints the console softphone's access token through the `telnyx` SDK (the simulator
// locally): finds the person's on-demand telephony credential by name, makes one on the
// credential connection when none has enough time left (deleting the stale ones), and asks
// Telnyx for an access token from it. The browser only ever sees that token. A new
// credential (and the stale ones deleted) makes the dialler forget where this person rang
// (objects/call/ports/softphone-address-cache.ts), so their next leg asks the carrier.
// Revoking (logout, an admin, a member removed) deletes every credential of the person's
// at the carrier, which ends what a token minted from it can do, and forgets the address.
import Telnyx from "telnyx";
import type { TelephonyCredential } from "telnyx/resources/telephony-credentials";
import {
  SOFTPHONE_CREDENTIAL_LIFETIME_MS,
  reusableCredential,
  softphoneCredentialName,
  staleCredentials,
  tokenExpiryMs,
  type CredentialFacts,
} from "../../domain/softphone";
import { softphoneAddresses } from "../../objects/call/ports/softphone-address-cache";

export interface SoftphoneCarrierConfig {
  TELNYX_API_KEY?: string;
  TELNYX_BASE_URL?: string;
  TELNYX_CREDENTIAL_CONNECTION_ID?: string;
}

export interface MintedToken {
  token: string;
  expiresAtMs: number;
  sipUsername: string;
}

/** Short: the console is waiting, and it retries on its own. */
const REQUEST_TIMEOUT_MS = 5000;

type Credential = CredentialFacts & { sipUsername: string };

function factsOf(credential: TelephonyCredential): Credential | null {
  if (!credential.id || !credential.sip_username) return null;
  return { id: credential.id, expiresAt: credential.expires_at ?? null, expired: credential.expired ?? false, sipUsername: credential.sip_username };
}

const carrierClient = (config: SoftphoneCarrierConfig & { TELNYX_API_KEY: string }) =>
  new Telnyx({ apiKey: config.TELNYX_API_KEY, baseURL: config.TELNYX_BASE_URL || undefined, timeout: REQUEST_TIMEOUT_MS, maxRetries: 1 });

export async function mintSoftphoneToken(config: SoftphoneCarrierConfig & { TELNYX_API_KEY: string; TELNYX_CREDENTIAL_CONNECTION_ID: string }, person: { userId: string; organizationId: string }, nowMs: number): Promise<MintedToken> {
  const client = carrierClient(config);
  const name = softphoneCredentialName(person.userId);
  const existing: Credential[] = [];
  for await (const credential of client.telephonyCredentials.list({ filter: { name } })) {
    const facts = factsOf(credential);
    if (facts) existing.push(facts);
  }
  let credential = reusableCredential(existing, nowMs);
  if (!credential) {
    const created = await client.telephonyCredentials.create({
      connection_id: config.TELNYX_CREDENTIAL_CONNECTION_ID,
      name,
      tag: `org-${person.organizationId.toLowerCase()}`,
      expires_at: new Date(nowMs + SOFTPHONE_CREDENTIAL_LIFETIME_MS).toISOString(),
    });
    credential = created.data ? factsOf(created.data) : null;
    if (!credential) throw new Error("Telnyx made a telephony credential without an id or SIP user name");
    // Tidying only: a stale credential left behind expires on its own.
    for (const stale of staleCredentials(existing, credential, nowMs)) await client.telephonyCredentials.delete(stale.id).catch(() => undefined);
    softphoneAddresses.forget(name);
  }
  const token = await client.telephonyCredentials.createToken(credential.id);
  return { token, expiresAtMs: tokenExpiryMs(credential.expiresAt, nowMs), sipUsername: credential.sipUsername };
}

/** Softphone credentials exist only where a credential connection is configured. */
export function softphoneConfigured(config: SoftphoneCarrierConfig): config is SoftphoneCarrierConfig & { TELNYX_API_KEY: string; TELNYX_CREDENTIAL_CONNECTION_ID: string } {
  return Boolean(config.TELNYX_API_KEY && config.TELNYX_CREDENTIAL_CONNECTION_ID);
}

/**
 * Deletes every telephony credential of the person's at the carrier (live or expired: a
 * person has one, or two while a new one replaces the last) and forgets where they rang,
 * so this isolate's next dial to them asks the carrier, finds none, and rings the engine's
 * own address. Answers how many were deleted. Throws when the carrier does not answer (the
 * caller decides whether that stops it: an admin's revocation does, a logout does not).
 */
export async function revokeSoftphoneCredentials(config: SoftphoneCarrierConfig & { TELNYX_API_KEY: string }, userId: string): Promise<number> {
  const client = carrierClient(config);
  const name = softphoneCredentialName(userId);
  // Forgotten whatever happens below: a half-done revocation must not leave an address trusted here.
  softphoneAddresses.forget(name);
  const ids: string[] = [];
  for await (const credential of client.telephonyCredentials.list({ filter: { name } })) {
    if (credential.id) ids.push(credential.id);
  }
  let deleted = 0;
  for (const id of ids) {
    try {
      await client.telephonyCredentials.delete(id);
      deleted += 1;
    } catch (error) {
      // Already gone (another revocation, the mint's tidying): what was asked is done.
      if (error instanceof Telnyx.NotFoundError) continue;
      throw error;
    }
  }
  softphoneAddresses.forget(name);
  return deleted;
}
