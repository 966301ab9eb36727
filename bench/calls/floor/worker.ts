// The floor: the least a carrier webhook can cost on this workerd, for bench:calls --floor
// (floor/run.ts). A signed POST is verified as the engine verifies it (the engine's own
// telnyx-signature.ts), sent by RPC to one actor per call, stored with one SQLite insert,
// and sent as one small message to the call's one hibernated console socket; then 200.
// Nothing else: no fold, no view, no outbox, no alarm, no Postgres. What the engine spends
// above this, per webhook, is what its features and records cost.
import { DurableObject } from "cloudflare:workers";
import { signatureHeaders, verifyTelnyxSignature } from "../../../worker/webhooks/telnyx-signature.ts";

interface FloorEnv {
  FloorCall: DurableObjectNamespace<FloorCall>;
  TELNYX_PUBLIC_KEY: string;
  /** --floor-subrequest: one POST per webhook to this address (a carrier command's stand-in). */
  SUBREQUEST_URL?: string;
}

interface FloorEvent {
  id: string;
  type: string;
  occurredAt: string;
}

/** Call actors constructed in this isolate: a first start, or a start again after hibernation or eviction. */
let actorStarts = 0;

export class FloorCall extends DurableObject<FloorEnv> {
  constructor(ctx: DurableObjectState, env: FloorEnv) {
    super(ctx, env);
    actorStarts++;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, occurred_at TEXT NOT NULL)");
  }

  /** One insert (a duplicate is ignored, as the engine's inbox ignores it) and one message to each socket. */
  receive(event: FloorEvent): { duplicate: boolean } {
    const inserted = this.ctx.storage.sql.exec("INSERT OR IGNORE INTO events (id, type, occurred_at) VALUES (?, ?, ?)", event.id, event.type, event.occurredAt).rowsWritten;
    const message = JSON.stringify({ type: "event", eventId: event.id, eventType: event.type });
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
    return { duplicate: inserted === 0 };
  }

  override fetch(request: Request): Response {
    if (request.headers.get("upgrade") !== "websocket") return new Response("expected a WebSocket", { status: 426 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number): void {
    socket.close(code === 1005 ? 1000 : code, "bye");
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // The engine's health answer's keys, which scripts/lib/engine-url.ts checks to find the Worker past the proxy.
    if (url.pathname === "/api/health") return Response.json({ ok: true, db: "none", carrier: "none", actorStarts });
    const socketCall = /^\/calls\/([\w-]+)\/socket$/.exec(url.pathname)?.[1];
    if (socketCall) return env.FloorCall.get(env.FloorCall.idFromName(socketCall)).fetch(request);
    if (url.pathname !== "/webhooks/telnyx" || request.method !== "POST") return new Response("not found", { status: 404 });
    const raw = await request.text();
    try {
      await verifyTelnyxSignature(env.TELNYX_PUBLIC_KEY, raw, signatureHeaders(request.headers), Date.now());
    } catch {
      return Response.json({ error: { code: "unauthorized", message: "bad signature" } }, { status: 401 });
    }
    const webhook = JSON.parse(raw) as { data: { id: string; event_type: string; occurred_at: string; payload: { client_state: string } } };
    const callId = webhook.data.payload.client_state;
    const result = await env.FloorCall.get(env.FloorCall.idFromName(callId)).receive({ id: webhook.data.id, type: webhook.data.event_type, occurredAt: webhook.data.occurred_at });
    if (env.SUBREQUEST_URL) await (await fetch(env.SUBREQUEST_URL, { method: "POST", body: raw })).arrayBuffer();
    return Response.json({ received: true, duplicate: result.duplicate });
  },
} satisfies ExportedHandler<FloorEnv>;
