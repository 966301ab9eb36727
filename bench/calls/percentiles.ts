// Latency summaries: nearest-rank percentiles over a sample of milliseconds.

export interface LatencySummary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (fraction: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted.at(-1)!) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
