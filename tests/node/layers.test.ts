// Imports point down only (ARCHITECTURE.md, "Layers"): ui → domain and protocol modules
// (the console ↔ actor protocols, the HTTP contracts); worker → objects → db → domain;
// domain → zod. The rules read the real import graph, so a
// new up-arrow fails CI the day it is written, with the file and the import named.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importGraph, importsOf, type ImportEdge } from "./support/import-graph";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Layer = "domain" | "db" | "objects" | "worker" | "contracts" | "ui" | "tooling";

/** The HTTP API's contracts: each route's response schema and error codes, read by the console. */
const CONTRACTS = /^worker\/http\/contracts(\/|$)/;

function layerOf(repoPath: string): Layer {
  if (CONTRACTS.test(repoPath)) return "contracts";
  const top = repoPath.split("/")[0];
  if (top === "domain" || top === "db" || top === "objects" || top === "worker") return top;
  if (top === "ui") return "ui";
  return "tooling"; // sim/, bench/, scripts/, tests/: they may use product modules, never the reverse
}

/** What each layer may import, besides itself. */
const ALLOWED: Record<Exclude<Layer, "tooling">, readonly Layer[]> = {
  domain: [],
  db: ["domain"],
  objects: ["db", "domain"],
  worker: ["contracts", "objects", "db", "domain"],
  contracts: ["domain"],
  ui: ["contracts", "domain"],
};

/** The console's only doors into objects/: the console ↔ actor protocols, and the dialer's
 * pure pacing code, which the what-if runs in a Web Worker on the campaign's own numbers. */
const PROTOCOL = /^objects\/[^/]+\/protocol$/;
const UI_DOORS_INTO_OBJECTS = [PROTOCOL, /^objects\/campaign\/pacing(\/|$)/];

/** domain/ is zod and pure functions only; contracts, read by the console, zod alone. */
const CONTRACT_PACKAGES = new Set(["zod"]);
/** The numbering plans (pure data and functions) read a phone number in domain/phone-number.ts. */
const DOMAIN_PACKAGES = new Set([...CONTRACT_PACKAGES, "libphonenumber-js"]);
/** The numbering plans' metadata is ~150 KB: the console names line types (domain/phone-line-types) instead. */
const NOT_FOR_THE_CONSOLE = /^domain\/phone-number$/;

export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    if (from === "tooling") continue;
    if (edge.kind === "package") {
      if (from === "domain" && !DOMAIN_PACKAGES.has(edge.to)) problems.push(`${edge.from} imports the package ${edge.to}: domain/ imports zod only (and libphonenumber-js, to read numbers)`);
      if (from === "contracts" && !CONTRACT_PACKAGES.has(edge.to)) problems.push(`${edge.from} imports the package ${edge.to}: a contract imports zod only`);
      continue;
    }
    const to = layerOf(edge.to);
    if ((from === "ui" || from === "contracts") && NOT_FOR_THE_CONSOLE.test(edge.to)) problems.push(`${edge.from} imports ${edge.to}: the console never carries the numbering plans`);
    if (to === from) continue;
    if (from === "ui" && to === "objects" && UI_DOORS_INTO_OBJECTS.some((door) => door.test(edge.to))) continue;
    if (from === "contracts" && to === "objects" && PROTOCOL.test(edge.to)) continue;
    if (to === "tooling") problems.push(`${edge.from} imports ${edge.to}: product code never imports sim/, bench/, scripts/ or tests/`);
    else if (!ALLOWED[from].includes(to)) problems.push(`${edge.from} imports ${edge.to}: ${from} may import only ${[from, ...ALLOWED[from]].join(", ")}`);
  }
  return problems;
}

describe("layers", () => {
  const edges = importGraph(ROOT, ["domain", "db", "objects", "worker", "ui/src"]);

  it("reads the real import graph (hundreds of edges across every layer)", () => {
    expect(edges.length).toBeGreaterThan(500);
    for (const layer of ["domain", "db", "objects", "worker", "contracts", "ui"]) expect(edges.some((e) => layerOf(e.from) === layer)).toBe(true);
  });

  it("every import points down: no layer imports one above it", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it("names an up-arrow when one is written", () => {
    const written = [
      ...importsOf("objects/call/CallActor.ts", 'import { x } from "../../worker/calls/inbound";'),
      ...importsOf("db/schema.ts", 'import type { CallSpec } from "../objects/call/call-spec";'),
      ...importsOf("domain/roles.ts", 'import { sql } from "drizzle-orm";'),
      ...importsOf("ui/src/lib/api.ts", 'import { calls } from "../../../db/schema";'),
      ...importsOf("ui/src/lib/x.svelte", 'import { campaignView } from "$protocol/campaign/campaign-view";'),
      ...importsOf("worker/app.ts", 'const m = await import("../bench/pacing/run");'),
      ...importsOf("worker/http/contracts/calls.ts", 'import { calls } from "../../../db/schema";'),
      ...importsOf("worker/http/contracts/ok.ts", 'import { callView } from "../../../objects/call/protocol";'),
      ...importsOf("ui/src/lib/phones.ts", 'import { readPhoneNumber } from "$domain/phone-number";'),
      ...importsOf("ui/src/lib/ok.ts", 'import { callView } from "$protocol/call/protocol";\nimport { hasRole } from "$domain/roles";\nimport type { Member } from "$contracts/organization";'),
    ];
    expect(layerViolations(written)).toEqual([
      "objects/call/CallActor.ts imports worker/calls/inbound: objects may import only objects, db, domain",
      "db/schema.ts imports objects/call/call-spec: db may import only db, domain",
      "domain/roles.ts imports the package drizzle-orm: domain/ imports zod only (and libphonenumber-js, to read numbers)",
      "ui/src/lib/api.ts imports db/schema: ui may import only ui, contracts, domain",
      "ui/src/lib/x.svelte imports objects/campaign/campaign-view: ui may import only ui, contracts, domain",
      "worker/app.ts imports bench/pacing/run: product code never imports sim/, bench/, scripts/ or tests/",
      "worker/http/contracts/calls.ts imports db/schema: contracts may import only contracts, domain",
      "ui/src/lib/phones.ts imports domain/phone-number: the console never carries the numbering plans",
    ]);
  });
});
