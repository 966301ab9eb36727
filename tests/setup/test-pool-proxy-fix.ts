// A fix to @cloudflare/vitest-pool-workers (0.15.1, pinned; 0.23.0, the newest on 2026-12-07,
// has the same code), applied when the workerd test config loads, before the pool starts workerd.
//
// Its wrapper classes for the Worker's entrypoint and each Durable Object class
// (createProxyPrototypeClass in dist/worker/lib/cloudflare/test-internal.mjs) wrap the class's
// prototype in one more Proxy on every construction. Every request through `exports.default`
// and every actor instance adds a layer that every later method lookup walks: in one file a
// 404's round trip went from 4 ms to 80 ms over 300 requests, and bad-input.test.ts spent 90 s
// of its 478 tests there (21 s with this fix). The fix wraps the prototype once, on the first
// construction, as the original does. If the file no longer holds the code this replaces, the
// run stops and says so: check whether upstream fixed it, then delete this file.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PATCHED_FILE = fileURLToPath(new URL("../../node_modules/@cloudflare/vitest-pool-workers/dist/worker/lib/cloudflare/test-internal.mjs", import.meta.url));

const NESTING = `	function Class(...args) {
		Class.prototype = new Proxy(Class.prototype, {`;
const ONCE = `	let prototypeProxied = false;
	function Class(...args) {
		if (!prototypeProxied && (prototypeProxied = true)) Class.prototype = new Proxy(Class.prototype, {`;

export function fixTestPoolProxyNesting(): void {
  const source = readFileSync(PATCHED_FILE, "utf8");
  if (source.includes(ONCE)) return;
  if (!source.includes(NESTING)) {
    throw new Error(
      `${PATCHED_FILE} no longer has the per-construction Proxy that tests/setup/test-pool-proxy-fix.ts fixes: ` +
        "if @cloudflare/vitest-pool-workers was upgraded, check whether it wraps the prototype once now and remove the fix",
    );
  }
  // Two configs may load at once (the projects of one run share the module, but a second run may not): write whole, then rename.
  const staged = `${PATCHED_FILE}.${process.pid}.tmp`;
  writeFileSync(staged, source.replace(NESTING, ONCE));
  renameSync(staged, PATCHED_FILE);
}
