// Call recordings: when a recording ran, which spans were paused (record_pause /
// record_resume, e.g. while a card number is keyed in), which DTMF it would have
// captured, and the WAV file served at /recordings/<id>.wav. The file is 8 kHz mono
// 16-bit PCM carrying a quiet tone, exactly as long as the recorded (unpaused) time,
// capped at MAX_RECORDING_BYTES.

export const WAV_SAMPLE_RATE_HZ = 8_000;
const BYTES_PER_SAMPLE = 2;
const WAV_HEADER_BYTES = 44;
/** About 5 minutes 27 s of audio; longer recordings are cut (and say so). */
export const MAX_RECORDING_BYTES = 5 * 1024 * 1024;
const TONE_HZ = 440;
/** −40 dBFS: audible if you listen for it, clearly not speech. */
const TONE_AMPLITUDE = 328;

export interface PausedSpan {
  fromMs: number;
  toMs: number | null;
}

export interface Recording {
  id: string;
  callControlId: string;
  channels: "single" | "dual";
  format: "wav" | "mp3";
  startedAtMs: number;
  endedAtMs: number | null;
  pausedSpans: PausedSpan[];
  /** Digits keyed on the call while this recording was running and not paused. */
  capturedDtmf: string;
}

export function isPaused(recording: Recording): boolean {
  const last = recording.pausedSpans.at(-1);
  return last !== undefined && last.toMs === null;
}

export function pause(recording: Recording, atMs: number): void {
  if (!isPaused(recording)) recording.pausedSpans.push({ fromMs: atMs, toMs: null });
}

export function resume(recording: Recording, atMs: number): void {
  const last = recording.pausedSpans.at(-1);
  if (last && last.toMs === null) last.toMs = atMs;
}

export function finish(recording: Recording, atMs: number): void {
  resume(recording, atMs);
  recording.endedAtMs = atMs;
}

/** Recorded time: from start to end (or `nowMs`) minus every paused span. */
export function recordedMs(recording: Recording, nowMs: number): number {
  const endMs = recording.endedAtMs ?? nowMs;
  const pausedMs = recording.pausedSpans.reduce((sum, span) => sum + ((span.toMs ?? endMs) - span.fromMs), 0);
  return Math.max(0, endMs - recording.startedAtMs - pausedMs);
}

/**
 * One period of the tone's samples: 440 Hz at 8 kHz repeats every 200 samples (11 cycles).
 * A recording is this period repeated, copied natively: computing a 1 MB file sample by
 * sample took 20–40 ms on the simulator's one thread, where it held up the webhooks of
 * every other call in flight (bench:intel --load saw their tail).
 */
const TONE_PERIOD = (() => {
  const periodSamples = WAV_SAMPLE_RATE_HZ / gcd(TONE_HZ, WAV_SAMPLE_RATE_HZ);
  const period = Buffer.alloc(periodSamples * BYTES_PER_SAMPLE);
  for (let i = 0; i < periodSamples; i++) period.writeInt16LE(Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / WAV_SAMPLE_RATE_HZ)), i * BYTES_PER_SAMPLE);
  return period;
})();

export interface Wav {
  bytes: Buffer;
  truncated: boolean;
}

/** A PCM WAV lasting `durationMs` (to the sample), or the cap. */
export function wavFile(durationMs: number): Wav {
  const wantedSamples = Math.round((durationMs / 1000) * WAV_SAMPLE_RATE_HZ);
  const maxSamples = Math.floor((MAX_RECORDING_BYTES - WAV_HEADER_BYTES) / BYTES_PER_SAMPLE);
  const samples = Math.min(wantedSamples, maxSamples);
  const dataBytes = samples * BYTES_PER_SAMPLE;
  // Every byte is written below (the header, then the tone), so no zero-fill first.
  const bytes = Buffer.allocUnsafe(WAV_HEADER_BYTES + dataBytes);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(36 + dataBytes, 4);
  bytes.write("WAVE", 8, "ascii");
  bytes.write("fmt ", 12, "ascii");
  bytes.writeUInt32LE(16, 16); // fmt chunk size
  bytes.writeUInt16LE(1, 20); // PCM
  bytes.writeUInt16LE(1, 22); // mono
  bytes.writeUInt32LE(WAV_SAMPLE_RATE_HZ, 24);
  bytes.writeUInt32LE(WAV_SAMPLE_RATE_HZ * BYTES_PER_SAMPLE, 28); // byte rate
  bytes.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  bytes.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34); // bits per sample
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(dataBytes, 40);
  if (dataBytes > 0) bytes.fill(TONE_PERIOD, WAV_HEADER_BYTES);
  return { bytes, truncated: samples < wantedSamples };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Every recording the simulator has made, by id. */
export class RecordingStore {
  private readonly byId = new Map<string, Recording>();

  add(recording: Recording): void {
    this.byId.set(recording.id, recording);
  }

  get(id: string): Recording | undefined {
    return this.byId.get(id);
  }

  list(): Recording[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }
}
