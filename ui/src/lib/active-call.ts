// Which call the agent workspace is showing, kept in this tab's sessionStorage so a reload in the
// middle of a call (or of its wrap-up) brings the call back instead of losing the Hang up button.
// Stored with the organisation, so another login in the same tab never inherits it.
const KEY = "wib.activeCall";

export function rememberActiveCall(organizationId: string, callId: string): void {
  try {
    sessionStorage.setItem(KEY, `${organizationId}:${callId}`);
  } catch {
    // Storage can be disabled (private mode, policy); the workspace then simply forgets on reload.
  }
}

export function forgetActiveCall(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // See rememberActiveCall.
  }
}

/** The remembered call of this organisation, if any. */
export function recallActiveCall(organizationId: string): string | null {
  try {
    const stored = sessionStorage.getItem(KEY);
    const prefix = `${organizationId}:`;
    return stored?.startsWith(prefix) ? stored.slice(prefix.length) || null : null;
  } catch {
    return null;
  }
}
