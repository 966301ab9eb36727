// Turns off the inspector's Network events on wrangler dev's own inspector session, the
// one its inspector proxy holds with the Worker's runtime. Why: wrangler 4.86's
// InspectorProxyWorker posts every message that session receives to wrangler over a new
// loopback connection (its debug log), and its workerd leaves each in CLOSE-WAIT. Network
// events are most of them: four or more per subrequest of the Worker (request sent,
// response, each chunk, finished), so at 200 agents (the carrier commands, ~150 messages
// a second) the proxy's 20,000 file descriptors ran out within 3 minutes. From then on it
// spun on EMFILE (a core of the 2-core machine) and stopped answering on wrangler's port
// and its inspector: the cron ticker's requests and the rehearsal's Profiler.stop waited
// forever while the engine, on its own port, still answered (docs/scale.md, 2026-12-07).
// The session keeps its console and exceptions (a few a second); DevTools loses the
// Worker's Network tab until wrangler reconnects (a reload sends Network.enable again).
import WebSocket from "ws";

const ANSWER_TIMEOUT_MS = 10_000;

/** Sends `Network.disable` through wrangler's inspector on `port` (it forwards it to its runtime session), then leaves. */
export async function turnOffInspectorNetwork(port: number): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`wrangler's inspector on port ${port} lists no Worker`);
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`wrangler's inspector did not answer Network.disable within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
      socket.once("error", (error) => (clearTimeout(timer), reject(error)));
      socket.once("close", (code, reason) => (clearTimeout(timer), reject(new Error(`wrangler's inspector closed the session (${code} ${String(reason)})`))));
      socket.on("message", (data) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: unknown };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(`Network.disable: ${JSON.stringify(message.error)}`));
        else resolve();
      });
      socket.once("open", () => socket.send(JSON.stringify({ id: 1, method: "Network.disable", params: {} })));
    });
  } finally {
    // Wrangler's proxy takes one DevTools client at a time: this one is gone before a profiler connects.
    await closed(socket);
  }
}

function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    socket.close();
    setTimeout(resolve, 2_000).unref();
  });
}
