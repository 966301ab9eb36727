// The one error shape every client sees, `{ error: { code, message, fields? } }`, and the
// codes it carries. The Worker's ApiError (../errors.ts) answers it; the console and the
// contract tests read it.
import { z } from "zod";

export const ERROR_CODES = [
  "validation_failed",
  "invalid_json",
  "payload_too_large",
  "unsupported_media_type",
  "unauthorized",
  "invalid_credentials",
  "forbidden",
  "not_found",
  "conflict",
  /** A save made against a version of the record that someone else's save has replaced. */
  "edited_elsewhere",
  "rate_limited",
  /** 402: the organisation's plan lacks the feature or the seats; the message names the plan needed. */
  "plan_required",
  "internal",
  "service_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldError = z.strictObject({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldError>;

export const errorBody = z.strictObject({
  error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string(), fields: z.array(fieldError).optional() }),
});
export type ErrorBody = z.infer<typeof errorBody>;
