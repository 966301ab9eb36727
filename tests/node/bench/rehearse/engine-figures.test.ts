// Which read of the engine's figures a rehearsal reports (engine-figures.ts laterUnlessForgotten):
// the one after the shift's last dials resolved, unless an actor forgot its timings meanwhile.
import { describe, expect, it } from "vitest";
import { laterUnlessForgotten } from "../../../../bench/rehearse/engine-figures";

const read = (ticks: number, reservations: number) => ({
  campaign: { tickMs: { count: ticks, p50: 5, p99: 9, max: 9 }, tickLatenessMs: { count: ticks, p50: 0, p99: 1, max: 1 } },
  pool: { reservationMs: { count: reservations, p50: 1, p99: 2, max: 2 } },
});

describe("the engine's figures a rehearsal reports", () => {
  it("are the later read, which counts the reservations made for the shift's calls after it ended", () => {
    const atEnd = read(180, 5);
    const later = read(180, 6);
    expect(laterUnlessForgotten(atEnd, later)).toBe(later);
  });

  it("are the shift end's when an actor forgot its timings in between, or the later read failed", () => {
    const atEnd = read(180, 5);
    expect(laterUnlessForgotten(atEnd, read(0, 6))).toBe(atEnd);
    expect(laterUnlessForgotten(atEnd, read(180, 0))).toBe(atEnd);
    expect(laterUnlessForgotten(atEnd, null)).toBe(atEnd);
    const only = read(1, 1);
    expect(laterUnlessForgotten(null, only)).toBe(only);
  });
});
