// The organisation's queues (names, members and skills) and its people's names (a member
// who never opened a console is not on the pool's board); the live numbers come over the
// pool socket.
import { api, errorMessage } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch }) => {
  try {
    const [queues, members] = await Promise.all([api.get("/api/queues", { fetch }), api.get("/api/members", { fetch })]);
    return { queues: queues.queues, names: Object.fromEntries(members.members.map((m) => [m.userId, m.name])), queuesError: null };
  } catch (e) {
    return { queues: [], names: {} as Record<string, string>, queuesError: errorMessage(e) };
  }
};
