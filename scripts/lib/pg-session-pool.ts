// The relay's session pool, as PgBouncer's session mode: a Postgres backend costs ~10 ms of
// Postgres CPU to start (fork, authentication, cold catalog caches) and the Worker opens one
// per request, so the relay keeps authenticated backends after their client leaves and hands
// them to the next client with the same startup parameters (user, database, options) and
// password. The relay answers a client's startup itself (it asks for the password in clear,
// as the local Postgres does, and checks it by key); a returned backend is reset with
// `DISCARD ALL` (role and settings back to the startup values, prepared statements and temp
// tables gone) and kept only if it was idle: one left in a transaction, errored or with a
// query in flight is closed. Wire format: https://www.postgresql.org/docs/current/protocol-message-formats.html
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import net from "node:net";

const PROTOCOL_3 = 196608;
export const SSL_REQUEST_CODE = 80877103;
export const CANCEL_REQUEST_CODE = 80877102;

/** A startup message's fields, and its bytes as the client sent them (sent again to open a backend). */
export interface Startup {
  code: number;
  params: Map<string, string>;
  raw: Buffer;
}

/** Reads the untyped startup message (length, protocol code, then name/value pairs), once it is whole. */
export function readStartup(buffer: Buffer): { startup: Startup; rest: Buffer } | null {
  if (buffer.length < 8) return null;
  const length = buffer.readInt32BE(0);
  if (buffer.length < length) return null;
  const code = buffer.readInt32BE(4);
  const params = new Map<string, string>();
  if (code === PROTOCOL_3) {
    const fields = buffer.subarray(8, length - 1).toString("utf8").split("\0");
    for (let i = 0; i + 1 < fields.length; i += 2) params.set(fields[i]!, fields[i + 1]!);
  }
  return { startup: { code, params, raw: Buffer.from(buffer.subarray(0, length)) }, rest: buffer.subarray(length) };
}

/** Splits a stream of typed messages (type byte, int32 length including itself, body), keeping a partial one for the next chunk. */
export class MessageFramer {
  #pending: Buffer = Buffer.alloc(0);

  *messages(chunk: Buffer): Generator<{ type: number; body: Buffer; raw: Buffer }> {
    let buffer = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    let at = 0;
    while (buffer.length - at >= 5) {
      const length = buffer.readInt32BE(at + 1);
      if (buffer.length - at < length + 1) break;
      yield { type: buffer[at]!, body: buffer.subarray(at + 5, at + 1 + length), raw: buffer.subarray(at, at + 1 + length) };
      at += length + 1;
    }
    buffer = buffer.subarray(at);
    this.#pending = buffer.length > 0 ? Buffer.from(buffer) : Buffer.alloc(0);
  }
}

export function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");

export const AUTHENTICATION_OK = message("R", int32(0));
export const ASK_CLEARTEXT_PASSWORD = message("R", int32(3));
const TERMINATE = message("X");
const DISCARD_ALL = message("Q", cstring("DISCARD ALL"));

export function errorResponse(code: string, text: string): Buffer {
  return message("E", Buffer.concat([Buffer.from("SFATAL\0"), Buffer.from(`C${code}\0`), cstring(`M${text}`), Buffer.from([0])]));
}

const require = createRequire(import.meta.url);
interface ScramSession {
  response: string;
}
const sasl = require("pg/lib/crypto/sasl.js") as {
  startSession(mechanisms: string[]): ScramSession;
  continueSession(session: ScramSession, password: string, serverData: string): Promise<void>;
  finalizeSession(session: ScramSession, serverData: string): void;
};

/** A backend the pool owns, authenticated as its key says. `status` is its last ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed). */
export class Backend {
  readonly parameters = new Map<string, string>();
  keyData: Buffer = Buffer.alloc(0);
  status = "I";
  /** Queries and Syncs sent whose ReadyForQuery has not come back. */
  outstanding = 0;
  closed = false;
  readonly #framer = new MessageFramer();
  /** Where raw bytes from Postgres go while a client holds this backend. */
  #forward: ((chunk: Buffer) => void) | null = null;
  #onMessage: ((type: number, body: Buffer) => void) | null = null;
  #onClose: (() => void) | null = null;

  constructor(
    readonly key: string,
    readonly socket: net.Socket,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#data(chunk));
    const closed = () => {
      if (this.closed) return;
      this.closed = true;
      this.#onClose?.();
    };
    socket.on("error", closed);
    socket.on("close", closed);
  }

  #data(chunk: Buffer): void {
    for (const { type, body } of this.#framer.messages(chunk)) {
      if (type === 0x5a /* Z */) {
        this.status = String.fromCharCode(body[0]!);
        this.outstanding = Math.max(0, this.outstanding - 1);
      } else if (type === 0x53 /* S */) {
        const [name, value] = body.toString("utf8").split("\0");
        this.parameters.set(name!, value!);
      }
      this.#onMessage?.(type, body);
    }
    this.#forward?.(chunk);
  }

  /** A client holds it now: Postgres's bytes go to `forward` as they come; `onClose` when Postgres goes away. */
  attach(forward: (chunk: Buffer) => void, onClose: () => void): void {
    this.#forward = forward;
    this.#onMessage = null;
    this.#onClose = onClose;
  }

  detach(): void {
    this.#forward = null;
    this.#onMessage = null;
    this.#onClose = null;
  }

  /** A client's bytes, counted for the queries they hold open: a 'Q' or a Sync each expects one ReadyForQuery. */
  send(chunk: Buffer, messageTypes: number[]): void {
    for (const type of messageTypes) if (type === 0x51 /* Q */ || type === 0x53 /* S: Sync */) this.outstanding++;
    this.socket.write(chunk);
  }

  /** What a client is told at startup when it gets this backend: as if it had just authenticated. */
  greeting(): Buffer {
    const parameterStatus = [...this.parameters].map(([name, value]) => message("S", Buffer.concat([cstring(name), cstring(value)])));
    return Buffer.concat([AUTHENTICATION_OK, ...parameterStatus, message("K", this.keyData), message("Z", Buffer.from("I"))]);
  }

  /** Waits for messages until `done` says so (or Postgres closes); used only while no client holds it. */
  exchange(onMessage: (type: number, body: Buffer) => boolean | Promise<boolean>): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error("the Postgres connection closed"));
      this.#onClose = () => reject(new Error("the Postgres connection closed"));
      this.#onMessage = (type, body) => {
        Promise.resolve(onMessage(type, body)).then(
          (done) => {
            if (!done) return;
            this.#onMessage = null;
            this.#onClose = null;
            resolve();
          },
          (error: unknown) => {
            this.#onMessage = null;
            this.#onClose = null;
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      };
    });
  }

  terminate(): void {
    if (!this.closed) this.socket.end(TERMINATE);
    this.closed = true;
    this.socket.destroy();
  }
}

export interface SessionPoolOptions {
  postgresPort: number;
  /** Idle backends kept across all keys; a returned one beyond this is closed. */
  maxIdle: number;
}

export class PostgresError extends Error {
  constructor(readonly response: Buffer) {
    super("Postgres refused the connection");
  }
}

export class SessionPool {
  readonly #idle = new Map<string, Backend[]>();
  #idleCount = 0;
  /** Counters for the bench and tests: backends opened and handed out again. */
  readonly stats = { opened: 0, reused: 0, discarded: 0 };

  constructor(private readonly options: SessionPoolOptions) {}

  static keyOf(startup: Startup, password: string): string {
    const params = [...startup.params].sort(([a], [b]) => a.localeCompare(b));
    return createHash("sha256").update(JSON.stringify([params, password])).digest("hex");
  }

  /** An idle backend for this key, or a new one authenticated with the client's password. */
  async take(startup: Startup, password: string): Promise<Backend> {
    const key = SessionPool.keyOf(startup, password);
    const idle = this.#idle.get(key);
    while (idle && idle.length > 0) {
      const backend = idle.pop()!;
      this.#idleCount--;
      if (!backend.closed) {
        this.stats.reused++;
        return backend;
      }
    }
    this.stats.opened++;
    return this.#open(key, startup, password);
  }

  /** A client is done with `backend`: reset and keep it when it was idle, else close it. */
  async giveBack(backend: Backend): Promise<void> {
    backend.detach();
    if (backend.closed || backend.status !== "I" || backend.outstanding > 0 || this.#idleCount >= this.options.maxIdle) {
      this.stats.discarded++;
      return backend.terminate();
    }
    try {
      backend.outstanding++;
      backend.socket.write(DISCARD_ALL);
      let failed = false;
      await backend.exchange((type) => {
        if (type === 0x45 /* E */) failed = true;
        return type === 0x5a;
      });
      if (failed || backend.status !== "I" || this.#idleCount >= this.options.maxIdle) throw new Error("not reusable");
    } catch {
      this.stats.discarded++;
      return backend.terminate();
    }
    const list = this.#idle.get(backend.key) ?? [];
    list.push(backend);
    this.#idle.set(backend.key, list);
    this.#idleCount++;
    // Postgres going away while it waits here leaves a closed backend that take() skips.
  }

  closeAll(): void {
    for (const list of this.#idle.values()) for (const backend of list) backend.terminate();
    this.#idle.clear();
    this.#idleCount = 0;
  }

  async #open(key: string, startup: Startup, password: string): Promise<Backend> {
    const socket = net.connect({ host: "127.0.0.1", port: this.options.postgresPort });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const backend = new Backend(key, socket);
    socket.write(startup.raw);
    let scram: ScramSession | null = null;
    let refusal: Buffer | null = null;
    try {
      await backend.exchange(async (type, body) => {
        if (type === 0x45 /* E */) {
          refusal = message("E", body);
          return true;
        }
        if (type === 0x4b /* K */) backend.keyData = Buffer.from(body);
        if (type === 0x5a /* Z */) return true;
        if (type !== 0x52 /* R */) return false;
        const code = body.readInt32BE(0);
        if (code === 3) socket.write(message("p", cstring(password)));
        else if (code === 5) socket.write(message("p", cstring(md5Password(startup.params.get("user") ?? "", password, body.subarray(4, 8)))));
        else if (code === 10) {
          scram = sasl.startSession(body.subarray(4).toString("utf8").split("\0").filter(Boolean));
          const response = Buffer.from(scram.response, "utf8");
          socket.write(message("p", Buffer.concat([cstring("SCRAM-SHA-256"), int32(response.length), response])));
        } else if (code === 11 && scram) {
          await sasl.continueSession(scram, password, body.subarray(4).toString("utf8"));
          socket.write(message("p", Buffer.from(scram.response, "utf8")));
        } else if (code === 12 && scram) sasl.finalizeSession(scram, body.subarray(4).toString("utf8"));
        else if (code !== 0) throw new Error(`the relay's pool cannot answer Postgres's authentication request ${code}`);
        return false;
      });
    } catch (error) {
      backend.terminate();
      throw error;
    }
    if (refusal) {
      backend.terminate();
      throw new PostgresError(refusal);
    }
    return backend;
  }
}

function md5Password(user: string, password: string, salt: Buffer): string {
  const inner = createHash("md5").update(password + user).digest("hex");
  return `md5${createHash("md5").update(Buffer.concat([Buffer.from(inner), salt])).digest("hex")}`;
}
