// One pass at a time: requests during a pass queue exactly one more, requests before it
// starts join it with their options merged, and a failed pass does not stop later ones.
// Other work given to the same line runs alone, in the order it was asked for.
import { describe, expect, it } from "vitest";
import { OnePassAtATime } from "../../../../objects/shared/durable";

/** A pass the test finishes by hand, so overlap is decided by the test, not by timing. */
function manualPasses() {
  const started: { retryNow: boolean; finish: (error?: Error) => void }[] = [];
  let running = 0;
  let overlapped = false;
  const passes = new OnePassAtATime<{ retryNow: boolean }, number>(
    (options) =>
      new Promise<number>((resolve, reject) => {
        running++;
        if (running > 1) overlapped = true;
        const index = started.length;
        started.push({
          retryNow: options.retryNow,
          finish: (error) => {
            running--;
            if (error) reject(error);
            else resolve(index);
          },
        });
      }),
    (queued, joining) => ({ retryNow: queued.retryNow || joining.retryNow }),
  );
  return { passes, started, overlapped: () => overlapped };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("one pass at a time", () => {
  it("queues one pass behind a running one; later requests join it, options merged", async () => {
    const { passes, started, overlapped } = manualPasses();
    const first = passes.request({ retryNow: false });
    await settle();
    const webhook = passes.request({ retryNow: false });
    const alarm = passes.request({ retryNow: true });
    const another = passes.request({ retryNow: false });
    await settle();
    expect(started).toHaveLength(1);
    started[0]!.finish();
    expect(await first).toBe(0);
    await settle();
    expect(started).toHaveLength(2);
    expect(started[1]!.retryNow).toBe(true);
    started[1]!.finish();
    expect(await Promise.all([webhook, alarm, another])).toEqual([1, 1, 1]);
    expect(overlapped()).toBe(false);
  });

  it("runs the next pass after one that failed, and the failure reaches only its own requests", async () => {
    const { passes, started } = manualPasses();
    const failing = passes.request({ retryNow: false });
    await settle();
    const next = passes.request({ retryNow: false });
    started[0]!.finish(new Error("boom"));
    await expect(failing).rejects.toThrow("boom");
    await settle();
    started[1]!.finish();
    expect(await next).toBe(1);
  });

  it("runs other work alone: after the pass before it, before a pass asked for after it, never beside either", async () => {
    const { passes, started, overlapped } = manualPasses();
    const order: string[] = [];
    const first = passes.request({ retryNow: false }).then(() => order.push("pass 0"));
    await settle();
    let finishWork = () => undefined as void;
    const work = passes.alone(async () => {
      order.push("work starts");
      expect(started).toHaveLength(1);
      await new Promise<void>((resolve) => (finishWork = resolve));
      order.push("work ends");
      return "done";
    });
    const later = passes.request({ retryNow: true }).then(() => order.push("pass 1"));
    await settle();
    expect(order).toEqual([]);
    started[0]!.finish();
    await first;
    await settle();
    // The work runs, and the pass asked for after it has not started.
    expect(order).toEqual(["pass 0", "work starts"]);
    expect(started).toHaveLength(1);
    finishWork();
    expect(await work).toBe("done");
    await settle();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await later;
    expect(order).toEqual(["pass 0", "work starts", "work ends", "pass 1"]);
    expect(overlapped()).toBe(false);
  });

  it("keeps the line going after work that failed", async () => {
    const { passes, started } = manualPasses();
    await expect(passes.alone(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    const next = passes.request({ retryNow: false });
    await settle();
    started[0]!.finish();
    expect(await next).toBe(0);
  });
});
