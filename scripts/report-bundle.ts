// Reports the console's first-load JavaScript after `vite build` in ui/, and fails the build
// (exit 1) when it outgrows the budget.
//
// "First load" = what a browser must fetch and evaluate before the console can start:
//   - the JS that ui/build/index.html names (modulepreload links, module scripts, and the
//     `import("...")` calls in SvelteKit's inline boot script),
//   - plus everything those files import statically, transitively.
// Dynamic `import()` inside chunks (route nodes SvelteKit loads on navigation) is not followed.
//
// Per route, the first visit also loads that route's layouts and page node. They are resolved
// from SvelteKit's route dictionary (ui/.svelte-kit/generated/client-optimized/app.js, written
// by the same build) and the built node files (ui/build/_app/immutable/nodes/<index>.<hash>.js).
// If the dictionary cannot be read, each route is approximated as "entry graph + the largest
// node", which over-counts rather than under-counts.
//
// Sizes are gzip (node:zlib, default level) in KB of 1000 bytes, like Vite's own output.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 150;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = join(repoRoot, "ui", "build");
const nodesDir = join(buildDir, "_app", "immutable", "nodes");
const generatedApp = join(repoRoot, "ui", ".svelte-kit", "generated", "client-optimized", "app.js");

/** Site paths ("/_app/immutable/x.js") of the JS that index.html loads before anything else. */
function entryScripts(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.matchAll(/<link\b[^>]*>/g)) {
    if (!/\brel=["']?modulepreload["']?/.test(tag[0])) continue;
    const href = /\bhref=["']([^"']+)["']/.exec(tag[0]);
    if (href?.[1]) found.add(href[1]);
  }
  for (const tag of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/g)) {
    if (tag[1]?.endsWith(".js")) found.add(tag[1]);
  }
  // SvelteKit boots with import("/_app/immutable/entry/start.js") and app.js in an inline script.
  for (const script of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const call of (script[1] ?? "").matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)) {
      if (call[1]) found.add(call[1]);
    }
  }
  return [...found];
}

/** Static import/export-from specifiers of a built chunk; `import(...)` is excluded by design. */
function staticImports(code: string): string[] {
  const specifiers: string[] = [];
  const pattern = /\b(?:import|export)\s*(?:[\w$\s{},*]*?\bfrom\s*)?["']([^"']+)["']/g;
  for (const match of code.matchAll(pattern)) {
    if (match[1]?.startsWith(".")) specifiers.push(match[1]);
  }
  return specifiers;
}

/** Closure over static imports, as site paths, starting from the given site paths. */
function staticGraph(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const sitePath = queue.pop()!;
    if (seen.has(sitePath)) continue;
    const file = join(buildDir, sitePath);
    if (!existsSync(file)) throw new Error(`index.html or a chunk refers to a missing file: ${sitePath}`);
    seen.add(sitePath);
    for (const spec of staticImports(readFileSync(file, "utf8"))) {
      queue.push(posix.join(posix.dirname(sitePath), spec));
    }
  }
  return seen;
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(sitePath: string): { raw: number; gzip: number } {
  let size = gzipCache.get(sitePath);
  if (!size) {
    const bytes = readFileSync(join(buildDir, sitePath));
    size = { raw: bytes.length, gzip: gzipSync(bytes).length };
    gzipCache.set(sitePath, size);
  }
  return size;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const totalGzip = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + sizeOf(f).gzip, 0);

/** Built node file per SvelteKit node index (nodes/3.AbC.js → 3). */
function nodeFiles(): Map<number, string> {
  const byIndex = new Map<number, string>();
  for (const name of readdirSync(nodesDir)) {
    const index = /^(\d+)\.[^.]+\.js$/.exec(name)?.[1];
    if (index !== undefined) byIndex.set(Number(index), `/${relative(buildDir, join(nodesDir, name)).split("\\").join("/")}`);
  }
  return byIndex;
}

/** Route id → node indexes loaded on a first visit (root layout 0, the route's layouts, its page). */
function routeNodes(): Map<string, number[]> | null {
  if (!existsSync(generatedApp)) return null;
  const source = readFileSync(generatedApp, "utf8");
  const body = /export const dictionary = (\{[\s\S]*?\});/.exec(source)?.[1];
  if (!body) return null;
  try {
    // Entries look like "/(app)/admin": [4,[2]] or [~4,[2,],[1]] (~ marks a server load; holes
    // mark levels without a layout). Normalise to JSON: drop ~, fill holes with null.
    const json = body
      .replace(/~/g, "")
      .replace(/\[\s*,/g, "[null,")
      .replace(/,\s*(?=[,\]])/g, ",null")
      .replace(/,\s*}/g, "}");
    const dictionary = JSON.parse(json) as Record<string, [number, (number | null)[]?, unknown?]>;
    const routes = new Map<string, number[]>();
    for (const [id, [leaf, layouts = []]] of Object.entries(dictionary)) {
      const nodes = [0, ...layouts.filter((n): n is number => typeof n === "number"), leaf];
      routes.set(id, [...new Set(nodes)]);
    }
    return routes;
  } catch {
    return null;
  }
}

function main(): number {
  const indexHtml = join(buildDir, "index.html");
  if (!existsSync(indexHtml)) {
    console.error(`No ${relative(repoRoot, indexHtml)}: run the UI build first (cd ui && vite build).`);
    return 1;
  }
  const entryRoots = entryScripts(readFileSync(indexHtml, "utf8"));
  const firstLoad = staticGraph(entryRoots);

  console.log("Console first-load JavaScript (ui/build/index.html and its static imports):");
  const rows = [...firstLoad].map((f) => ({ file: f, ...sizeOf(f) })).sort((a, b) => b.gzip - a.gzip);
  for (const row of rows) {
    console.log(`  ${row.file.padEnd(48)} ${kb(row.raw).padStart(7)} KB raw ${kb(row.gzip).padStart(7)} KB gzip`);
  }
  const firstLoadGzip = totalGzip(firstLoad);
  console.log(`first-load JS: ${kb(firstLoadGzip)} KB gzip (target ≤ ${BUDGET_KB} KB)`);

  const nodes = nodeFiles();
  const routes = routeNodes();
  const perRoute: { route: string; gzip: number }[] = [];
  if (routes) {
    for (const [route, indexes] of routes) {
      const roots = indexes.map((i) => nodes.get(i)).filter((f): f is string => f !== undefined);
      perRoute.push({ route, gzip: totalGzip(staticGraph([...entryRoots, ...roots])) });
    }
  } else {
    // Approximation (see header): entry graph + the heaviest node graph stands in for any route.
    const heaviest = Math.max(...[...nodes.values()].map((n) => totalGzip(staticGraph([...entryRoots, n]))));
    perRoute.push({ route: "(any route, approximated)", gzip: heaviest });
  }

  console.log("\nFirst visit per route (entry + root layout + route layouts + page node, static imports):");
  for (const { route, gzip } of perRoute.sort((a, b) => a.route.localeCompare(b.route))) {
    console.log(`  ${route.padEnd(28)} ${kb(gzip).padStart(7)} KB gzip${gzip / 1000 > BUDGET_KB ? "  OVER BUDGET" : ""}`);
  }
  const login = perRoute.find((r) => r.route === "/login") ?? perRoute[0];
  if (login) console.log(`login first-load JS: ${kb(login.gzip)} KB gzip (target ≤ ${BUDGET_KB} KB)`);

  const over = firstLoadGzip / 1000 > BUDGET_KB || perRoute.some((r) => r.gzip / 1000 > BUDGET_KB);
  if (over) console.error(`\nFirst-load JavaScript is over the ${BUDGET_KB} KB gzip budget.`);
  return over ? 1 : 0;
}

process.exit(main());
