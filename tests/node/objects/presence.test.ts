import { describe, expect, it } from "vitest";
import { afterLastConnectionClosed, choosePresence, initialPresence } from "../../../objects/agent-pool/presence";

describe("agent presence", () => {
  it("starts offline and moves to the chosen status with a new start time", () => {
    const start = initialPresence(1000);
    const change = choosePresence(start, "agent", "available", 5000);
    expect(change).toEqual({ ok: true, changed: true, record: { status: "available", statusSince: 5000 } });
  });

  it("choosing the current status again keeps the original start time", () => {
    const change = choosePresence({ status: "break", statusSince: 10 }, "agent", "break", 99);
    expect(change).toEqual({ ok: true, changed: false, record: { status: "break", statusSince: 10 } });
  });

  it("an agent on a call cannot click away from it", () => {
    const change = choosePresence({ status: "on_call", statusSince: 10 }, "agent", "offline", 99);
    expect(change).toMatchObject({ ok: false, code: "busy_on_call" });
  });

  it("viewers cannot take calls", () => {
    expect(choosePresence(initialPresence(0), "viewer", "available", 1)).toMatchObject({ ok: false, code: "not_allowed" });
  });

  it("closing the last console takes an available or resting agent offline, but never ends a call", () => {
    expect(afterLastConnectionClosed({ status: "available", statusSince: 1 }, 50)).toEqual({ status: "offline", statusSince: 50 });
    expect(afterLastConnectionClosed({ status: "break", statusSince: 1 }, 50)).toEqual({ status: "offline", statusSince: 50 });
    expect(afterLastConnectionClosed({ status: "on_call", statusSince: 1 }, 50)).toEqual({ status: "on_call", statusSince: 1 });
  });
});
