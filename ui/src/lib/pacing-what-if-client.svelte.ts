// WhatIfRunner: the page's handle on the what-if Web Worker. Starts the worker on the first
// run (so the simulator's code is fetched only when asked for), checks every reply, and
// exposes the rows as reactive state. Terminating the worker cancels a run.
import type { PacingPolicyName } from "$protocol/campaign/pacing";
import { whatIfReply, type WhatIfRequest, type WhatIfRow } from "./pacing-what-if";

export type WhatIfStatus = "idle" | "running" | "done" | "error";

export class WhatIfRunner {
  status = $state<WhatIfStatus>("idle");
  rows = $state<WhatIfRow[]>([]);
  /** The policy being simulated now. */
  current = $state<PacingPolicyName | null>(null);
  error = $state<string | null>(null);
  elapsedMs = $state<number | null>(null);

  #worker: Worker | null = null;
  #runId = 0;

  run(workload: unknown): void {
    const worker = this.#ensureWorker();
    this.#runId += 1;
    this.status = "running";
    this.rows = [];
    this.current = null;
    this.error = null;
    this.elapsedMs = null;
    worker.postMessage({ type: "run", runId: this.#runId, workload } satisfies WhatIfRequest);
  }

  /** Stops a run in progress (the worker is dropped; the next run starts a fresh one). */
  cancel(): void {
    this.dispose();
    if (this.status === "running") this.status = this.rows.length > 0 ? "done" : "idle";
    this.current = null;
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./pacing-what-if.worker.ts", import.meta.url), { type: "module", name: "pacing-what-if" });
    worker.addEventListener("message", (event: MessageEvent) => this.#receive(event.data));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.status = "error";
      this.error = "The simulation could not start in this browser.";
      this.current = null;
      this.dispose();
    });
    this.#worker = worker;
    return worker;
  }

  #receive(data: unknown): void {
    const parsed = whatIfReply.safeParse(data);
    if (!parsed.success || parsed.data.runId !== this.#runId) return;
    const reply = parsed.data;
    switch (reply.type) {
      case "started":
        this.current = reply.policy;
        return;
      case "row":
        this.rows = [...this.rows, reply.row];
        return;
      case "done":
        this.status = "done";
        this.current = null;
        this.elapsedMs = reply.elapsedMs;
        return;
      case "error":
        this.status = "error";
        this.current = null;
        this.error = reply.message;
        return;
      default:
        assertNever(reply);
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled what-if reply: ${JSON.stringify(value)}`);
}
