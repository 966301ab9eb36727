// The geometry of the room's small line charts (hand-written SVG, no chart library): a time
// window mapped to x, a value range to y, and the path through the points, broken where
// samples are missing so a gap in the data never reads as a straight trend.

export interface ChartPoint {
  /** Epoch ms. */
  at: number;
  value: number;
}

export interface ChartFrame {
  from: number;
  to: number;
  yMin: number;
  yMax: number;
  width: number;
  height: number;
  /** Points further apart than this start a new segment (ms). */
  maxGapMs: number;
}

/** The points inside the window, in time order. */
export function pointsInWindow(points: readonly ChartPoint[], from: number, to: number): ChartPoint[] {
  return points.filter((p) => p.at >= from && p.at <= to && Number.isFinite(p.value)).sort((a, b) => a.at - b.at);
}

/** A y range that holds every value and the floor/ceiling given (e.g. 0 and the cap), with headroom. */
export function valueRange(values: readonly number[], options: { floor?: number; atLeast?: number } = {}): { yMin: number; yMax: number } {
  const yMin = Math.min(options.floor ?? 0, ...values);
  const top = Math.max(options.atLeast ?? 0, ...values);
  const yMax = top > yMin ? top + (top - yMin) * 0.1 : yMin + 1;
  return { yMin, yMax };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function xOf(at: number, frame: ChartFrame): number {
  const span = frame.to - frame.from;
  return round(span > 0 ? ((at - frame.from) / span) * frame.width : frame.width);
}

export function yOf(value: number, frame: ChartFrame): number {
  const span = frame.yMax - frame.yMin;
  const clamped = Math.min(frame.yMax, Math.max(frame.yMin, value));
  return round(span > 0 ? frame.height - ((clamped - frame.yMin) / span) * frame.height : frame.height);
}

/** An SVG path ("M x y L x y …"); a lone point after a gap is drawn as a dot-length stroke. */
export function linePath(points: readonly ChartPoint[], frame: ChartFrame): string {
  const parts: string[] = [];
  let previous: ChartPoint | null = null;
  for (const point of points) {
    const x = xOf(point.at, frame);
    const y = yOf(point.value, frame);
    const startsSegment = previous === null || point.at - previous.at > frame.maxGapMs;
    parts.push(`${startsSegment ? "M" : "L"}${x} ${y}`);
    previous = point;
  }
  // A segment of one point draws nothing; give it a hair of length so round caps show it.
  return parts.map((part, i) => (part.startsWith("M") && (parts[i + 1] === undefined || parts[i + 1]!.startsWith("M")) ? `${part} h0.1` : part)).join(" ");
}
