// The organisation's queues (names, members and skills); their live numbers come over the pool socket.
import { api, errorMessage } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch }) => {
  try {
    return { queues: (await api.get("/api/queues", { fetch })).queues, queuesError: null };
  } catch (e) {
    return { queues: [], queuesError: errorMessage(e) };
  }
};
