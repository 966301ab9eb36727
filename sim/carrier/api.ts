// The Telnyx API subset over HTTP (/v2/*): bearer auth, dial, call actions, messages, and the
// softphone's telephony credentials and tokens.
// Every command runs the same course, logged at the end: validate (422) → acknowledge a
// duplicate command_id without acting → refuse a gone call (422 90018) → command chaos
// (a 500 that performs nothing) → perform → answer, late if chaos says so.
import type http from "node:http";
import { performAction } from "./actions.ts";
import type { Carrier } from "./carrier.ts";
import { drawCommandChaos, isDuplicate, type CommandChaos, type CommandKind, type CommandOutcome } from "./commands.ts";
import { parseJsonBody, readBody, sendJson } from "./http.ts";
import type { TimerId } from "./scheduler.ts";
import { actionSchemas, dialSchema, isActionName, messageSchema, telephonyCredentialSchema, telnyxErrorsFrom, type ActionName } from "./validation.ts";
import { callEndedError, invalidStateError, type TelnyxError, type TelnyxErrorBody } from "./wire.ts";

const ACTION_PATH = /^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/;
const CREDENTIAL_PATH = /^\/v2\/telephony_credentials\/([^/]+)$/;
const CREDENTIAL_TOKEN_PATH = /^\/v2\/telephony_credentials\/([^/]+)\/token$/;
const OK = { data: { result: "ok" } } as const;

export interface ApiOptions {
  /** When set, the only bearer token accepted; otherwise any non-empty one. */
  apiKey?: string;
}

interface CommandRecord {
  kind: CommandKind;
  callControlId: string | null;
  commandId: string | null;
}

export class TelnyxApi {
  /** Chaos-delayed replies, sent at once on reset or close. */
  private readonly deferred = new Map<TimerId, () => void>();

  constructor(
    private readonly carrier: Carrier,
    private readonly options: ApiOptions,
  ) {}

  async handle(request: http.IncomingMessage, response: http.ServerResponse, path: string): Promise<void> {
    const method = request.method ?? "GET";
    const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1]?.trim();
    if (!auth || (this.options.apiKey !== undefined && auth !== this.options.apiKey)) {
      request.resume();
      return this.fail(response, 401, [
        { code: "10009", title: "Authentication failed", detail: "The API key in the Authorization header (Bearer) is missing or not valid." },
      ]);
    }
    const text = await readBody(request);
    const body = parseJsonBody(text);
    if (!body.ok) return this.fail(response, 400, [{ code: "10015", title: "Bad Request", detail: "The request body is not valid JSON." }]);

    if (method === "POST" && path === "/v2/calls") return this.dial(response, body.value);
    if (method === "POST" && path === "/v2/messages") return this.message(response, body.value);
    if (path.startsWith("/v2/telephony_credentials")) return this.telephonyCredential(response, method, path, new URL(request.url ?? "/", "http://carrier.local").searchParams, body.value);
    const action = ACTION_PATH.exec(path);
    if (action && (method === "POST" || method === "PUT") && isActionName(action[2]!)) {
      return this.action(response, decodeURIComponent(action[1]!), action[2], body.value);
    }
    return this.fail(response, 404, [{ code: "10005", title: "Resource not found", detail: `The simulator does not implement ${method} ${path}.` }]);
  }

  /** Answers every chaos-delayed reply now. */
  flushDeferred(): void {
    for (const [id, send] of this.deferred) {
      this.carrier.scheduler.cancel(id);
      send();
    }
    this.deferred.clear();
  }

  private dial(response: http.ServerResponse, input: unknown): void {
    const parsed = dialSchema.safeParse(input);
    const record: CommandRecord = { kind: "dial", callControlId: null, commandId: commandIdOf(input) };
    if (!parsed.success) return this.refuse(response, record, 422, telnyxErrorsFrom(parsed.error, input));
    const params = parsed.data;
    const nowMs = this.carrier.scheduler.now();
    const earlier = this.carrier.dials.recall(params.connection_id, params.command_id, nowMs);
    if (earlier) {
      this.log({ ...record, callControlId: earlier.call_control_id }, "duplicate", 200, null);
      return sendJson(response, 200, { data: earlier });
    }
    const supervised = params.supervise_call_control_id ? this.carrier.ctx.calls.get(params.supervise_call_control_id) : undefined;
    if (params.supervise_call_control_id && (!supervised || supervised.phase === "ended")) {
      return this.refuse(response, record, 422, [{ ...invalidStateError(`The call to supervise (${params.supervise_call_control_id}) is not active`), source: { pointer: "/supervise_call_control_id" } }]);
    }
    const chaos = drawCommandChaos(this.carrier.ctx.prng, this.carrier.settings.chaos);
    if (chaos === "failure") return this.chaosFailure(response, record);
    const data = this.carrier.placeCall(params);
    this.carrier.dials.remember(params.connection_id, params.command_id, data, nowMs);
    this.log({ ...record, callControlId: data.call_control_id }, "performed", 200, chaos);
    this.reply(response, 200, { data }, chaos);
  }

  private action(response: http.ServerResponse, callControlId: string, name: ActionName, input: unknown): void {
    const record: CommandRecord = { kind: name, callControlId, commandId: commandIdOf(input) };
    const leg = this.carrier.ctx.calls.get(callControlId);
    if (!leg) return this.refuse(response, record, 422, [callEndedError(callControlId)]);
    const parsed = actionSchemas[name].safeParse(input);
    if (!parsed.success) return this.refuse(response, record, 422, telnyxErrorsFrom(parsed.error, input));
    const nowMs = this.carrier.scheduler.now();
    const commandId = "command_id" in parsed.data ? parsed.data.command_id : undefined;
    // Before the ended check: a retried hangup whose first try worked is still "ok".
    if (isDuplicate(leg.performedCommands, commandId, nowMs)) {
      this.log(record, "duplicate", 200, null);
      return sendJson(response, 200, OK);
    }
    if (leg.phase === "ended") return this.refuse(response, record, 422, [callEndedError(callControlId)]);
    const chaos = drawCommandChaos(this.carrier.ctx.prng, this.carrier.settings.chaos);
    if (chaos === "failure") return this.chaosFailure(response, record);
    const result = performAction(this.carrier.ctx, leg, name, parsed.data);
    if (!result.ok) return this.refuse(response, record, 422, [result.error]);
    if (commandId) leg.performedCommands.set(commandId, nowMs);
    this.log(record, "performed", 200, chaos);
    this.reply(response, 200, OK, chaos);
  }

  private message(response: http.ServerResponse, input: unknown): void {
    const record: CommandRecord = { kind: "message", callControlId: null, commandId: null };
    const parsed = messageSchema.safeParse(input);
    if (!parsed.success) return this.refuse(response, record, 422, telnyxErrorsFrom(parsed.error, input));
    const message = this.carrier.sendMessage(parsed.data);
    this.log(record, "performed", 200, null, `message ${message.id} to ${parsed.data.to}`);
    sendJson(response, 200, { data: message });
  }

  /** The softphone's credentials: list (filter[name|tag|status|…]), create, token (text/plain), delete. No chaos: not a call's command. */
  private telephonyCredential(response: http.ServerResponse, method: string, path: string, query: URLSearchParams, input: unknown): void {
    const store = this.carrier.telephonyCredentials;
    const notFound = () => this.fail(response, 404, [{ code: "10005", title: "Resource not found", detail: "No such telephony credential." }]);
    if (path === "/v2/telephony_credentials" && method === "GET") {
      const filter = Object.fromEntries(["name", "tag", "status", "resource_id", "sip_username"].flatMap((field) => {
        const value = query.get(`filter[${field}]`);
        return value === null ? [] : [[field, value]];
      }));
      const data = store.list(filter);
      return sendJson(response, 200, { data, meta: { page_number: 1, page_size: data.length, total_pages: 1, total_results: data.length } });
    }
    if (path === "/v2/telephony_credentials" && method === "POST") {
      const parsed = telephonyCredentialSchema.safeParse(input);
      if (!parsed.success) return this.fail(response, 422, telnyxErrorsFrom(parsed.error, input));
      return sendJson(response, 200, { data: store.create(parsed.data) });
    }
    const token = CREDENTIAL_TOKEN_PATH.exec(path);
    if (token && method === "POST") {
      const jwt = store.createToken(decodeURIComponent(token[1]!));
      if (jwt === undefined) return notFound();
      response.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(jwt) });
      return void response.end(jwt);
    }
    const one = CREDENTIAL_PATH.exec(path);
    if (one && method === "DELETE") {
      const deleted = store.delete(decodeURIComponent(one[1]!));
      return deleted ? sendJson(response, 200, { data: deleted }) : notFound();
    }
    if (one && method === "GET") {
      const found = store.list({}).find((credential) => credential.id === decodeURIComponent(one[1]!));
      return found ? sendJson(response, 200, { data: found }) : notFound();
    }
    return this.fail(response, 404, [{ code: "10005", title: "Resource not found", detail: `The simulator does not implement ${method} ${path}.` }]);
  }

  private chaosFailure(response: http.ServerResponse, record: CommandRecord): void {
    const detail = "Simulated carrier failure (chaos): the command was not performed.";
    this.log(record, "chaos_failure", 500, "failure", detail);
    this.fail(response, 500, [{ code: "10007", title: "Unexpected error", detail }]);
  }

  private refuse(response: http.ServerResponse, record: CommandRecord, status: number, errors: TelnyxError[]): void {
    this.log(record, "rejected", status, null, errors.map((e) => e.detail).join("; "));
    this.fail(response, status, errors);
  }

  private reply(response: http.ServerResponse, status: number, body: unknown, chaos: CommandChaos | null): void {
    if (chaos !== "timeout") return sendJson(response, status, body);
    const send = () => sendJson(response, status, body);
    const id = this.carrier.scheduler.after(this.carrier.settings.chaos.commandTimeoutMs, "late command reply", () => {
      this.deferred.delete(id);
      send();
    });
    this.deferred.set(id, send);
  }

  private fail(response: http.ServerResponse, status: number, errors: TelnyxError[]): void {
    sendJson(response, status, { errors } satisfies TelnyxErrorBody);
  }

  private log(record: CommandRecord, outcome: CommandOutcome, status: number, chaos: CommandChaos | null, detail: string | null = null): void {
    this.carrier.commands.record({
      ...record,
      atMs: this.carrier.elapsedMs(),
      duplicate: outcome === "duplicate",
      outcome,
      status,
      chaos,
      detail,
    });
  }
}

function commandIdOf(input: unknown): string | null {
  if (input === null || typeof input !== "object" || !("command_id" in input)) return null;
  return typeof input.command_id === "string" ? input.command_id : null;
}
