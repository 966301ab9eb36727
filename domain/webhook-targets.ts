// Where a webhook may be sent (the SSRF guard): never to a private, loopback, link-local,
// carrier-grade NAT, multicast, reserved or cloud-metadata address, whether the URL names
// it as an address or as a host name that resolves to one. Loopback is allowed only when
// the deployment says so (local runs and tests, where the receiver is on 127.0.0.1).
// Pure: the caller resolves host names (DNS over HTTPS in the dispatcher) and passes
// the addresses in. Redirects are never followed (the dispatcher's fetch says so).

export interface TargetPolicy {
  allowLoopback: boolean;
}

export type TargetVerdict = { ok: true; url: URL; host: string; isAddress: boolean } | { ok: false; reason: string };

/** Names that are never public, whatever they resolve to. */
const FORBIDDEN_NAME_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];
const METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "instance-data"]);

/** Reads the URL and refuses what can be refused without DNS. `isAddress`: the host is an IP literal (nothing to resolve). */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): TargetVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not an absolute URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "must be http or https" };
  if (url.username || url.password) return { ok: false, reason: "must not carry credentials" };
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const v4 = parseIpv4(host);
  const isAddress = v4 !== null || host.includes(":");
  if (isAddress) {
    const refused = refusedAddress(host, policy);
    return refused ? { ok: false, reason: refused } : { ok: true, url, host, isAddress };
  }
  if (host === "localhost") return policy.allowLoopback ? { ok: true, url, host, isAddress: false } : { ok: false, reason: "names a loopback host" };
  if (METADATA_NAMES.has(host)) return { ok: false, reason: "names a cloud metadata service" };
  if (!host.includes(".") || FORBIDDEN_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) return { ok: false, reason: "names a private host" };
  return { ok: true, url, host, isAddress: false };
}

/** Why an address may not be a webhook target, or null if it may. */
export function refusedAddress(address: string, policy: TargetPolicy): string | null {
  const v4 = parseIpv4(address);
  if (v4 !== null) return refusedIpv4(v4, policy);
  const v6 = parseIpv6(address);
  if (v6 === null) return "is not an IP address";
  return refusedIpv6(v6, policy);
}

function refusedIpv4(ip: number, policy: TargetPolicy): string | null {
  if (inV4(ip, "127.0.0.0", 8)) return policy.allowLoopback ? null : "is a loopback address";
  if (inV4(ip, "169.254.0.0", 16)) return ip === v4("169.254.169.254") ? "is a cloud metadata address" : "is a link-local address";
  for (const [base, bits] of PRIVATE_V4) if (inV4(ip, base, bits)) return "is a private or reserved address";
  return null;
}

const PRIVATE_V4: readonly [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

function refusedIpv6(words: number[], policy: TargetPolicy): string | null {
  const first = words[0]!;
  const isZeroPrefix = (n: number) => words.slice(0, n).every((w) => w === 0);
  if (isZeroPrefix(7) && words[7] === 1) return policy.allowLoopback ? null : "is a loopback address";
  if (isZeroPrefix(8)) return "is the unspecified address";
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address: judge that.
  const embedded = (words[6]! << 16) + words[7]!;
  if (isZeroPrefix(5) && words[5] === 0xffff) return refusedIpv4(embedded >>> 0, policy);
  if (first === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return refusedIpv4(embedded >>> 0, policy);
  if ((first & 0xfe00) === 0xfc00) return "is a private address"; // fc00::/7, AWS's fd00:ec2::254 metadata too
  if ((first & 0xffc0) === 0xfe80) return "is a link-local address";
  if ((first & 0xff00) === 0xff00) return "is a multicast address";
  if (first === 0x2001 && words[1] === 0x0db8) return "is a documentation address";
  if (isZeroPrefix(6)) return "is a deprecated IPv4-compatible address";
  return null;
}

function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

const v4 = (text: string) => parseIpv4(text)!;
function inV4(ip: number, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(v4(base) / size);
}

/** Eight 16-bit words, or null. Accepts "::" compression and a dotted IPv4 tail. */
function parseIpv6(text: string): number[] | null {
  let body = text.replace(/%.*$/, "");
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const ip = parseIpv4(tail[1]!);
    if (ip === null) return null;
    body = `${body.slice(0, -tail[1]!.length)}${(ip >>> 16).toString(16)}:${(ip & 0xffff).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const read = (part: string) => (part === "" ? [] : part.split(":"));
  const head = read(halves[0]!);
  const rest = halves.length === 2 ? read(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}
