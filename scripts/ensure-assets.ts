// Owns the Worker's assets directory (ui/build). vitest's workerd pool and `wrangler dev`
// both refuse to start without it, so `pretest` runs this file: it writes a placeholder
// page only when ui/build is missing and never touches a real build. The placeholder
// carries a marker, so the launcher (buildConsoleIfStale) knows to build over it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const UI_PLACEHOLDER_MARKER = "wib-ui-placeholder";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const uiDir = path.join(repoRoot, "ui");
const buildDir = path.join(uiDir, "build");
const buildIndex = path.join(buildDir, "index.html");
/** What the console build reads: a change to any of these makes ui/build stale. */
const BUILD_INPUTS = ["ui/src", "ui/svelte.config.js", "ui/vite.config.ts", "objects"];
const BUILD_OUTPUT_TAIL_CHARS = 20_000;

const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="${UI_PLACEHOLDER_MARKER}" content="true" />
    <title>Word Is Bond: console not built</title>
  </head>
  <body>
    <h1>The console is not built</h1>
    <p>Run <code>npm run build:ui</code>, or <code>npm start</code>, which builds it.</p>
  </body>
</html>
`;

export async function ensureAssetsDirectory(): Promise<"existing" | "placeholder"> {
  if (existsSync(buildDir)) return "existing";
  await mkdir(buildDir, { recursive: true });
  await writeFile(buildIndex, PLACEHOLDER_HTML, { flag: "wx" });
  return "placeholder";
}

/** True when there is no real console build: no index.html, or our placeholder. */
export function isPlaceholderBuild(): boolean {
  return !existsSync(buildIndex) || readFileSync(buildIndex, "utf8").includes(UI_PLACEHOLDER_MARKER);
}

function newestMtimeMs(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
  return newest;
}

/** Runs `vite build` in ui/ when the build is missing, the placeholder, or older than its inputs. */
export async function buildConsoleIfStale(options: { log?: (line: string) => void; signal?: AbortSignal } = {}): Promise<void> {
  const builtAt = existsSync(buildIndex) ? statSync(buildIndex).mtimeMs : 0;
  const inputsChangedAt = Math.max(...BUILD_INPUTS.map((p) => newestMtimeMs(path.join(repoRoot, p))));
  if (!isPlaceholderBuild() && inputsChangedAt <= builtAt) return;
  options.log?.("building the console (ui/)");
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-BUILD_OUTPUT_TAIL_CHARS));
  // SvelteKit reads svelte.config.js from the working directory, so the build runs inside ui/.
  const build = spawn(path.join(repoRoot, "node_modules", ".bin", "vite"), ["build"], {
    cwd: uiDir,
    stdio: ["ignore", "pipe", "pipe"],
    signal: options.signal,
  });
  build.stdout.on("data", keep);
  build.stderr.on("data", keep);
  const code = await new Promise<number | null>((resolve) => {
    build.once("error", () => resolve(null));
    build.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`The console build failed (cd ui && vite build):\n${output}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outcome = await ensureAssetsDirectory();
  if (outcome === "placeholder") console.log("ui/build was missing: wrote a placeholder index.html (the console is not built).");
  ensureSvelteKitTypes();
}

/**
 * ui/tsconfig.json extends the one `svelte-kit sync` generates, and the node tests import
 * console modules, so a fresh clone needs it before vitest can compile them.
 */
export function ensureSvelteKitTypes(): void {
  if (existsSync(path.join(uiDir, ".svelte-kit", "tsconfig.json"))) return;
  const sync = spawnSync(path.join(repoRoot, "node_modules", ".bin", "svelte-kit"), ["sync"], { cwd: uiDir, stdio: "inherit" });
  if (sync.status !== 0) throw new Error("svelte-kit sync failed in ui/");
}
