// Where the benches keep their throwaway stack: a directory the user names wins, and the
// report says whether the state was in memory or on a disk (where fsyncs slow the isolate).
import { existsSync } from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { describeScratch, scratchParent } from "../../../bench/shared/scratch-dir";

describe("a bench's scratch directory", () => {
  it("is the one named with --data-dir, in memory only when it lies under /dev/shm", () => {
    expect(scratchParent("/var/tmp/mine")).toEqual({ dir: "/var/tmp/mine", inMemory: false });
    expect(scratchParent("/dev/shm/mine")).toEqual({ dir: "/dev/shm/mine", inMemory: true });
    expect(scratchParent("/dev/shmem")).toEqual({ dir: "/dev/shmem", inMemory: false });
  });

  it("defaults to memory where the machine has /dev/shm, else the temporary directory", () => {
    expect(scratchParent()).toEqual(existsSync("/dev/shm") ? { dir: "/dev/shm", inMemory: true } : { dir: os.tmpdir(), inMemory: false });
  });

  it("tells the reader which it was", () => {
    expect(describeScratch({ dir: "/dev/shm", inMemory: true })).toMatch(/in memory under \/dev\/shm/);
    expect(describeScratch({ dir: "/tmp", inMemory: false })).toMatch(/on disk under \/tmp .*fsync/);
  });
});
