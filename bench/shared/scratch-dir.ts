// Where a bench keeps its throwaway stack (the actors' SQLite under wrangler dev, and
// Postgres): in memory (/dev/shm) unless told otherwise. On a disk, workerd commits each
// actor turn with an fsync on the isolate's one thread (measured: 30 % of that thread
// during a 100-call run, and placements' new actor files blocking it for seconds), a cost
// of the local stack, not the engine's: a deployed Durable Object's storage is made
// durable by replication and does not block its isolate on a local disk flush.
import { accessSync, constants, statSync } from "node:fs";
import os from "node:os";

const IN_MEMORY = "/dev/shm";

export interface ScratchParent {
  dir: string;
  inMemory: boolean;
}

/** `chosen` (--data-dir) wins; otherwise /dev/shm where it is a writable directory, else the OS's temporary directory. */
export function scratchParent(chosen?: string): ScratchParent {
  if (chosen) return { dir: chosen, inMemory: chosen.startsWith(`${IN_MEMORY}/`) || chosen === IN_MEMORY };
  return writableDirectory(IN_MEMORY) ? { dir: IN_MEMORY, inMemory: true } : { dir: os.tmpdir(), inMemory: false };
}

export function describeScratch(parent: ScratchParent): string {
  return parent.inMemory
    ? `actor state and Postgres in memory under ${parent.dir} (--data-dir DIR for a disk, where each actor commit is an fsync on the isolate's thread)`
    : `actor state and Postgres on disk under ${parent.dir} (each actor commit is an fsync on the isolate's thread: slower than deployed; --data-dir /dev/shm)`;
}

function writableDirectory(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
