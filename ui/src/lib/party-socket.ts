// Opening a partysocket to an actor room (`/parties/<party>/<room>`) from the console, and what
// every live connection does when its socket drops: ask whether the session still stands.
import PartySocket from "partysocket";

export interface RoomSocketOptions {
  party: string;
  room: string;
  /** Close codes after which retrying is pointless (the room refused us for good). */
  finalCloseCodes?: readonly number[];
}

export function openRoomSocket({ party, room, finalCloseCodes = [] }: RoomSocketOptions): PartySocket {
  return new PartySocket({
    host: location.host,
    // partysocket guesses wss for any non-private host; follow the page instead so http dev hosts work.
    protocol: location.protocol === "https:" ? "wss" : "ws",
    party,
    room,
    shouldReconnectOnClose: (event) => !finalCloseCodes.includes(event.code),
  });
}

/**
 * A refused socket (expired session, removed member) looks like a drop to partysocket, which
 * would retry forever; ask the API whether the session still stands and go to login if not.
 * `stop` runs first, so the socket stops retrying before the page goes.
 */
export async function leaveIfSessionEnded(stop: () => void): Promise<void> {
  const response = await fetch("/api/auth/me", { credentials: "same-origin" }).catch(() => null);
  if (response?.status !== 401) return;
  stop();
  location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
}
