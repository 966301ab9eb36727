// The identity the Worker attaches to a room connection after checking the session.
// Actors trust only this header (the Worker strips any copy a client sends) and keep
// it on the connection, so it survives hibernation.
import { z } from "zod";
import { ROLES } from "../../domain/roles";

export const ROOM_IDENTITY_HEADER = "x-wib-room-identity";

export const roomIdentity = z.strictObject({
  organizationId: z.string().uuid(),
  userId: z.string().uuid(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type RoomIdentity = z.infer<typeof roomIdentity>;

export function readRoomIdentity(request: Request): RoomIdentity | null {
  const raw = request.headers.get(ROOM_IDENTITY_HEADER);
  if (!raw) return null;
  try {
    const parsed = roomIdentity.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
