// The Web Worker that runs "What would each mode give?" off the page's thread: one request
// (a workload), then a row per policy as each simulation finishes, then done. The page stays
// responsive and can terminate the worker to cancel.
import { runWhatIf } from "./pacing-what-if-run";
import { whatIfRequest, type WhatIfReply } from "./pacing-what-if";

const post = (reply: WhatIfReply) => self.postMessage(reply);

self.addEventListener("message", (event: MessageEvent) => {
  const request = whatIfRequest.safeParse(event.data);
  if (!request.success) return;
  const { runId, workload } = request.data;
  const started = performance.now();
  try {
    const run = runWhatIf(workload, {
      onStart: (policy) => post({ type: "started", runId, policy }),
      onRow: (row) => post({ type: "row", runId, row }),
    });
    if (run.ok) post({ type: "done", runId, elapsedMs: performance.now() - started });
    else post({ type: "error", runId, message: run.message });
  } catch (error) {
    post({ type: "error", runId, message: error instanceof Error ? error.message : "The simulation failed." });
  }
});
