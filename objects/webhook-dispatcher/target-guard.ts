// The SSRF guard at send time: the URL's own check (domain/webhook-targets.ts), then, for
// a host name, every address it resolves to (A and AAAA over DNS-over-HTTPS) must be
// public too. Checked before every attempt, not only when the endpoint was created: a
// name can be pointed somewhere private later. (A name re-pointed between this lookup
// and the fetch is not caught here; Workers' fetch cannot reach private networks anyway.)
import { checkWebhookUrl, refusedAddress, type TargetPolicy } from "../../domain/webhook-targets";

export type ResolveHost = (host: string) => Promise<string[]>;

export async function refusedTarget(url: string, policy: TargetPolicy, resolve: ResolveHost): Promise<string | null> {
  const verdict = checkWebhookUrl(url, policy);
  if (!verdict.ok) return verdict.reason;
  if (verdict.isAddress || (verdict.host === "localhost" && policy.allowLoopback)) return null;
  const addresses = await resolve(verdict.host);
  if (addresses.length === 0) return "does not resolve";
  for (const address of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) return `resolves to ${address}, which ${refused}`;
  }
  return null;
}

const DOH_URL = "https://cloudflare-dns.com/dns-query";
interface DohAnswer {
  Answer?: { type: number; data: string }[];
}

/** A and AAAA records of `host` from Cloudflare's DNS-over-HTTPS JSON API. */
export const resolveOverHttps: ResolveHost = async (host) => {
  const lookups = await Promise.all(
    ["A", "AAAA"].map(async (type) => {
      const response = await fetch(`${DOH_URL}?name=${encodeURIComponent(host)}&type=${type}`, { headers: { accept: "application/dns-json" } });
      if (!response.ok) throw new Error(`DNS lookup answered ${response.status}`);
      const answer = (await response.json()) as DohAnswer;
      return (answer.Answer ?? []).filter((record) => record.type === 1 || record.type === 28).map((record) => record.data);
    }),
  );
  return lookups.flat();
};
