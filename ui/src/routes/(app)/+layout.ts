// Every logged-in page needs the session; loading it here once means pages never fetch it again.
// untrack: the return path is only for the login redirect, so navigating between pages of the
// group must not re-run this load (it would refetch /api/auth/me on every click).
import { requireSession } from "$lib/session";
import type { LayoutLoad } from "./$types";

export const load: LayoutLoad = async ({ fetch, url, untrack }) => {
  const returnTo = untrack(() => url.pathname + url.search);
  return { session: await requireSession(fetch, returnTo) };
};
