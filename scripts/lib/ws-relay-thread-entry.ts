// Inside the relay's thread (ws-relay-thread.ts): start the relay, say where it listens, and
// close it when asked.
import { parentPort, workerData } from "node:worker_threads";
import type { RelayThreadMessage, RelayThreadOptions } from "./ws-relay-thread.ts";
import { startWsRelay } from "./ws-relay.ts";

const port = parentPort;
if (!port) throw new Error("ws-relay-thread-entry.ts runs only as a worker thread");
const send = (message: RelayThreadMessage) => port.postMessage(message);

try {
  const relay = await startWsRelay(workerData as RelayThreadOptions);
  port.on("message", (message: unknown) => {
    if ((message as { type?: unknown }).type !== "close") return;
    relay.close().then(
      () => send({ type: "closed" }),
      (error: unknown) => send({ type: "failed", message: String(error) }),
    );
  });
  send({ type: "ready", proxyHost: relay.proxyHost });
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}
