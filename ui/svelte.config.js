// SvelteKit configuration for the console: a static single-page app served by the Worker's assets.
import adapter from "@sveltejs/adapter-static";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({
      pages: "build",
      assets: "build",
      // Workers assets answer unknown paths with index.html (single-page-application), so every
      // deep link boots this shell and the client router takes over.
      fallback: "index.html",
      strict: true,
    }),
    // Deep links like /invite/abc must load /_app/... from the root, not relative to the path.
    paths: { relative: false },
    // What ui/ may import from outside itself: the shared vocabulary (domain/), the console ↔
    // actor protocol modules (objects/*/protocol.ts) and the HTTP API's contract (each route's
    // response schema and error codes); tests/node/layers.test.ts checks it.
    alias: { $domain: "../domain", $protocol: "../objects", $contracts: "../worker/http/contracts" },
  },
};

export default config;
