// Messages between the console and the AgentPoolActor (one per organisation).
// Imported by both objects/ and ui/; every message is validated with zod on arrival.
import { z } from "zod";

/** Presence an agent chooses. on_call and wrap_up are set by the dialer, not by hand. */
export const chosenPresence = z.enum(["available", "break", "offline"]);
export type ChosenPresence = z.infer<typeof chosenPresence>;

export const agentPresenceStatus = z.enum(["offline", "available", "on_call", "wrap_up", "break"]);
export type AgentPresenceStatus = z.infer<typeof agentPresenceStatus>;

export const poolClientMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set_presence"), status: chosenPresence }),
]);
export type PoolClientMessage = z.infer<typeof poolClientMessage>;

export interface PoolMember {
  userId: string;
  name: string;
  role: string;
  status: AgentPresenceStatus;
  /** Epoch milliseconds when the current status began. */
  statusSince: number;
  /** Number of console sockets this member has open right now. */
  connections: number;
}

export type PoolServerMessage =
  | { type: "snapshot"; you: { userId: string; role: string }; members: PoolMember[] }
  | { type: "error"; code: string; message: string };

/** The pool room of an organisation: room names always start with the org id. */
export const agentPoolRoomName = (organizationId: string) => `${organizationId}:pool`;
