import { describe, expect, it } from "vitest";
import {
  dialerCallToShow,
  isTypingTarget,
  presenceShortcut,
  previewActionPath,
  previewShortcut,
  wrapUpOnScreen,
  wrapUpOverdueMs,
  wrapUpRemainingMs,
  type KeyPress,
} from "../../../ui/src/lib/agent-workspace";

const press = (code: string, extra: Partial<KeyPress> = {}): KeyPress => ({ code, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...extra });

describe("presence shortcuts", () => {
  it("Alt+A, Alt+B and Alt+O set available, break and offline", () => {
    expect(presenceShortcut(press("KeyA"))).toBe("available");
    expect(presenceShortcut(press("KeyB"))).toBe("break");
    expect(presenceShortcut(press("KeyO"))).toBe("offline");
  });

  it("ignore other keys and other modifiers", () => {
    expect(presenceShortcut(press("KeyH"))).toBeNull();
    expect(presenceShortcut(press("KeyA", { altKey: false }))).toBeNull();
    expect(presenceShortcut(press("KeyA", { ctrlKey: true }))).toBeNull();
    expect(presenceShortcut(press("KeyA", { shiftKey: true }))).toBeNull();
  });

  it("stay quiet while the agent types in a text field", () => {
    expect(presenceShortcut(press("KeyA", { target: { tagName: "TEXTAREA" } }))).toBeNull();
    expect(presenceShortcut(press("KeyB", { target: { tagName: "INPUT", type: "text" } }))).toBeNull();
    expect(presenceShortcut(press("KeyO", { target: { tagName: "DIV", isContentEditable: true } }))).toBeNull();
    expect(presenceShortcut(press("KeyA", { target: { tagName: "BUTTON" } }))).toBe("available");
  });
});

describe("preview shortcuts", () => {
  it("Alt+D dials the offered lead and Alt+S skips it, never while typing or with other modifiers", () => {
    expect(previewShortcut(press("KeyD"))).toBe("dial");
    expect(previewShortcut(press("KeyS"))).toBe("skip");
    expect(previewShortcut(press("KeyA"))).toBeNull();
    expect(previewShortcut(press("KeyD", { ctrlKey: true }))).toBeNull();
    expect(previewShortcut(press("KeyD", { altKey: false }))).toBeNull();
    expect(previewShortcut(press("KeyS", { target: { tagName: "TEXTAREA" } }))).toBeNull();
  });

  it("never collide with the presence keys", () => {
    for (const code of ["KeyD", "KeyS"]) expect(presenceShortcut(press(code))).toBeNull();
    expect(previewActionPath("c 1", "dial")).toBe("/api/campaigns/c%201/preview/dial");
  });
});

describe("what counts as typing", () => {
  it("text-like inputs, text areas and editable content; not buttons, radios or checkboxes", () => {
    for (const type of ["text", "number", "date", "datetime-local", "email", "search", ""]) {
      expect(isTypingTarget({ tagName: "INPUT", type }), type).toBe(true);
    }
    expect(isTypingTarget({ tagName: "input", type: "TEXT" })).toBe(true);
    for (const type of ["radio", "checkbox", "button", "submit"]) {
      expect(isTypingTarget({ tagName: "INPUT", type }), type).toBe(false);
    }
    expect(isTypingTarget({ tagName: "BUTTON" })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget("INPUT")).toBe(false);
  });
});

describe("the dialer call that pops", () => {
  it("is the pool's call for you when you are on it or wrapping it up", () => {
    expect(dialerCallToShow({ status: "on_call", callId: "c1" }, null, new Set())).toBe("c1");
    expect(dialerCallToShow({ status: "wrap_up", callId: "c1" }, null, new Set())).toBe("c1");
    // A queue caller still ringing the agent is not theirs until they accept: the ring card shows it.
    expect(dialerCallToShow({ status: "on_call", callId: "c1" }, null, new Set(), "c1")).toBeNull();
    expect(dialerCallToShow({ status: "on_call", callId: "c1" }, null, new Set(), "c9")).toBe("c1");
  });

  it("is nothing when it is already on screen, finished with, or you are not on a call", () => {
    expect(dialerCallToShow({ status: "on_call", callId: "c1" }, "c1", new Set())).toBeNull();
    expect(dialerCallToShow({ status: "wrap_up", callId: "c1" }, null, new Set(["c1"]))).toBeNull();
    expect(dialerCallToShow({ status: "available", callId: null }, null, new Set())).toBeNull();
    expect(dialerCallToShow({ status: "available", callId: "stale" }, null, new Set())).toBeNull();
    expect(dialerCallToShow(null, null, new Set())).toBeNull();
  });

  it("replaces a different call on screen: the new customer is already talking", () => {
    expect(dialerCallToShow({ status: "on_call", callId: "c2" }, "c1", new Set(["c1"]))).toBe("c2");
  });
});

describe("the wrap-up countdown", () => {
  it("counts down to zero and stays there", () => {
    expect(wrapUpRemainingMs(30_000, 5_000)).toBe(25_000);
    expect(wrapUpRemainingMs(30_000, 31_000)).toBe(0);
  });
});

describe("an overdue wrap-up", () => {
  it("is overdue only when the disposition is owed and the time is up, counting the time over", () => {
    expect(wrapUpOverdueMs(30_000, true, 29_000)).toBeNull();
    expect(wrapUpOverdueMs(30_000, true, 42_000)).toBe(12_000);
    expect(wrapUpOverdueMs(30_000, false, 42_000)).toBeNull();
  });
});

describe("the wrap-up beside the call on screen", () => {
  const me = { status: "wrap_up" as const, callId: "c1", wrapUpEndsAt: 30_000, dispositionOwed: true, wrapUpExtensionSeconds: 45 };

  it("shows the pool's wrap-up of that call, with the extension on offer", () => {
    expect(wrapUpOnScreen(me, "c1")).toEqual({ endsAt: 30_000, dispositionOwed: true, extensionSeconds: 45 });
  });

  it("shows nothing for another call, or when not wrapping up", () => {
    expect(wrapUpOnScreen(me, "c2")).toBeNull();
    expect(wrapUpOnScreen({ ...me, status: "available", callId: null, wrapUpEndsAt: null }, "c1")).toBeNull();
    expect(wrapUpOnScreen(null, "c1")).toBeNull();
  });
});
