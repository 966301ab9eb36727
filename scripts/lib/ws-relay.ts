// A local stand-in for Neon's WebSocket proxy: the Neon serverless driver speaks the
// Postgres wire protocol inside WebSocket frames; this relay pipes each socket to one
// TCP connection. It only ever connects to the one Postgres it was given (never an
// address from the client), and closes both sides when the client sends Terminate,
// because the driver's pool.end() waits for the server to close. With `pool`, it keeps
// Postgres sessions for the next client as PgBouncer's session mode does
// (pg-session-pool.ts): the local stack's default, since production reaches Postgres
// through a pooler too (Neon's `-pooler` endpoint or Hyperdrive).
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import {
  ASK_CLEARTEXT_PASSWORD,
  CANCEL_REQUEST_CODE,
  errorResponse,
  MessageFramer,
  PostgresError,
  readStartup,
  SessionPool,
  SSL_REQUEST_CODE,
  type Backend,
  type Startup,
} from "./pg-session-pool.ts";

export interface WsRelay {
  port: number;
  /** Value for the Worker's DATABASE_WS_PROXY: the driver appends nothing, we ignore the address. */
  proxyHost: string;
  /** Tests only: while false, every open connection is dropped and new ones are refused (Postgres "down"). */
  setAvailable(available: boolean): void;
  /** Sessions opened and handed out again by the pool (zeros without one). */
  poolStats(): { opened: number; reused: number; discarded: number };
  close(): Promise<void>;
}

export interface RelayPoolOptions {
  /** Idle Postgres sessions kept across all clients' startup parameters. */
  maxIdle: number;
}

const TERMINATE_MESSAGE = 0x58; // 'X'

export async function startWsRelay(options: { port: number; postgresPort: number; pool?: RelayPoolOptions }): Promise<WsRelay> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: options.port });
  const open = new Set<{ ws: WebSocket; tcp: net.Socket }>();
  const pool = options.pool ? new SessionPool({ postgresPort: options.postgresPort, maxIdle: options.pool.maxIdle }) : null;
  const pooledClients = new Set<WebSocket>();
  let available = true;
  server.on("connection", (ws) => {
    if (!available) {
      ws.terminate();
      return;
    }
    if (pool) {
      pooledClients.add(ws);
      ws.once("close", () => pooledClients.delete(ws));
      servePooled(ws, pool, options.postgresPort);
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
        for (const ws of pooledClients) ws.terminate();
        pool?.closeAll();
      }
    },
    poolStats: () => ({ ...(pool?.stats ?? { opened: 0, reused: 0, discarded: 0 }) }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const { tcp, ws } of open) {
          tcp.destroy();
          ws.terminate();
        }
        for (const ws of pooledClients) ws.terminate();
        pool?.closeAll();
        server.close(() => resolve());
      }),
  };
}

const toBuffer = (data: Buffer | ArrayBuffer | Buffer[]) => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));

/**
 * One client through the pool: the relay reads its startup and asks for its password, then
 * hands it a kept session for the same parameters and password (or a new one), and pipes
 * until Terminate, when the session goes back to the pool instead of ending.
 */
function servePooled(ws: WebSocket, pool: SessionPool, postgresPort: number): void {
  let phase: "startup" | "password" | "connecting" | "attached" | "done" = "startup";
  let buffered: Buffer = Buffer.alloc(0);
  let startup: Startup | null = null;
  let backend: Backend | null = null;
  const framer = new MessageFramer();
  const send = (chunk: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(chunk);
  };
  const finish = (release: boolean) => {
    if (phase === "done") return;
    phase = "done";
    const held = backend;
    backend = null;
    if (held) {
      if (release) void pool.giveBack(held);
      else held.terminate();
    }
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  };

  const attach = async (password: string) => {
    phase = "connecting";
    try {
      const taken = await pool.take(startup!, password);
      if (phase !== "connecting") return void pool.giveBack(taken);
      backend = taken;
    } catch (error) {
      send(error instanceof PostgresError ? error.response : errorResponse("08006", `relay: ${error instanceof Error ? error.message : String(error)}`));
      return finish(false);
    }
    backend.attach(send, () => finish(false));
    phase = "attached";
    send(backend.greeting());
    const early = buffered;
    buffered = Buffer.alloc(0);
    if (early.length > 0) forward(early);
  };

  const forward = (chunk: Buffer) => {
    const types: number[] = [];
    for (const { type, raw } of framer.messages(chunk)) {
      if (type === TERMINATE_MESSAGE) return void (flushBefore(types, raw, chunk), finish(true));
      types.push(type);
    }
    backend!.send(chunk, types);
  };
  // Bytes before a Terminate in the same chunk still go to Postgres (a driver may batch them).
  const flushBefore = (types: number[], terminate: Buffer, chunk: Buffer) => {
    const before = chunk.subarray(0, chunk.length - terminate.length);
    if (before.length > 0 && types.length > 0) backend!.send(before, types);
  };

  ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
    const chunk = toBuffer(data);
    if (phase === "attached") return forward(chunk);
    if (phase === "connecting") {
      buffered = Buffer.concat([buffered, chunk]);
      return;
    }
    if (phase === "done") return;
    buffered = Buffer.concat([buffered, chunk]);
    if (phase === "startup") {
      const read = readStartup(buffered);
      if (!read) return;
      buffered = Buffer.from(read.rest);
      if (read.startup.code === SSL_REQUEST_CODE) return send(Buffer.from("N"));
      if (read.startup.code === CANCEL_REQUEST_CODE) {
        // A cancel goes to Postgres as it came, on a connection of its own.
        const tcp = net.connect({ host: "127.0.0.1", port: postgresPort }, () => tcp.end(read.startup.raw));
        tcp.on("error", () => undefined);
        return finish(false);
      }
      startup = read.startup;
      phase = "password";
      send(ASK_CLEARTEXT_PASSWORD);
    }
    if (phase === "password") {
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < length + 1) return;
      if (buffered[0] !== 0x70 /* p: PasswordMessage */) return finish(false);
      const password = buffered.subarray(5, length).toString("utf8"); // without its terminating NUL
      buffered = Buffer.from(buffered.subarray(length + 1));
      void attach(password);
    }
  });
  ws.on("close", () => finish(true));
  ws.on("error", () => finish(false));
}
