// Reads one frame from the AgentPoolActor socket into a PoolServerMessage, or null if it is not
// one, using the protocol's own zod schema: the board never renders half a member or crashes on a
// malformed frame.
import { poolServerMessage, type PoolServerMessage } from "$protocol/agent-pool/protocol";

export function readPoolServerMessage(data: unknown): PoolServerMessage | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = poolServerMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}
