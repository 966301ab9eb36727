// The WebSocket relay (ws-relay.ts) in a thread of its own, for the benches. A bench's main
// thread also runs the carrier and model simulators and times every webhook it sends; the
// relay carries every Postgres byte of the Worker, and sharing one event loop with it
// delayed the simulators' sends and the stopwatch's clock (a loop delay p99 of 211 ms under
// bench:calls --overload). `npm start` and the tests keep the relay on the main thread.
import { Worker } from "node:worker_threads";
import { z } from "zod";
import type { RelayPoolOptions } from "./ws-relay.ts";

export interface RelayThreadOptions {
  port: number;
  postgresPort: number;
  pool?: RelayPoolOptions;
}

export const relayThreadMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), proxyHost: z.string() }),
  z.object({ type: z.literal("failed"), message: z.string() }),
  z.object({ type: z.literal("closed") }),
]);
export type RelayThreadMessage = z.infer<typeof relayThreadMessage>;

export interface RelayThread {
  proxyHost: string;
  close(): Promise<void>;
}

export async function startWsRelayThread(options: RelayThreadOptions): Promise<RelayThread> {
  // tsx is registered inside the thread first, as bench/calls/load-thread.ts does for the load client.
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./ws-relay-thread-entry.ts", import.meta.url).href;
  const worker = new Worker(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`, { eval: true, workerData: options });
  const next = () =>
    new Promise<RelayThreadMessage>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The relay thread exited (${code})`));
      worker.once("error", reject);
      worker.once("exit", onExit);
      worker.once("message", (raw: unknown) => {
        worker.off("error", reject);
        worker.off("exit", onExit);
        const parsed = relayThreadMessage.safeParse(raw);
        if (parsed.success) resolve(parsed.data);
        else reject(new Error(`The relay thread sent an unexpected message: ${parsed.error.issues[0]?.message ?? ""}`));
      });
    });
  const first = await next();
  if (first.type !== "ready") {
    await worker.terminate();
    throw new Error(`The relay thread did not start: ${first.type === "failed" ? first.message : first.type}`);
  }
  return {
    proxyHost: first.proxyHost,
    async close() {
      const closed = next();
      worker.postMessage({ type: "close" });
      await closed.finally(() => worker.terminate());
    },
  };
}
