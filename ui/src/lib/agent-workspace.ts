// What the agent workspace decides without a browser: which keyboard shortcuts set presence
// or act on a preview offer (and when to leave keys alone because the agent is typing), which dialer call to put on
// screen from the pool's view of "you", and how long the wrap-up has left. Pure: tested in node.
// Relative import (not $protocol): node tests and the root tsc read this file too.
import type { ChosenPresence, PoolMember } from "../../../objects/agent-pool/protocol";

/** The parts of a KeyboardEvent a shortcut looks at. */
export interface KeyPress {
  code: string;
  key?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  target?: unknown;
}

/** Where keys type text, so a shortcut must not take them. */
const TEXT_INPUT_TYPES = new Set(["", "text", "search", "email", "tel", "url", "password", "number", "date", "datetime-local", "time", "month", "week"]);

export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== "object" || target === null) return false;
  const element = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown };
  if (element.isContentEditable === true) return true;
  const tag = typeof element.tagName === "string" ? element.tagName.toUpperCase() : "";
  if (tag === "TEXTAREA") return true;
  if (tag !== "INPUT") return false;
  return TEXT_INPUT_TYPES.has(typeof element.type === "string" ? element.type.toLowerCase() : "");
}

/**
 * Alt+A available, Alt+B break, Alt+O offline. event.code, not event.key: Alt+A types "å"
 * on a Mac keyboard, but the physical key is KeyA.
 */
export const PRESENCE_SHORTCUTS: readonly { status: ChosenPresence; code: string; shortcut: string }[] = [
  { status: "available", code: "KeyA", shortcut: "Alt+A" },
  { status: "break", code: "KeyB", shortcut: "Alt+B" },
  { status: "offline", code: "KeyO", shortcut: "Alt+O" },
];

/** The presence a key press asks for, or null (other keys, other modifiers, or typing in a field). */
export const presenceShortcut = (press: KeyPress): ChosenPresence | null => altShortcut(press, PRESENCE_SHORTCUTS)?.status ?? null;

export type PreviewAction = "dial" | "skip";

/** Alt+D dials the offered lead, Alt+S skips it: the same modifier and rules as the presence keys. */
export const PREVIEW_SHORTCUTS: readonly { action: PreviewAction; code: string; shortcut: string }[] = [
  { action: "dial", code: "KeyD", shortcut: "Alt+D" },
  { action: "skip", code: "KeyS", shortcut: "Alt+S" },
];

/** The preview action a key press asks for, or null (other keys, other modifiers, or typing in a field). */
export const previewShortcut = (press: KeyPress): PreviewAction | null => altShortcut(press, PREVIEW_SHORTCUTS)?.action ?? null;

/** The entry of an Alt+key table a press matches: Alt alone, and never while typing in a field (the AI card uses it too). */
export function altShortcut<Entry extends { code: string }>(press: KeyPress, shortcuts: readonly Entry[]): Entry | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  if (isTypingTarget(press.target)) return null;
  return shortcuts.find((s) => s.code === press.code) ?? null;
}

/** The path of a preview action on a campaign. */
export const previewActionPath = (campaignId: string, action: PreviewAction) => `/api/campaigns/${encodeURIComponent(campaignId)}/preview/${action}`;

/**
 * The dialer call to put on the agent's screen: the pool says "you" are on it (or wrapping it
 * up), it is not already shown, and the agent has not finished with it in this tab. A queue
 * caller still ringing you (`ringingCallId`) is not yours until you accept: the ring card shows it.
 */
export function dialerCallToShow(me: Pick<PoolMember, "status" | "callId"> | null, shownCallId: string | null, finished: ReadonlySet<string>, ringingCallId: string | null = null): string | null {
  if (!me?.callId || (me.status !== "on_call" && me.status !== "wrap_up")) return null;
  if (me.callId === shownCallId || me.callId === ringingCallId || finished.has(me.callId)) return null;
  return me.callId;
}

/** The pool's wrap-up of the call on screen, as the wrap-up form shows it (times on this browser's clock). */
export interface WrapUpOnScreen {
  endsAt: number;
  dispositionOwed: boolean;
  /** What "I need more time" adds; 0: not offered. */
  extensionSeconds: number;
}

/** The wrap-up to show beside the call on screen: only while the pool has this agent wrapping up that call. */
export function wrapUpOnScreen(
  me: Pick<PoolMember, "status" | "callId" | "wrapUpEndsAt" | "dispositionOwed" | "wrapUpExtensionSeconds"> | null,
  shownCallId: string | null,
): WrapUpOnScreen | null {
  if (me?.status !== "wrap_up" || me.callId === null || me.callId !== shownCallId || me.wrapUpEndsAt === null) return null;
  return { endsAt: me.wrapUpEndsAt, dispositionOwed: me.dispositionOwed, extensionSeconds: me.wrapUpExtensionSeconds };
}

/**
 * Milliseconds past the end of a wrap-up that waits for its disposition (the agent is
 * overdue); null while time is left or when nothing is owed (the pool ends those itself).
 */
export function wrapUpOverdueMs(wrapUpEndsAt: number, dispositionOwed: boolean, nowMs: number): number | null {
  return dispositionOwed && nowMs >= wrapUpEndsAt ? nowMs - wrapUpEndsAt : null;
}

/** Milliseconds of wrap-up left (never negative). */
export function wrapUpRemainingMs(wrapUpEndsAt: number, nowMs: number): number {
  return Math.max(0, wrapUpEndsAt - nowMs);
}
