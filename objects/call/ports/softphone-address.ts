// Where an agent's or a supervisor's leg is dialled. The engine names a person's leg by its
// own address, `sip:agent-<userId>@AGENT_SIP_DOMAIN`; when that person has a live on-demand
// telephony credential (the console's softphone, worker/softphone/telephony-credentials.ts)
// Telnyx delivers only to the credential's generated SIP user name, so the dial goes there.
// Asked of the carrier at dial time (the credential is the carrier's, and changes each
// shift); without a credential connection configured, or without a live credential, the
// engine's own address is dialled (a SIP phone routed on that domain). A look-up the carrier
// refuses for good (a key without that permission) dials the engine's address too, rather
// than never ringing the person; one that may pass later throws, so the dial is retried.
// A live credential's address is remembered for a short while (softphone-address-cache.ts),
// so the common dial, a person who has a softphone registered, costs no look-up.
import Telnyx from "telnyx";
import { credentialSipAddress, credentialToRing, softphoneCredentialNameOf } from "../../../domain/softphone";
import { softphoneAddresses, type SoftphoneAddressCache } from "./softphone-address-cache";

export async function softphoneDialAddress(client: Telnyx, credentialConnectionId: string | undefined, to: string, nowMs: number, cache: SoftphoneAddressCache = softphoneAddresses): Promise<string> {
  const name = credentialConnectionId ? softphoneCredentialNameOf(to) : null;
  if (!name) return to;
  const known = cache.get(name, nowMs);
  if (known) return known;
  const live: { id: string; expiresAt: string | null; expired: boolean; sipUsername: string }[] = [];
  try {
    for await (const credential of client.telephonyCredentials.list({ filter: { name } })) {
      if (credential.id && credential.sip_username) live.push({ id: credential.id, expiresAt: credential.expires_at ?? null, expired: credential.expired ?? false, sipUsername: credential.sip_username });
    }
  } catch (error) {
    if (refusedForGood(error)) return to;
    throw error;
  }
  const ring = credentialToRing(live, nowMs);
  if (!ring) return to;
  const address = credentialSipAddress(ring.sipUsername);
  cache.remember(name, address, ring.expiresAt, nowMs);
  return address;
}

/** The carrier refused a dial to a person's leg: the next try asks the carrier afresh (the credential may have been renewed). */
export function forgetSoftphoneAddress(to: string, cache: SoftphoneAddressCache = softphoneAddresses): void {
  const name = softphoneCredentialNameOf(to);
  if (name) cache.forget(name);
}

function refusedForGood(error: unknown): boolean {
  if (!(error instanceof Telnyx.APIError) || typeof error.status !== "number") return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 409 && error.status !== 429;
}
