// Which RecordWriter an actor's rows and reads go to: by its id, always the same shard.
// Pure (no workerd import), so ports that only need a writer's name stay testable in Node.

/** Writers per deployment; a call (or campaign) always uses the same one (by its id). */
export const RECORD_WRITER_SHARDS = 4;

export const recordWriterName = (actorId: string): string => `record-writer:${fnv1a(actorId) % RECORD_WRITER_SHARDS}`;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
