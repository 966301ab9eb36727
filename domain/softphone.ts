// The browser softphone's credential rules, shared by the Worker that mints it and the
// console that uses it. One Telnyx on-demand telephony credential per person, named after
// the address the engine rings (`agent-<userId>`), expiring within a shift; the console
// holds only access tokens minted from it, never the credential's SIP password.

/** A credential lives about a shift: long enough to reuse across reloads, short enough that a leaked one dies. */
export const SOFTPHONE_CREDENTIAL_LIFETIME_MS = 8 * 60 * 60 * 1000;
/** A credential with less left than this is not reused: a token from it would need a new one at once. */
export const SOFTPHONE_MIN_REMAINING_MS = 30 * 60 * 1000;
/** Telnyx: an access token is valid for 24 hours; it never outlives its credential either. */
export const SOFTPHONE_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** The console asks for a fresh token this long before the one it holds expires. */
export const SOFTPHONE_REFRESH_BEFORE_MS = 10 * 60 * 1000;

/** The credential's name, and the user part of the address the engine rings (domain/agent-address.ts). */
export function softphoneCredentialName(userId: string): string {
  return `agent-${userId.toLowerCase()}`;
}

export interface CredentialFacts {
  id: string;
  /** ISO-8601; null: never expires (not one of ours: ours always expire). */
  expiresAt: string | null;
  expired: boolean;
}

/** The credential to mint from: the one with the most time left, if it has enough; null means make a new one. */
export function reusableCredential<C extends CredentialFacts>(credentials: readonly C[], nowMs: number): C | null {
  let best: C | null = null;
  let bestExpiryMs = -Infinity;
  for (const credential of credentials) {
    if (credential.expired || credential.expiresAt === null) continue;
    const expiryMs = Date.parse(credential.expiresAt);
    if (!Number.isFinite(expiryMs) || expiryMs - nowMs < SOFTPHONE_MIN_REMAINING_MS) continue;
    if (expiryMs > bestExpiryMs) [best, bestExpiryMs] = [credential, expiryMs];
  }
  return best;
}

/** Credentials past their time (or about to be): deleted when a new one is made, so a person's list stays short. */
export function staleCredentials<C extends CredentialFacts>(credentials: readonly C[], keep: C, nowMs: number): C[] {
  return credentials.filter((credential) => credential.id !== keep.id && (credential.expired || (credential.expiresAt !== null && Date.parse(credential.expiresAt) - nowMs < SOFTPHONE_MIN_REMAINING_MS)));
}

/** When the token minted now expires: Telnyx's token lifetime, cut at its credential's expiry. */
export function tokenExpiryMs(credentialExpiresAt: string | null, nowMs: number): number {
  const tokenEnd = nowMs + SOFTPHONE_TOKEN_LIFETIME_MS;
  if (credentialExpiresAt === null) return tokenEnd;
  return Math.min(tokenEnd, Date.parse(credentialExpiresAt));
}

/**
 * Telnyx delivers a call to an on-demand credential at its SIP user name on Telnyx's own
 * SIP domain (the SDK's dial example: `sip:username@sip.telnyx.com`), not at a domain of ours.
 */
export const TELNYX_CREDENTIAL_SIP_DOMAIN = "sip.telnyx.com";

/** The address that rings a credential's registered softphone. */
export function credentialSipAddress(sipUsername: string): string {
  return `sip:${sipUsername}@${TELNYX_CREDENTIAL_SIP_DOMAIN}`;
}

/**
 * The credential an engine address stands for: `sip:agent-<userId>@…` (domain/agent-address.ts)
 * → `agent-<userId>`; null for anything else (a customer's number, some other SIP address).
 */
export function softphoneCredentialNameOf(address: string): string | null {
  const match = /^sips?:(agent-[^@;]+)@/i.exec(address.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The credential a person's softphone is registered with, so the one to ring: the live one
 * with the latest expiry (the console registers afresh with each new one, and a new one is
 * made only when the last runs short). Null when none is live: the engine rings its own address.
 */
export function credentialToRing<C extends CredentialFacts>(credentials: readonly C[], nowMs: number): C | null {
  let best: C | null = null;
  let bestExpiryMs = -Infinity;
  for (const credential of credentials) {
    if (credential.expired) continue;
    const expiryMs = credential.expiresAt === null ? Infinity : Date.parse(credential.expiresAt);
    if (!(expiryMs > nowMs) || expiryMs <= bestExpiryMs) continue;
    [best, bestExpiryMs] = [credential, expiryMs];
  }
  return best;
}
