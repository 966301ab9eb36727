// Reads the import graph of the repository's product code as text: every static import,
// re-export and dynamic import() in .ts and .svelte files, resolved to a repository path
// (relative specifiers and the console's $domain/$protocol/$contracts/$lib aliases) or kept as a
// package name. The layer test (tests/node/layers.test.ts) judges the edges.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface ImportEdge {
  /** Repository path of the importing file, e.g. "objects/call/CallActor.ts". */
  from: string;
  /** Repository path ("domain/roles") without extension, or a package name ("zod"). */
  to: string;
  kind: "file" | "package";
}

const SKIPPED_DIRS = new Set(["node_modules", ".svelte-kit", "build", ".wrangler", ".data", "test-results", ".git"]);
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^;"'`]*?from\s*["']([^"']+)["']|(?:^|[\s;(])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;

const ALIASES: Record<string, string> = { $domain: "domain", $protocol: "objects", $contracts: "worker/http/contracts", $lib: "ui/src/lib" };

export function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(child);
    }
  };
  walk(folder);
  return out;
}

export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier) edges.push(resolveSpecifier(file, specifier));
  }
  return edges;
}

export function resolveSpecifier(file: string, specifier: string): ImportEdge {
  const alias = Object.keys(ALIASES).find((name) => specifier === name || specifier.startsWith(`${name}/`));
  let target: string | null = null;
  if (alias) target = path.posix.join(ALIASES[alias]!, specifier.slice(alias.length));
  else if (specifier.startsWith(".")) target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  if (target === null) return { from: file, to: packageName(specifier), kind: "package" };
  return { from: file, to: target.replace(/\.(ts|js|svelte)$/, ""), kind: "file" };
}

/** "drizzle-orm/pg-core" → "drizzle-orm"; "@scope/pkg/x" → "@scope/pkg"; "node:fs" stays. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export function importGraph(root: string, folders: readonly string[]): ImportEdge[] {
  return folders.flatMap((folder) => sourceFiles(root, folder).flatMap((file) => importsOf(file, readFileSync(path.join(root, file), "utf8"))));
}
