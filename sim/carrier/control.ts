// The control API (/control/*): no auth, loopback callers only. Lets a person, a test
// or a load generator see and steer the simulated world: personas and who answers
// which number, inbound calls, chaos, speed, seed, the manual clock, and the logs of
// calls, commands, webhook deliveries and messages. Errors use the project's own shape
// ({ error: { code, message } }); this is not Telnyx's API.
import type http from "node:http";
import type { z } from "zod";
import type { TelnyxApi } from "./api.ts";
import type { Carrier } from "./carrier.ts";
import { legView } from "./calls.ts";
import { sayOnLeg } from "./hearing.ts";
import { isLoopback, parseJsonBody, readBody, sendJson } from "./http.ts";
import { DEFAULT_INBOUND_PERSONA, DEFAULT_PERSONA, NUMBER_PLAN } from "./personas.ts";
import {
  advanceSchema,
  manualNumbersSchema,
  assignNumberSchema,
  chaosSchema,
  inboundSchema,
  rehearsalSchema,
  sayLineSchema,
  seedSchema,
  speedSchema,
  webhookUrlSchema,
  workloadPlanSchema,
} from "./validation.ts";
import { parseWorkload } from "../../objects/campaign/pacing/simulation/workload.ts";
import { currentRehearsal, endRehearsal, namedWorkload, startRehearsal } from "./rehearsal-floor.ts";

/** The plan in force, as the control API shows it. */
function workloadPlanView(carrier: Carrier) {
  const plan = carrier.workloadPlan;
  if (!plan) return null;
  return {
    workload: plan.spec.workload.name,
    seed: plan.spec.seed,
    number_prefix: plan.spec.numberPrefix,
    started_at: new Date(plan.startedAtMs).toISOString(),
    dialled: plan.dialled,
  };
}

const NUMBER_PATH = /^\/control\/numbers\/([^/]+)$/;
const SAY_PATH = /^\/control\/calls\/([^/]+)\/say$/;
const DIALLABLE = /^(\+[1-9]\d{1,14}|sips?:[^@\s]+@\S+)$/;

type Reply = { status: number; body: unknown };
const ok = (body: unknown, status = 200): Reply => ({ status, body });
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

export interface ControlDeps {
  carrier: Carrier;
  api: TelnyxApi;
  baseUrl: string;
}

export async function handleControl(deps: ControlDeps, request: http.IncomingMessage, response: http.ServerResponse, path: string): Promise<void> {
  if (!isLoopback(request)) {
    request.resume();
    return sendJson(response, 403, { error: { code: "forbidden", message: "The control API answers loopback callers only" } });
  }
  const text = await readBody(request);
  const body = parseJsonBody(text);
  const reply = body.ok
    ? await route(deps, request.method ?? "GET", path, body.value)
    : error(400, "invalid_json", "The request body is not valid JSON");
  sendJson(response, reply.status, reply.body);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; reply: Reply } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return { ok: false, reply: error(422, "invalid_body", message) };
}

async function route({ carrier, api, baseUrl }: ControlDeps, method: string, path: string, input: unknown): Promise<Reply> {
  const { ctx, settings } = carrier;
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /control":
      return ok({
        clock: carrier.scheduler.mode,
        manual_clock_numbers: carrier.numberClocks.numbers(),
        now: new Date(carrier.scheduler.now()).toISOString(),
        speed: settings.speed,
        speed_by_number: Object.fromEntries(settings.speedByNumber),
        speed_by_prefix: Object.fromEntries(settings.speedByPrefix),
        seed: settings.seed,
        chaos: settings.chaos,
        webhook_url: settings.defaultWebhookUrl,
        base_url: baseUrl,
        public_key: carrier.signer.publicKeyBase64,
      });
    case "GET /control/telephony-credentials":
      return ok({ credentials: carrier.telephonyCredentials.controlView() });
    case "GET /control/personas":
      return ok({
        personas: ctx.personas.list(),
        number_plan: NUMBER_PLAN,
        default_persona: DEFAULT_PERSONA,
        default_inbound_persona: DEFAULT_INBOUND_PERSONA,
        assignments: ctx.personas.assignments(),
      });
    case "POST /control/inbound": {
      const parsed = parse(inboundSchema, input);
      if (!parsed.ok) return parsed.reply;
      const { from, to, persona: spec, connection_id, webhook_url } = parsed.value;
      const resolved = spec === undefined ? { ok: true as const, persona: ctx.personas.forCaller(from) } : ctx.personas.resolve(spec, DEFAULT_INBOUND_PERSONA);
      if (!resolved.ok) return error(422, "unknown_persona", resolved.message);
      const leg = carrier.startInboundCall({ from, to, persona: resolved.persona, connectionId: connection_id, webhookUrl: webhook_url ?? null });
      return ok({ call: legView(leg, (id) => ctx.recordings.get(id), settings.origin, carrier.scheduler.now()) }, 201);
    }
    case "GET /control/chaos":
      return ok({ chaos: settings.chaos });
    case "PUT /control/chaos": {
      const parsed = parse(chaosSchema, input);
      return parsed.ok ? ok({ chaos: carrier.setChaos(parsed.value) }) : parsed.reply;
    }
    case "PUT /control/speed": {
      const parsed = parse(speedSchema, input);
      if (!parsed.ok) return parsed.reply;
      carrier.setSpeed(parsed.value.factor, parsed.value.numbers);
      return ok({ speed: settings.speed, speed_by_number: Object.fromEntries(settings.speedByNumber) });
    }
    case "PUT /control/seed": {
      const parsed = parse(seedSchema, input);
      if (!parsed.ok) return parsed.reply;
      carrier.setSeed(parsed.value.seed);
      return ok({ seed: settings.seed });
    }
    case "POST /control/clock/manual": {
      const parsed = parse(manualNumbersSchema, input);
      if (!parsed.ok) return parsed.reply;
      carrier.numberClocks.holdManual(parsed.value.numbers);
      return ok({ manual_clock_numbers: carrier.numberClocks.numbers() });
    }
    case "POST /control/clock/advance": {
      const parsed = parse(advanceSchema, input);
      if (!parsed.ok) return parsed.reply;
      const { ms, number } = parsed.value;
      if (number !== undefined) {
        if (!(await carrier.numberClocks.advance(number, ms))) return error(409, "real_clock", `${number} is on the simulator's clock; put it on a manual one first (POST /control/clock/manual)`);
        return ok({ number });
      }
      if (carrier.scheduler.mode !== "manual") return error(409, "real_clock", "The simulator runs on the real clock; start it with clock: \"manual\" to drive time");
      await carrier.scheduler.advance(ms);
      return ok({ now: new Date(carrier.scheduler.now()).toISOString() });
    }
    case "PUT /control/webhook-url": {
      const parsed = parse(webhookUrlSchema, input);
      if (!parsed.ok) return parsed.reply;
      carrier.setWebhookUrl(parsed.value.url);
      return ok({ webhook_url: settings.defaultWebhookUrl });
    }
    case "GET /control/calls":
      return ok({ calls: carrier.callsView() });
    case "GET /control/commands":
      return ok({ commands: carrier.commands.list() });
    case "GET /control/webhooks":
      return ok({ deliveries: ctx.webhooks.log() });
    case "GET /control/messages":
      return ok({ messages: carrier.listMessages() });
    case "GET /control/payments":
      return ok({ payments: carrier.personaPayments.list() });
    case "GET /control/workload-plan":
      return ok({ plan: workloadPlanView(carrier) });
    case "PUT /control/workload-plan": {
      const parsed = parse(workloadPlanSchema, input);
      if (!parsed.ok) return parsed.reply;
      const workload = parseWorkload(parsed.value.workload, "workload");
      if (!workload.ok) return error(422, "invalid_body", workload.message);
      const { number_prefix, seed } = parsed.value;
      carrier.setWorkloadPlan({ workload: workload.workload, seed: seed ?? workload.workload.seed, numberPrefix: number_prefix });
      return ok({ plan: workloadPlanView(carrier) });
    }
    case "DELETE /control/workload-plan":
      carrier.setWorkloadPlan(null);
      return ok({ plan: null });
    case "GET /control/rehearsals":
      return ok({ rehearsal: currentRehearsal(carrier)?.view() ?? null });
    case "POST /control/rehearsals": {
      const parsed = parse(rehearsalSchema, input);
      if (!parsed.ok) return parsed.reply;
      const body = parsed.value;
      const workload = typeof body.workload === "string" ? await namedWorkload(body.workload) : parseWorkload(body.workload, "workload");
      if (!workload.ok) return error(422, "invalid_body", workload.message);
      const floor = await startRehearsal(
        carrier,
        {
          apiUrl: body.api_url.replace(/\/+$/, ""),
          organizationId: body.organization_id,
          campaignId: body.campaign_id,
          agents: body.agents.map((a) => ({ userId: a.user_id, session: a.session, address: a.address })),
          runnerSession: body.runner_session,
          workload: workload.workload,
          seed: body.seed ?? workload.workload.seed,
          speed: body.speed,
          minutes: body.minutes,
          numberPrefix: body.number_prefix,
        },
        ctx.log,
      );
      return ok({ rehearsal: floor.view() }, 201);
    }
    case "DELETE /control/rehearsals":
      await endRehearsal(carrier, "ended through the control API");
      return ok({ rehearsal: null });
    case "POST /control/reset":
      await endRehearsal(carrier, "the simulator was reset");
      api.flushDeferred();
      carrier.reset();
      return ok({ ok: true });
  }
  const sayMatch = SAY_PATH.exec(path);
  if (sayMatch && method === "POST") {
    const leg = ctx.calls.get(decodeURIComponent(sayMatch[1]!));
    if (!leg || leg.phase === "ended") return error(404, "not_found", "No live leg with that call_control_id");
    const parsed = parse(sayLineSchema, input);
    if (!parsed.ok) return parsed.reply;
    return ok({ heard_by: sayOnLeg(ctx, leg, parsed.value.text) });
  }
  const numberMatch = NUMBER_PATH.exec(path);
  if (numberMatch && method === "PUT") {
    const number = decodeURIComponent(numberMatch[1]!);
    if (!DIALLABLE.test(number)) return error(422, "invalid_number", `${number} is neither an E.164 number nor a sip: URI`);
    const parsed = parse(assignNumberSchema, input);
    if (!parsed.ok) return parsed.reply;
    const resolved = ctx.personas.resolve(parsed.value.persona, DEFAULT_PERSONA);
    if (!resolved.ok) return error(422, "unknown_persona", resolved.message);
    ctx.personas.assign(number, resolved.persona);
    return ok({ number, persona: resolved.persona });
  }
  return error(404, "not_found", `No control route ${method} ${path}`);
}
