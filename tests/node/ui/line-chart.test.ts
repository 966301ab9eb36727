import { describe, expect, it } from "vitest";
import { linePath, pointsInWindow, valueRange, xOf, yOf, type ChartFrame } from "../../../ui/src/lib/line-chart";

const frame: ChartFrame = { from: 0, to: 60_000, yMin: 0, yMax: 10, width: 300, height: 100, maxGapMs: 15_000 };

describe("line chart geometry", () => {
  it("maps the window to the width and values bottom-up to the height", () => {
    expect(xOf(0, frame)).toBe(0);
    expect(xOf(30_000, frame)).toBe(150);
    expect(xOf(60_000, frame)).toBe(300);
    expect(yOf(0, frame)).toBe(100);
    expect(yOf(10, frame)).toBe(0);
    expect(yOf(25, frame)).toBe(0);
  });

  it("draws one line through evenly spaced points", () => {
    const points = [0, 10_000, 20_000].map((at, i) => ({ at, value: i * 5 }));
    expect(linePath(points, frame)).toBe("M0 100 L50 50 L100 0");
  });

  it("breaks the line where samples are missing, and shows a lone point", () => {
    const points = [
      { at: 0, value: 0 },
      { at: 10_000, value: 0 },
      { at: 40_000, value: 10 },
    ];
    expect(linePath(points, frame)).toBe("M0 100 L50 100 M200 0 h0.1");
  });

  it("keeps only points inside the window, in time order", () => {
    const points = [
      { at: 70_000, value: 1 },
      { at: 20_000, value: 2 },
      { at: -1, value: 3 },
      { at: 10_000, value: Number.NaN },
      { at: 5_000, value: 4 },
    ];
    expect(pointsInWindow(points, 0, 60_000).map((p) => p.at)).toEqual([5_000, 20_000]);
  });

  it("keeps a reference value (the cap) in range, with headroom", () => {
    expect(valueRange([0.01, 0.02], { atLeast: 0.03 })).toEqual({ yMin: 0, yMax: expect.closeTo(0.033, 6) });
    expect(valueRange([])).toEqual({ yMin: 0, yMax: 1 });
  });
});
