// The rehearsal's agents: each logs in, opens the console's agent-pool socket (the very
// protocol the console speaks, every message zod-checked) and goes available. The
// engine connects a call (the pool says on_call; the simulator's softphone answers the
// agent's leg); the customer talks for the lead's talk time and hangs up; the agent
// wraps up for the lead's wrap time (none after a machine AMD let through, as the pacing
// simulator counts it), saves a disposition through the API, and is available again.
// Every status change is kept with its arrival time: where the agents' time went.
import WebSocket from "ws";
import { z } from "zod";
import { poolServerMessage, type AgentPresenceStatus, type PoolClientMessage } from "../../objects/agent-pool/protocol.ts";

const CALL_LOOKUP_RETRY_MS = 100;
const SAVE_RETRY_MS = 200;
const SAVE_ATTEMPTS = 30;

/** One status an agent was in, from when to when (epoch ms, this process's clock). */
export interface StatusSpan {
  userId: string;
  status: AgentPresenceStatus;
  callId: string | null;
  fromMs: number;
  toMs: number | null;
}

export interface DeskConfig {
  apiUrl: string;
  organizationId: string;
  speed: number;
  /** The wrap-up the agent takes after this call, in workload seconds (0: none), from the called number. */
  wrapSecondsFor(toNumber: string): number;
  log(line: string): void;
}

const callBody = z.object({ call: z.object({ id: z.string(), to: z.string() }) });

export class AgentDesk {
  readonly spans: StatusSpan[] = [];
  readonly problems: string[] = [];
  /** Per wrap-up: the disposition save's round trip (PATCH /api/calls/:id, until it answered), real ms. */
  readonly saveRoundTripsMs: number[] = [];
  #socket: WebSocket | null = null;
  #current: StatusSpan | null = null;
  #wrapping = new Set<string>();
  #closed = false;

  constructor(
    readonly userId: string,
    private readonly cookie: string,
    private readonly config: DeskConfig,
  ) {}

  /** Opens the pool socket and goes available; resolves once the pool's first snapshot arrived. */
  open(): Promise<void> {
    const url = `${this.config.apiUrl.replace(/^http/, "ws")}/parties/agent-pool-actor/${this.config.organizationId}:pool`;
    const socket = new WebSocket(url, { headers: { cookie: this.cookie }, perMessageDeflate: false });
    this.#socket = socket;
    return new Promise((resolve, reject) => {
      let first = true;
      socket.on("open", () => this.#send({ type: "set_presence", status: "available" }));
      socket.on("message", (data) => {
        this.#receive(String(data));
        if (first) {
          first = false;
          resolve();
        }
      });
      socket.on("unexpected-response", (_request, response) => reject(new Error(`pool socket upgrade answered ${response.statusCode}`)));
      socket.on("error", (error) => (first ? reject(error) : this.#problem(`socket: ${error.message}`)));
      socket.on("close", () => {
        if (!this.#closed) this.#problem("the pool socket closed");
      });
    });
  }

  close(nowMs = Date.now()): void {
    this.#closed = true;
    if (this.#current) this.#current.toMs = nowMs;
    this.#current = null;
    this.#socket?.close();
  }

  #send(message: PoolClientMessage): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #problem(text: string): void {
    if (this.problems.length < 20) this.problems.push(text);
  }

  #receive(text: string): void {
    const atMs = Date.now();
    const parsed = poolServerMessage.safeParse(JSON.parse(text));
    if (!parsed.success) return this.#problem(`unreadable pool message: ${parsed.error.issues[0]?.message ?? ""}`);
    const message = parsed.data;
    if (message.type === "error") return this.#problem(`pool error ${message.code}: ${message.message}`);
    const me = message.members.find((m) => m.userId === this.userId);
    if (!me || this.#closed) return;
    if (this.#current && this.#current.status === me.status && this.#current.callId === me.callId) return;
    if (this.#current) this.#current.toMs = atMs;
    this.#current = { userId: this.userId, status: me.status, callId: me.callId, fromMs: atMs, toMs: null };
    this.spans.push(this.#current);
    if (me.status === "wrap_up" && me.callId && !this.#wrapping.has(me.callId)) {
      this.#wrapping.add(me.callId);
      void this.#wrapUp(me.callId).catch((error: unknown) => this.#problem(`wrap-up of ${me.callId}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** Wraps up for the lead's time, saves the disposition (which ends wrap-up), and goes available. */
  async #wrapUp(callId: string): Promise<void> {
    const startedMs = Date.now();
    const call = await this.#callOf(callId);
    const wrapMs = (this.config.wrapSecondsFor(call.to) * 1000) / this.config.speed;
    await sleep(Math.max(0, startedMs + wrapMs - Date.now()));
    const saveStartedMs = Date.now();
    for (let attempt = 1; ; attempt++) {
      const response = await this.#api("PATCH", `/api/calls/${callId}`, { disposition: "refused" });
      if (response.ok) {
        this.saveRoundTripsMs.push(Date.now() - saveStartedMs);
        break;
      }
      if (attempt >= SAVE_ATTEMPTS) throw new Error(`saving the disposition answered ${response.status}: ${await response.text()}`);
      await sleep(SAVE_RETRY_MS);
    }
    // Saving ends the wrap-up; if the pool has not said so yet, ask (never once the next call came).
    if (this.#current?.status === "wrap_up" && this.#current.callId === callId) this.#send({ type: "set_presence", status: "available" });
  }

  /** The call's row (its number tells the lead); the row may reach Postgres a moment after the pool said so. */
  async #callOf(callId: string): Promise<{ id: string; to: string }> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.#api("GET", `/api/calls/${callId}`);
      if (response.ok) return callBody.parse(await response.json()).call;
      if (attempt >= SAVE_ATTEMPTS) throw new Error(`reading the call answered ${response.status}`);
      await sleep(CALL_LOOKUP_RETRY_MS);
    }
  }

  #api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.config.apiUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
