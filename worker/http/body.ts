// Reads and validates request bodies: JSON only, bounded size, zod-checked, with
// every rejection a 4xx naming the field. Oversized bodies are refused before parsing.
import type { z } from "zod";
import { ApiError, type FieldError } from "./errors";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** `maxBytes`: a route that takes whole files (an account CSV) may allow more than the default. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = MAX_JSON_BODY_BYTES): Promise<z.infer<S>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > maxBytes) throw bodyTooLarge(maxBytes);
  const bytes = await readAtMost(request, maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON", [{ path: "(body)", message: "invalid JSON" }]);
  }
  return parseWith(schema, parsed, "body");
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" | "params"): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error);
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  throw new ApiError(400, "validation_failed", `Invalid ${where}: ${summary}`, fields);
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: "unknown field" }));
    }
    return [{ path: base.length ? base.join(".") : "(body)", message: issue.message }];
  });
}

const bodyTooLarge = (maxBytes: number) =>
  new ApiError(413, "payload_too_large", `The body is larger than ${maxBytes} bytes`, [
    { path: "(body)", message: `at most ${maxBytes} bytes` },
  ]);

// Streams the body and stops as soon as it passes the limit, so a lying or missing
// Content-Length cannot make us buffer a huge upload.
async function readAtMost(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
