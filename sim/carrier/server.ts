// The local carrier: a Telnyx Call Control v2 stand-in the Worker reaches through
// TELNYX_BASE_URL. For now an honest empty shell: it is up (GET /health) and answers
// every /v2/* request 501 with a Telnyx-shaped error, so nothing mistakes it for a
// carrier that placed a call. Calls, personas and signed webhooks arrive with the
// calls issue.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CarrierSimulator {
  port: number;
  /** What the Worker's TELNYX_BASE_URL should be. */
  baseUrl: string;
  close(): Promise<void>;
}

export interface CarrierSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

/** The error body Telnyx's API answers with; the `telnyx` SDK reads `errors[]`. */
interface TelnyxErrorBody {
  errors: { code: string; title: string; detail: string }[];
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const method = request.method ?? "GET";
  const path = new URL(request.url ?? "/", "http://carrier.local").pathname;
  // Drain any body so keep-alive connections stay usable.
  request.resume();
  if (method === "GET" && path === "/health") {
    sendJson(response, 200, { ok: true, service: "carrier-simulator" });
    return;
  }
  if (path === "/v2" || path.startsWith("/v2/")) {
    sendJson(response, 501, {
      errors: [
        {
          code: "not_implemented",
          title: "Not implemented",
          detail: `The carrier simulator does not implement ${method} ${path} yet: calls arrive with the calls issue`,
        },
      ],
    } satisfies TelnyxErrorBody);
    return;
  }
  sendJson(response, 404, {
    errors: [{ code: "not_found", title: "Not found", detail: `No route ${method} ${path}: the carrier API lives under /v2` }],
  } satisfies TelnyxErrorBody);
}

export async function startCarrierSimulator(options: CarrierSimulatorOptions): Promise<CarrierSimulator> {
  const host = options.host ?? "127.0.0.1";
  const server = http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://${host}:${port}/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
