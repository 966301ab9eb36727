// Reads one frame from a CallActor room into a CallServerMessage, or null if it is not one, using
// the protocol's own zod schema: the live call view never renders half a call.
import { callServerMessage, type CallServerMessage } from "$protocol/call/protocol";

export function readCallServerMessage(data: unknown): CallServerMessage | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = callServerMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}
