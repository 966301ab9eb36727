// Looks up the invite behind the link before showing the accept form. A dead link (unknown,
// expired, revoked, used) is shown on the page itself rather than as a generic error page.
import { api, errorMessage } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params }) => {
  try {
    const invite = await api.get("/api/invites/lookup/:token", { params: { token: params.token }, fetch });
    return { token: params.token, invite, lookupError: null };
  } catch (e) {
    return { token: params.token, invite: null, lookupError: errorMessage(e) };
  }
};
