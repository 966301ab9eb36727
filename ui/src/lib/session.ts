// Loading the logged-in session (GET /api/auth/me) for load functions, and where to go after login.
import { error, redirect } from "@sveltejs/kit";
import type { SessionProfile } from "$contracts/auth";
import { api, ApiError } from "./api";

/** The console runs on a person's session: the profile always has its user. */
export type Session = SessionProfile;

/**
 * Resolves the session or redirects to /login (remembering where the user was going).
 * Other failures become SvelteKit errors so the error page can explain them.
 */
export async function requireSession(fetchFn: typeof fetch, returnTo: string): Promise<Session> {
  try {
    const profile = await api.get("/api/auth/me", { fetch: fetchFn });
    // Only an API key has no user, and the console never sends one.
    if (!profile.user) error(403, { message: "The console needs a person's session, not an API key", code: "forbidden" });
    return { ...profile, user: profile.user };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      const next = returnTo === "/" ? "" : `?next=${encodeURIComponent(returnTo)}`;
      redirect(307, `/login${next}`);
    }
    if (e instanceof ApiError) {
      const status = e.status >= 400 && e.status <= 599 ? e.status : 503;
      error(status, { message: e.message, code: e.code });
    }
    throw e;
  }
}

/** Only same-origin paths are followed after login, so a crafted ?next= cannot send users away. */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
