// Reads one socket frame into a protocol message with the protocol's own zod schema, or
// null if it is not one: live views never render half a message or crash on a bad frame.
import type { z } from "zod";

export function readFrame<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
