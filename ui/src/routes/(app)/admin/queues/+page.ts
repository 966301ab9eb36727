// The organisation's queues, the people who may be members (names, and whether they take
// calls) and its teams (added to a queue a team at a time).
import { api, errorMessage } from "$lib/api";
import { takesCalls } from "$domain/roles";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch }) => {
  try {
    const [queues, members, teams] = await Promise.all([api.get("/api/queues", { fetch }), api.get("/api/members", { fetch }), api.get("/api/teams", { fetch })]);
    const people = members.members.map((m) => ({ userId: m.userId, name: m.name, takesCalls: takesCalls(m.role) }));
    return { queues: queues.queues, people, teams: teams.teams, loadError: null };
  } catch (e) {
    return { queues: [], people: [], teams: [], loadError: errorMessage(e) };
  }
};
