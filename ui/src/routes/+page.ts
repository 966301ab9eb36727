// `/` has no page of its own: it sends you to your role's home, or to /login if you are not in.
import { redirect } from "@sveltejs/kit";
import { homePathFor } from "$lib/roles";
import { requireSession } from "$lib/session";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch }) => {
  const session = await requireSession(fetch, "/");
  redirect(307, homePathFor(session.role));
};
