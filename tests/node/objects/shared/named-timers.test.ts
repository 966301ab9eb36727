// Named timers behind one alarm, as plain code: the soonest wins and says its name, a
// due timer sets the alarm a moment ahead, and no timer deletes the alarm.
import { describe, expect, it } from "vitest";
import { KeptAlarm, setSoonestAlarm, soonestAlarm } from "../../../../objects/shared/durable";

describe("named timers", () => {
  it("picks the soonest timer and names it", () => {
    expect(soonestAlarm({ taskRetry: 5000, outboxRetry: null, watchdog: 3000, heartbeat: 60_000 }, 1000)).toEqual({ name: "watchdog", atMs: 3000 });
  });

  it("sets a timer that is already due a millisecond ahead, never in the past", () => {
    expect(soonestAlarm({ taskRetry: 500, outboxRetry: 1000 }, 1000)).toEqual({ name: "taskRetry", atMs: 1001 });
  });

  it("has nothing to say when no timer is set", () => {
    expect(soonestAlarm({ taskRetry: null, outboxRetry: null }, 1000)).toBeNull();
  });

  it("sets the storage alarm to the soonest, or deletes it", async () => {
    const alarm: { at: number | null } = { at: 42 };
    const storage = {
      setAlarm: async (at: number) => void (alarm.at = at),
      deleteAlarm: async () => void (alarm.at = null),
    };
    expect(await setSoonestAlarm(storage, { heartbeat: 61_000, outboxRetry: 2000 }, 1000)).toEqual({ name: "outboxRetry", atMs: 2000 });
    expect(alarm.at).toBe(2000);
    await setSoonestAlarm(storage, { heartbeat: null, outboxRetry: null }, 1000);
    expect(alarm.at).toBeNull();
  });

  it("writes the alarm only when its time changes, and again after it has run", async () => {
    const writes: (number | null)[] = [];
    const storage = { at: 42 as number | null };
    const alarm = new KeptAlarm({
      getAlarm: async () => storage.at,
      setAlarm: async (at: number) => void writes.push((storage.at = at)),
      deleteAlarm: async () => void writes.push((storage.at = null)),
    });
    expect(await alarm.getAlarm()).toBe(42);
    await setSoonestAlarm(alarm, { heartbeat: 61_000, outboxRetry: null }, 1000);
    await setSoonestAlarm(alarm, { heartbeat: 61_000, outboxRetry: null }, 2000);
    expect(writes).toEqual([61_000]);
    // The runtime clears a fired alarm: the next pass must set it, even to the same time.
    alarm.fired();
    storage.at = null;
    await setSoonestAlarm(alarm, { heartbeat: 61_000, outboxRetry: null }, 3000);
    await setSoonestAlarm(alarm, { heartbeat: null, outboxRetry: null }, 4000);
    await setSoonestAlarm(alarm, { heartbeat: null, outboxRetry: null }, 5000);
    expect(writes).toEqual([61_000, 61_000, null]);
    expect(storage.at).toBeNull();
  });

  it("with earlierStays, leaves an earlier alarm set rather than move it later or delete it, and writes again after it has run", async () => {
    const writes: (number | null)[] = [];
    const alarm = new KeptAlarm(
      { getAlarm: async () => null, setAlarm: async (at: number) => void writes.push(at), deleteAlarm: async () => void writes.push(null) },
      { earlierStays: true },
    );
    await setSoonestAlarm(alarm, { presence: 1001, wrapUpEnds: 60_000 }, 1000);
    // Each change asks for "now" again: the alarm already due fires and sets the next itself.
    await setSoonestAlarm(alarm, { presence: 1500, wrapUpEnds: 60_000 }, 1499);
    await setSoonestAlarm(alarm, { presence: null, wrapUpEnds: null }, 1600);
    expect(writes).toEqual([1001]);
    // Sooner than what is set: written.
    await setSoonestAlarm(alarm, { presence: null, wrapUpEnds: 900 }, 800);
    expect(writes).toEqual([1001, 900]);
    alarm.fired();
    await setSoonestAlarm(alarm, { presence: null, wrapUpEnds: 60_000 }, 2000);
    alarm.fired();
    await setSoonestAlarm(alarm, { presence: null, wrapUpEnds: null }, 61_000);
    expect(writes).toEqual([1001, 900, 60_000, null]);
  });
});
