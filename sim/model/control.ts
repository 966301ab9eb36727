// The model simulator's control API (/control/*, loopback callers only, no auth): the
// script, failures for the next requests, timing, seed, the manual clock, the request
// log and reset. Errors use the project's shape ({ error: { code, message } }).
import type http from "node:http";
import { z } from "zod";
import { isLoopback, parseJsonBody, readBody, sendJson } from "../carrier/http.ts";
import { failureSchema, timingSchema, type SimulatedModel } from "./model.ts";
import { scriptRuleSchema } from "./script.ts";

type Reply = { status: number; body: unknown };
const ok = (body: unknown, status = 200): Reply => ({ status, body });
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

const scriptSchema = z.strictObject({ rules: z.array(scriptRuleSchema) });
const seedSchema = z.strictObject({ seed: z.number().int().min(0).max(0xffffffff) });
const advanceSchema = z.strictObject({ ms: z.number().min(0).max(86_400_000) });

export async function handleModelControl(model: SimulatedModel, request: http.IncomingMessage, response: http.ServerResponse, path: string, baseUrl: string): Promise<void> {
  if (!isLoopback(request)) {
    request.resume();
    return sendJson(response, 403, { error: { code: "forbidden", message: "The control API answers loopback callers only" } });
  }
  const body = parseJsonBody(await readBody(request));
  const reply = body.ok ? await route(model, `${request.method ?? "GET"} ${path}`, body.value, baseUrl) : error(400, "invalid_json", "The request body is not valid JSON");
  sendJson(response, reply.status, reply.body);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; reply: Reply } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return { ok: false, reply: error(422, "invalid_body", message) };
}

export function controlView(model: SimulatedModel, baseUrl: string) {
  return {
    simulator: "model",
    baseUrl,
    model: model.settings.modelId,
    clock: model.scheduler.mode,
    nowMs: model.scheduler.now(),
    seed: model.settings.seed,
    timing: model.timing,
    rules: model.rules.map(({ rule, used }) => ({ ...rule, used })),
    pendingFailures: model.failures,
  };
}

async function route(model: SimulatedModel, key: string, input: unknown, baseUrl: string): Promise<Reply> {
  switch (key) {
    case "GET /control":
      return ok(controlView(model, baseUrl));
    case "GET /control/requests":
      return ok({ requests: model.requests });
    case "PUT /control/script": {
      const parsed = parse(scriptSchema, input);
      if (!parsed.ok) return parsed.reply;
      model.setRules(parsed.value.rules);
      return ok({ rules: parsed.value.rules.length });
    }
    case "DELETE /control/script":
      model.setRules([]);
      return ok({ rules: 0 });
    case "POST /control/failures": {
      const parsed = parse(failureSchema, input);
      if (!parsed.ok) return parsed.reply;
      model.addFailure(parsed.value);
      return ok({ pendingFailures: model.failures }, 201);
    }
    case "PUT /control/timing": {
      const parsed = parse(timingSchema, input);
      if (!parsed.ok) return parsed.reply;
      model.timing = { ...model.timing, ...parsed.value };
      return ok({ timing: model.timing });
    }
    case "PUT /control/seed": {
      const parsed = parse(seedSchema, input);
      if (!parsed.ok) return parsed.reply;
      model.reseed(parsed.value.seed);
      return ok({ seed: parsed.value.seed });
    }
    case "POST /control/clock/advance": {
      if (model.scheduler.mode !== "manual") return error(409, "real_clock", "The clock is real: only a simulator started with clock: \"manual\" can be advanced");
      const parsed = parse(advanceSchema, input);
      if (!parsed.ok) return parsed.reply;
      await model.scheduler.advance(parsed.value.ms);
      return ok({ nowMs: model.scheduler.now() });
    }
    case "POST /control/reset":
      model.reset();
      return ok(controlView(model, baseUrl));
    default:
      return error(404, "not_found", `No control route ${key}`);
  }
}
