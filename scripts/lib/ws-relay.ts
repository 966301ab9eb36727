// A local stand-in for Neon's WebSocket proxy: the Neon serverless driver speaks the
// Postgres wire protocol inside WebSocket frames; this relay pipes each socket to one
// TCP connection. It only ever connects to the one Postgres it was given (never an
// address from the client), and closes both sides when the client sends Terminate,
// because the driver's pool.end() waits for the server to close.
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface WsRelay {
  port: number;
  /** Value for the Worker's DATABASE_WS_PROXY: the driver appends nothing, we ignore the address. */
  proxyHost: string;
  /** Tests only: while false, every open connection is dropped and new ones are refused (Postgres "down"). */
  setAvailable(available: boolean): void;
  close(): Promise<void>;
}

const TERMINATE_MESSAGE = 0x58; // 'X'

export async function startWsRelay(options: { port: number; postgresPort: number }): Promise<WsRelay> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: options.port });
  const open = new Set<{ ws: WebSocket; tcp: net.Socket }>();
  let available = true;
  server.on("connection", (ws) => {
    if (!available) {
      ws.terminate();
      return;
    }
    const tcp = net.connect({ host: "127.0.0.1", port: options.postgresPort });
    const pair = { ws, tcp };
    open.add(pair);
    const pending: Buffer[] = [];
    let connected = false;
    const closeBoth = () => {
      open.delete(pair);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on("connect", () => {
      connected = true;
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    tcp.on("error", closeBoth);
    tcp.on("close", closeBoth);
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (connected) tcp.write(chunk);
      else pending.push(chunk);
      if (chunk.length === 5 && chunk[0] === TERMINATE_MESSAGE) tcp.end(closeBoth);
    });
    ws.on("close", closeBoth);
    ws.on("error", closeBoth);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    port: options.port,
    proxyHost: `127.0.0.1:${options.port}`,
    setAvailable(next) {
      available = next;
      if (!next) {
        for (const { tcp, ws } of open) {
          tcp.destroy();
          ws.terminate();
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { tcp, ws } of open) {
          tcp.destroy();
          ws.terminate();
        }
        server.close(() => resolve());
      }),
  };
}
