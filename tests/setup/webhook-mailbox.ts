// The network between the carrier simulator and the Worker under test. workerd tests
// have no listening port, so the simulator delivers its webhooks here; tests fetch
// them and hand them to the Worker themselves, in order or shuffled, once or twice.
// The mailbox also signs bodies with the test key the Worker trusts, so tests can
// replay, tamper with, or age any event, and sign with a wrong key on purpose. Stripe
// simulator deliveries land at /stripe-hook (with their stripe-signature). And it
// holds the switch that takes the database away, for tests of an outage mid-call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";

export interface TestSigningKeys {
  publicKeyBase64: string;
  privateKeyPem: string;
}

/** Ed25519 keys in the form the Worker's verifier (the telnyx SDK) expects: raw 32-byte public key, base64. */
export function generateSigningKeys(): TestSigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return { publicKeyBase64: raw.toString("base64"), privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

export function signWebhook(privateKey: KeyObject | string, body: string, timestampSeconds: number): Record<string, string> {
  const signature = sign(null, Buffer.from(`${timestampSeconds}|${body}`), privateKey);
  return { "telnyx-signature-ed25519": signature.toString("base64"), "telnyx-timestamp": String(timestampSeconds) };
}

interface Delivery {
  seq: number;
  body: string;
}

export async function startWebhookMailbox(options: {
  port: number;
  keys: TestSigningKeys;
  /** Lets a test take the database away and bring it back (the relay's switch). */
  setDatabaseAvailable: (available: boolean) => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  // The Stripe simulator's deliveries, kept with their signature so a test can hand them on as sent.
  const stripeDeliveries: (Delivery & { signature: string })[] = [];
  const receivers = new Map<string, Receiver>();
  const otherKey = generateKeyPairSync("ed25519").privateKey;
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://mailbox");
    const reply = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    try {
      if (request.method === "POST" && url.pathname === "/hook") {
        deliveries.push({ seq: deliveries.length + 1, body: await readBody(request) });
        return reply(200, { ok: true });
      }
      if (request.method === "POST" && url.pathname === "/stripe-hook") {
        const signature = String(request.headers["stripe-signature"] ?? "");
        stripeDeliveries.push({ seq: stripeDeliveries.length + 1, body: await readBody(request), signature });
        return reply(200, { received: true });
      }
      if (request.method === "GET" && url.pathname === "/stripe-deliveries") {
        const after = Number(url.searchParams.get("after") ?? "0");
        return reply(200, { deliveries: stripeDeliveries.filter((d) => d.seq > after) });
      }
      const receiver = /^\/receiver\/([\w-]+)(\/script|\/received)?$/.exec(url.pathname);
      if (receiver) return await serveReceiver(receivers, receiver[1]!, receiver[2] ?? "", request, response);
      // The OpenAPI validator runs here, in Node: it compiles JSON Schemas with ajv, which workerd's no-eval rule forbids.
      if (request.method === "POST" && url.pathname === "/openapi/validate") {
        const validator = new Validator();
        const result = await validator.validate(JSON.parse(await readBody(request)) as Parameters<Validator["validate"]>[0]);
        return reply(200, { valid: result.valid, version: validator.version, errors: result.valid ? [] : result.errors });
      }
      if (request.method === "GET" && url.pathname === "/deliveries") {
        const after = Number(url.searchParams.get("after") ?? "0");
        return reply(200, { deliveries: deliveries.filter((d) => d.seq > after) });
      }
      if (request.method === "POST" && url.pathname === "/sign") {
        const { body, timestampSeconds, wrongKey } = JSON.parse(await readBody(request)) as { body: string; timestampSeconds?: number; wrongKey?: boolean };
        const at = timestampSeconds ?? Math.floor(Date.now() / 1000);
        return reply(200, { headers: signWebhook(wrongKey ? otherKey : options.keys.privateKeyPem, body, at) });
      }
      if (request.method === "POST" && (url.pathname === "/database/down" || url.pathname === "/database/up")) {
        options.setDatabaseAvailable(url.pathname.endsWith("/up"));
        return reply(200, { ok: true });
      }
      reply(404, { error: "no such mailbox route" });
    } catch (error) {
      reply(500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

// Outbound webhook receivers: each test names its own (/receiver/<name>), scripts the
// answers it gives (status, Retry-After) and reads back every request it got, headers
// and body as sent, so signatures can be verified in the test with the spec's library.
interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
}
interface Receiver {
  script: ScriptedAnswer[];
  received: { headers: Record<string, string>; body: string; answeredStatus: number }[];
}

async function serveReceiver(receivers: Map<string, Receiver>, name: string, action: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const receiver = receivers.get(name) ?? { script: [], received: [] };
  receivers.set(name, receiver);
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(value));
  };
  if (action === "/script" && request.method === "POST") {
    receiver.script = (JSON.parse(await readBody(request)) as { answers: ScriptedAnswer[] }).answers;
    return json(200, { ok: true });
  }
  if (action === "/received" && request.method === "GET") return json(200, { received: receiver.received });
  if (action === "" && request.method === "POST") {
    const body = await readBody(request);
    const answer = receiver.script.shift() ?? { status: 200 };
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
    receiver.received.push({ headers, body, answeredStatus: answer.status });
    return json(answer.status, { ok: answer.status < 300 }, answer.retryAfter ? { "retry-after": answer.retryAfter } : {});
  }
  json(404, { error: "no such receiver route" });
}
