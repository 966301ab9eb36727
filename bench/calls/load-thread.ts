// Starting and following the load-client thread (load-client.ts) and the simulator's
// control API, for every benchmark that drives calls through the local stack the same
// way: bench:calls (live-human calls, webhook → broadcast) and bench:intel's load mode
// (Spanish calls, webhook → enriched segment and → translation on the agent's socket).
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { clientMessage, type ClientConfig, type ClientResult } from "./thread-protocol.ts";

/** The load client runs in its own thread (see load-client.ts); tsx is registered there first. */
export function startLoadClient(config: ClientConfig): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./load-client.ts", import.meta.url).href;
  return new Worker(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: config,
  });
}

export interface LoadClientHandlers {
  onWindowStart(): void;
  onWindowEnd(): void;
  onProgress(line: string): void;
}

export function runLoadClient(worker: Worker, on: LoadClientHandlers): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    worker.on("message", (raw: unknown) => {
      const parsed = clientMessage.safeParse(raw);
      if (!parsed.success) return reject(new Error(`The load client sent an unexpected message: ${parsed.error.issues[0]?.message ?? ""}`));
      const message = parsed.data;
      switch (message.type) {
        case "window":
          return message.edge === "start" ? on.onWindowStart() : on.onWindowEnd();
        case "progress":
          return on.onProgress(message.line);
        case "done":
          return resolve(message.result);
        case "failed":
          return reject(new Error(`The load client failed: ${message.message}`));
        default:
          assertNever(message);
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The load client exited (${code}) before reporting`)));
  });
}

/** How long a call to `personaName` lasts at speed 1, from the simulator's own persona: ring plus talk. */
export async function personaCallSeconds(controlUrl: string, personaName: string): Promise<number> {
  const personas = z.object({
    personas: z.array(z.object({ name: z.string(), answerAfterSeconds: z.number(), hangupAfterSeconds: z.number().nullable() })),
  });
  const body = personas.parse(await (await fetch(`${controlUrl}/control/personas`)).json());
  const persona = body.personas.find((p) => p.name === personaName);
  if (!persona?.hangupAfterSeconds) throw new Error(`The simulator has no ${personaName} persona that hangs up by itself`);
  return persona.answerAfterSeconds + persona.hangupAfterSeconds;
}

/** One request to a simulator's control API (carrier or model); anything but 2xx throws. */
export async function control(controlUrl: string, method: "POST" | "PUT", route: string, body: unknown): Promise<void> {
  const response = await fetch(`${controlUrl}${route}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled message ${JSON.stringify(value)}`);
}
