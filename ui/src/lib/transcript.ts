// A call's transcript as the console keeps it: one line per segment id, in spoken order. Lines
// arrive from the API, from room snapshots and one by one from the room, possibly twice.
import type { TranscriptLine } from "$contracts/calls";

/** The union of both lists by segment id (a later copy wins), ordered by time, then id. */
export function mergeTranscript(current: readonly TranscriptLine[], incoming: readonly TranscriptLine[]): TranscriptLine[] {
  const byId = new Map<string, TranscriptLine>();
  for (const line of current) byId.set(line.id, line);
  for (const line of incoming) byId.set(line.id, line);
  return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
