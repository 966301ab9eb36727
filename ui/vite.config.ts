// Vite build for the console. Run from ui/ (`cd ui && vite build`); node_modules live at the repo root.
import { fileURLToPath } from "node:url";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

const protocolDir = fileURLToPath(new URL("../objects", import.meta.url));
const domainDir = fileURLToPath(new URL("../domain", import.meta.url));
const contractsDir = fileURLToPath(new URL("../worker/http/contracts", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
// `vite dev` only: the API and actor sockets live in the Worker (wrangler dev). Proxying keeps them
// same-origin, so the session cookie works exactly as in production.
const workerOrigin = process.env.WIB_WORKER_ORIGIN ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    // Also declared in svelte.config.js kit.alias (which feeds svelte-check); kept here so the
    // alias is explicit for anyone reading the Vite config alone.
    alias: { $domain: domainDir, $protocol: protocolDir, $contracts: contractsDir },
  },
  build: {
    // SvelteKit's own writeBundle (adapter, fallback page) dominates build time; Rolldown's
    // "slow plugin" notice about it is noise on every build.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    // The dev server must read ../domain, ../objects (protocol), ../worker/http/contracts and ../node_modules.
    fs: { allow: [repoRoot] },
    proxy: {
      "/api": workerOrigin,
      "/parties": { target: workerOrigin, ws: true },
    },
  },
});
