// `npm run bench:payments [-- --calls 100] [--json]`: N concurrent IVR payment calls on a
// fresh local stack with Stripe and carrier chaos on. Each caller (the carrier simulator's
// ivr-payer persona: 1 pay, 2 other amount, 15000#) owes $1,000.00 and pays $150.00 by the
// texted link; the bench plays the customer in the Stripe simulator (pays each Checkout
// Session as soon as it exists). Then Postgres says what the ledger holds. Prints completed
// payments, ledger entries, duplicates (entries beyond one per paid call) and money
// mismatches (an account whose balance is not $1,000.00 less its ledger entries, or a
// ledger amount that is not what was paid), and the time from the customer's payment
// (Stripe's answer to it) to the IVR's spoken confirmation (the first prompt, a
// gather_using_speak, the carrier receives on that call after it: the hold only speaks;
// the Stripe webhook's delivery is inside it), both read from the carrier simulator's own
// clock in its logs. `--json`: one object.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { summarize } from "../calls/percentiles.ts";
import { logInAsDemoOwner } from "../shared/demo-owner.ts";
import { runBenchCommand } from "../shared/run-command.ts";

const USAGE = "usage: npm run bench:payments -- [--calls 100] [--json]";
const MAX_CALLS = 500;
const BALANCE_CENTS = 100_000;
const PAID_CENTS = 15_000;
/** The bench reads the simulators' logs this often (the times it reports come from the logs, not the polls). */
const POLL_MS = 500;
/** The carrier simulator's caller who keys 1, 2, 15000# and pays the texted link by itself 5-15 s later (sim/README.md). */
const PERSONA = "ivr-self-payer";
/** Stripe's chaos holds some webhooks back this long; the ledger is read after it. */
const LATE_MS = 2_000;
const progress = (line: string) => process.stderr.write(`[bench:payments] ${line}\n`);

interface Options {
  calls: number;
  json: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { calls: 100, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--calls" || arg.startsWith("--calls=")) {
      const value = Number(arg.includes("=") ? arg.split("=")[1] : argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > MAX_CALLS) throw new Error(`--calls takes a whole number from 1 to ${MAX_CALLS}\n${USAGE}`);
      options.calls = value;
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface Caller {
  phone: string;
  accountId: string;
  leg: string;
  /** The carrier simulator's clock (ms since its start): when the persona's payment was taken by Stripe, and when the IVR next prompted. */
  paidAtMs: number | null;
  /** When the IVR cut the hold (playback_stop): the call had heard of the payment. */
  holdStoppedAtMs: number | null;
  confirmedAtMs: number | null;
}

interface PersonaPayment {
  to: string;
  outcome: string;
  status: number | null;
  answeredAtMs: number | null;
}

async function runCalls(stack: Stack, calls: number): Promise<{ callers: Caller[]; seconds: number }> {
  const carrier = stack.carrier.controlUrl!;
  const stripe = stack.payments.controlUrl!;
  const { cookie } = await logInAsDemoOwner(stack.url);
  const api = <T>(method: string, route: string, body: unknown) => json<T>(`${stack.url}${route}`, { method, headers: { cookie, origin: stack.url }, body: JSON.stringify(body) });
  const line = "+15557770001";
  await api("POST", "/api/phone-numbers", { e164: line, label: "Bench IVR", inboundAction: "ivr" });
  const phones = Array.from({ length: calls }, (_, i) => `+1555880${String(i).padStart(4, "0")}`);
  const accountIds: string[] = [];
  for (const phone of phones) {
    const created = await api<{ account: { id: string } }>("POST", "/api/accounts", { name: `Payer ${phone}`, phones: [phone], balanceDueCents: BALANCE_CENTS, consent: true });
    accountIds.push(created.account.id);
  }
  await json(`${stripe}/control/chaos`, { method: "PUT", body: JSON.stringify({ duplicateRate: 0.2, reorderRate: 0.2, lateRate: 0.05, lateMs: LATE_MS, apiFailureRate: 0.02, lostResponseRate: 0.02 }) });
  await json(`${carrier}/control/chaos`, { method: "PUT", body: JSON.stringify({ duplicateRate: 0.1, reorderRate: 0.1, commandFailureRate: 0.02 }) });

  progress(`${calls} callers dial the IVR at once`);
  const started = performance.now();
  const legs = await Promise.all(
    phones.map((from) => json<{ call: { call_control_id: string } }>(`${carrier}/control/inbound`, { method: "POST", body: JSON.stringify({ from, to: line, persona: PERSONA }) })),
  );
  const callers: Caller[] = phones.map((phone, i) => ({ phone, accountId: accountIds[i]!, leg: legs[i]!.call.call_control_id, paidAtMs: null, holdStoppedAtMs: null, confirmedAtMs: null }));
  const byPhone = new Map(callers.map((c) => [c.phone, c]));
  const deadline = Date.now() + 120_000 + calls * 1_000;
  let lastReport = Date.now();
  while (callers.some((c) => c.confirmedAtMs === null) && Date.now() < deadline) {
    // The personas pay by themselves; the carrier simulator says when Stripe took each payment.
    const { payments } = await json<{ payments: PersonaPayment[] }>(`${carrier}/control/payments`);
    for (const payment of payments) {
      const c = byPhone.get(payment.to);
      if (c && c.paidAtMs === null && payment.outcome === "pay" && payment.status === 200) c.paidAtMs = payment.answeredAtMs;
    }
    const { commands } = await json<{ commands: { atMs: number; kind: string; callControlId: string | null; outcome: string }[] }>(`${carrier}/control/commands`);
    for (const c of callers) {
      if (c.paidAtMs === null || c.confirmedAtMs !== null) continue;
      const paidAt = c.paidAtMs;
      const holdStop = commands.find((command) => command.atMs >= paidAt && command.kind === "playback_stop" && command.callControlId === c.leg && command.outcome === "performed");
      if (holdStop) c.holdStoppedAtMs = holdStop.atMs;
      const confirmation = commands.find((command) => command.atMs >= paidAt && command.kind === "gather_using_speak" && command.callControlId === c.leg && command.outcome === "performed");
      if (confirmation) c.confirmedAtMs = confirmation.atMs;
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      progress(`${callers.filter((c) => c.paidAtMs !== null).length} paid, ${callers.filter((c) => c.confirmedAtMs !== null).length} confirmed`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  // How Stripe's webhooks fared (a ledger behind the payments is explained here: refused, timed out, still pending).
  const { deliveries } = await json<{ deliveries: { eventType: string; attempt: number; outcome: string; status: number | null; atMs: number; sentAtMs: number | null; durationMs: number | null }[] }>(
    `${stripe}/control/webhooks`,
  );
  const outcomes = new Map<string, number>();
  for (const d of deliveries) outcomes.set(`${d.outcome}${d.status ? ` ${d.status}` : ""}`, (outcomes.get(`${d.outcome}${d.status ? ` ${d.status}` : ""}`) ?? 0) + 1);
  const answered = summarize(deliveries.flatMap((d) => (d.durationMs === null ? [] : [d.durationMs])));
  progress(`Stripe webhook deliveries: ${[...outcomes].map(([k, n]) => `${k}: ${n}`).join(", ")}; the endpoint answered in p50 ${answered.p50 ?? "—"} ms, p99 ${answered.p99 ?? "—"} ms`);
  // Where payment → confirmation goes: waiting in Stripe's queue, the route's answer to the event that tells the call, the call's passes.
  const firstTries = deliveries.filter((d) => d.attempt === 1 && d.sentAtMs !== null);
  const queued = summarize(firstTries.map((d) => d.sentAtMs! - d.atMs));
  const telling = summarize(firstTries.flatMap((d) => (d.eventType === "payment_intent.succeeded" && d.durationMs !== null ? [d.durationMs] : [])));
  const toHoldStop = summarize(callers.flatMap((c) => (c.paidAtMs !== null && c.holdStoppedAtMs !== null ? [c.holdStoppedAtMs - c.paidAtMs] : [])));
  const stopToPrompt = summarize(callers.flatMap((c) => (c.holdStoppedAtMs !== null && c.confirmedAtMs !== null ? [c.confirmedAtMs - c.holdStoppedAtMs] : [])));
  progress(
    `payment → confirmation, in parts: a delivery waited to be sent p50 ${queued.p50 ?? "—"} / p99 ${queued.p99 ?? "—"} ms; payment_intent.succeeded answered in p50 ${telling.p50 ?? "—"} / p99 ${telling.p99 ?? "—"} ms; payment → hold stopped p50 ${toHoldStop.p50 ?? "—"} / p99 ${toHoldStop.p99 ?? "—"} ms; hold stopped → confirmation prompt p50 ${stopToPrompt.p50 ?? "—"} / p99 ${stopToPrompt.p99 ?? "—"} ms`,
  );
  return { callers, seconds: (performance.now() - started) / 1000 };
}

async function ledgerOf(databaseUrl: string, callers: readonly Caller[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ account_id: string; balance: string; entries: string; paid: string; wrong_amounts: string }>(
      `select a.id as account_id, a.balance_due_cents::text as balance, count(p.id)::text as entries, coalesce(sum(p.amount_cents), 0)::text as paid,
              count(p.id) filter (where p.amount_cents <> $2)::text as wrong_amounts
       from accounts a left join payments p on p.account_id = a.id where a.id = any($1::uuid[]) group by a.id`,
      [callers.map((c) => c.accountId), PAID_CENTS],
    );
    return rows.map((r) => ({ accountId: r.account_id, balance: Number(r.balance), entries: Number(r.entries), paid: Number(r.paid), wrongAmounts: Number(r.wrong_amounts) }));
  } finally {
    await client.end();
  }
}

async function main(options: Options): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-bench-payments-"));
  let stack: Stack | undefined;
  try {
    progress(`starting the stack in ${dataDir}`);
    stack = await startStack({ dataDir, buildUi: false, env: {}, log: (line) => (line.startsWith("carrier: ") || line.startsWith("stripe: ") ? undefined : progress(line)) });
    if (!stack.carrier.controlUrl || !stack.payments.controlUrl) throw new Error("bench:payments needs both simulators (CARRIER_MODE and PAYMENTS_MODE unset)");
    const { callers, seconds } = await runCalls(stack, options.calls);
    // Late webhooks (chaos) land after the payment they confirm: read the ledger once they can have.
    await new Promise((resolve) => setTimeout(resolve, LATE_MS + 3_000));
    const ledger = await ledgerOf(stack.database.url, callers);
    const paidAccounts = new Set(callers.filter((c) => c.paidAtMs !== null).map((c) => c.accountId));
    const latency = summarize(callers.flatMap((c) => (c.paidAtMs !== null && c.confirmedAtMs !== null ? [c.confirmedAtMs - c.paidAtMs] : [])));
    const result = {
      calls: options.calls,
      payments: paidAccounts.size,
      ledgerEntries: ledger.reduce((sum, a) => sum + a.entries, 0),
      duplicates: ledger.reduce((sum, a) => sum + Math.max(0, a.entries - 1), 0),
      mismatches: ledger.filter((a) => a.balance !== BALANCE_CENTS - a.paid || a.wrongAmounts > 0 || (a.entries > 0) !== paidAccounts.has(a.accountId)).length,
      confirmP50Ms: latency.p50,
      confirmP99Ms: latency.p99,
    };
    const confirmed = callers.filter((c) => c.confirmedAtMs !== null).length;
    console.log(
      options.json
        ? JSON.stringify(result)
        : [
            `payments: ${result.calls} concurrent IVR calls with Stripe and carrier chaos, ${Math.round(seconds)} s`,
            `completed payments ${result.payments}, ledger entries ${result.ledgerEntries}, duplicates ${result.duplicates}, money mismatches ${result.mismatches}`,
            `payment → spoken confirmation: p50 ${result.confirmP50Ms ?? "—"} ms, p99 ${result.confirmP99Ms ?? "—"} ms (${confirmed} of ${result.payments} confirmed on the call)`,
            result.ledgerEntries === result.payments && result.duplicates === 0 && result.mismatches === 0 ? "ledger = payments" : "LEDGER DIFFERS FROM PAYMENTS",
          ].join("\n"),
    );
    return result.ledgerEntries === result.payments && result.duplicates === 0 && result.mismatches === 0 ? 0 : 1;
  } finally {
    progress("stopping the stack");
    await stack?.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBenchCommand(process.argv.slice(2), parseOptions, main);
