// CPU per call of each actor kind: locally every actor and the Worker run in one workerd
// isolate, so the process's CPU cannot be split by kind; a V8 CPU profile of the isolate
// over the shift can. Each sample is charged to the kind whose code is the outermost of
// ours on its stack (a CampaignActor's alarm, a CallActor's webhook, a pool's socket
// message; what they call of objects/shared/ or domain/ is theirs), found from the file
// each frame's line lies in: wrangler bundles the Worker with esbuild, which marks where
// each source file begins (`// objects/call/CallActor.ts`). Samples are wall time on the
// isolate's thread (cpu-profile.ts): on a loaded machine, descheduled time lands on
// whatever ran, so the shares are firmer than the absolute milliseconds. Pure apart from
// reading the bundle.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ACTOR_KINDS = ["CampaignActor", "AgentPoolActor", "CallActor", "RecordWriter", "Worker", "other"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where each source file begins in a bundle: sorted by line (0-based, as V8 counts). */
export type BundleMap = { line: number; source: string }[];

export function bundleMapOf(bundle: string): BundleMap {
  const map: BundleMap = [];
  bundle.split("\n").forEach((text, line) => {
    const marker = /^\/\/ ((?:objects|worker|domain|db|node_modules)\/\S+\.[jt]s)$/.exec(text);
    if (marker) map.push({ line, source: marker[1]! });
  });
  return map;
}

/** The source file a bundle line lies in (the last marker at or before it). */
export function sourceAt(map: BundleMap, line: number): string | null {
  let low = 0;
  let high = map.length - 1;
  let found: string | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (map[mid]!.line <= line) {
      found = map[mid]!.source;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

export function kindOfSource(source: string | null): ActorKind | null {
  if (!source) return null;
  if (source.startsWith("objects/campaign/")) return "CampaignActor";
  if (source.startsWith("objects/agent-pool/") || source.startsWith("objects/queue/")) return "AgentPoolActor";
  if (source.startsWith("objects/call/")) return "CallActor";
  if (source.startsWith("objects/record-writer/")) return "RecordWriter";
  if (source.startsWith("worker/")) return "Worker";
  return null;
}

/** Busy milliseconds of the isolate charged to each kind (idle and the runtime's own GC are left out of `busy` only when idle). */
export function cpuByKind(profile: CpuProfile, sourceOf: (url: string, line: number) => string | null): Record<ActorKind, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const kindOfNode = new Map<number, ActorKind | null>();
  const frameKind = (node: ProfileNode) => {
    if (!kindOfNode.has(node.id)) kindOfNode.set(node.id, kindOfSource(sourceOf(node.callFrame.url, node.callFrame.lineNumber)));
    return kindOfNode.get(node.id)!;
  };
  const totals = Object.fromEntries(ACTOR_KINDS.map((kind) => [kind, 0])) as Record<ActorKind, number>;
  profile.samples.forEach((nodeId, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const leaf = nodes.get(nodeId);
    if (!leaf || leaf.callFrame.functionName === "(idle)") return;
    let outermost: ActorKind | null = null;
    for (let at: number | undefined = nodeId; at !== undefined; at = parentOf.get(at)) {
      const kind = frameKind(nodes.get(at)!);
      if (kind) outermost = kind;
    }
    totals[outermost ?? "other"] += us / 1000;
  });
  return totals;
}

/**
 * wrangler dev's bundle: the profile names it only `index.js`, and wrangler writes it to
 * `.wrangler/tmp/dev-*\/index.js` under the project (the newest is the running one).
 */
export async function newestDevBundle(projectRoot: string): Promise<string | null> {
  const tmp = path.join(projectRoot, ".wrangler", "tmp");
  const dirs = await readdir(tmp).catch(() => [] as string[]);
  let newest: { file: string; ms: number } | null = null;
  for (const dir of dirs.filter((d) => d.startsWith("dev-"))) {
    const file = path.join(tmp, dir, "index.js");
    const ms = await stat(file).then((s) => s.mtimeMs, () => null);
    if (ms !== null && (!newest || ms > newest.ms)) newest = { file, ms };
  }
  return newest?.file ?? null;
}

/** Reads a profile written by IsolateProfiler and charges it by kind, mapping bundle lines through the bundle each frame names (a bare name: `projectRoot`'s dev bundle). */
export async function cpuByKindFromFile(file: string, projectRoot: string): Promise<Record<ActorKind, number>> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const bundles = new Map<string, BundleMap | null>();
  for (const node of profile.nodes) {
    const url = node.callFrame.url;
    if (!url || bundles.has(url) || !/\.js$/.test(url) || url.startsWith("node-internal:")) continue;
    const bundle = url.startsWith("file://") ? fileURLToPath(url) : path.isAbsolute(url) ? url : await newestDevBundle(projectRoot);
    bundles.set(url, bundle ? await readFile(bundle, "utf8").then(bundleMapOf, () => null) : null);
  }
  return cpuByKind(profile, (url, line) => {
    // Frames already named by their source file (a source-mapped profile) need no bundle.
    const direct = /(?:^|\/)((?:objects|worker)\/[^?#]+\.ts)/.exec(url);
    if (direct) return direct[1]!;
    const map = bundles.get(url);
    return map ? sourceAt(map, line) : null;
  });
}
