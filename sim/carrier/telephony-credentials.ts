// Telnyx's on-demand telephony credentials, as the Worker's softphone route uses them: list
// (filtered by name, tag, status), create on a credential connection, mint an access token
// (a JWT, answered as text/plain), delete. The simulator keeps them in memory; the control
// API lists them with how many tokens each has issued, so a test can see what the Worker did.
// The token is never checked by anything here: locally no browser registers (the simulator
// answers agents' legs itself), so it only has to look and expire like Telnyx's.
// Ids come from node:crypto, not the seeded generator: minting a token must not shift what a seeded run's calls do.
import { randomUUID } from "node:crypto";

/** Telnyx: an access token is valid for 24 hours (never past its credential's expiry here). */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The `data` of Telnyx's credential answers. */
export interface TelephonyCredentialRecord {
  id: string;
  record_type: "credential";
  name: string | null;
  tag: string | null;
  resource_id: string;
  sip_username: string;
  sip_password: string;
  expires_at: string | null;
  expired: boolean;
  created_at: string;
  updated_at: string;
  user_id: string;
}

export interface CredentialFilter {
  name?: string;
  tag?: string;
  status?: string;
  resource_id?: string;
  sip_username?: string;
}

interface StoredCredential {
  record: Omit<TelephonyCredentialRecord, "expired">;
  tokensIssued: number;
}

function base64Url(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}

export class TelephonyCredentialStore {
  private readonly credentials = new Map<string, StoredCredential>();

  constructor(private readonly now: () => number) {}

  create(params: { connection_id: string; name?: string; tag?: string; expires_at?: string }): TelephonyCredentialRecord {
    const at = new Date(this.now()).toISOString();
    const id = randomUUID();
    const record = {
      id,
      record_type: "credential" as const,
      name: params.name ?? null,
      tag: params.tag ?? null,
      resource_id: `connection:${params.connection_id}`,
      sip_username: `gencred${id.replaceAll("-", "").slice(0, 24)}`,
      sip_password: randomUUID().replaceAll("-", ""),
      expires_at: params.expires_at ? new Date(params.expires_at).toISOString() : null,
      created_at: at,
      updated_at: at,
      user_id: "sim-user",
    };
    this.credentials.set(id, { record, tokensIssued: 0 });
    return this.view(record);
  }

  list(filter: CredentialFilter): TelephonyCredentialRecord[] {
    return [...this.credentials.values()]
      .map((stored) => this.view(stored.record))
      .filter(
        (credential) =>
          (filter.name === undefined || credential.name === filter.name) &&
          (filter.tag === undefined || credential.tag === filter.tag) &&
          (filter.resource_id === undefined || credential.resource_id === filter.resource_id) &&
          (filter.sip_username === undefined || credential.sip_username === filter.sip_username) &&
          (filter.status === undefined || (filter.status === "expired") === credential.expired),
      );
  }

  delete(id: string): TelephonyCredentialRecord | undefined {
    const stored = this.credentials.get(id);
    if (!stored) return undefined;
    this.credentials.delete(id);
    return this.view(stored.record);
  }

  /** A JWT-shaped access token for the credential; undefined when there is none, or it has expired. */
  createToken(id: string): string | undefined {
    const stored = this.credentials.get(id);
    if (!stored || this.view(stored.record).expired) return undefined;
    stored.tokensIssued += 1;
    const nowMs = this.now();
    const expiresMs = Math.min(nowMs + TOKEN_LIFETIME_MS, stored.record.expires_at ? Date.parse(stored.record.expires_at) : Infinity);
    const claims = { iss: "telnyx-carrier-simulator", sub: stored.record.sip_username, credential_id: id, iat: Math.floor(nowMs / 1000), exp: Math.floor(expiresMs / 1000), jti: randomUUID() };
    return `${base64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64Url(JSON.stringify(claims))}.${base64Url("simulated")}`;
  }

  /**
   * Whether `to` is the address Telnyx delivers to for one of these credentials that is still
   * live (`sip:<sip_username>@sip.telnyx.com`): the call rings that person's softphone.
   */
  ringsSoftphone(to: string): boolean {
    const match = /^sips?:([^@;]+)@sip\.telnyx\.com(?:;.*)?$/i.exec(to.trim());
    if (!match) return false;
    const username = match[1]!.toLowerCase();
    return [...this.credentials.values()].some((stored) => stored.record.sip_username === username && !this.view(stored.record).expired);
  }

  /** For the control API: every credential and the tokens it has issued. */
  controlView(): (TelephonyCredentialRecord & { tokens_issued: number })[] {
    return [...this.credentials.values()].map((stored) => ({ ...this.view(stored.record), tokens_issued: stored.tokensIssued }));
  }

  clear(): void {
    this.credentials.clear();
  }

  private view(record: Omit<TelephonyCredentialRecord, "expired">): TelephonyCredentialRecord {
    return { ...record, expired: record.expires_at !== null && Date.parse(record.expires_at) <= this.now() };
  }
}
