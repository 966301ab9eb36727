// The RecordWriter's group commit: flushes that arrive while a write runs share the next
// transaction, one caller's bad rows never fail the others, and an unreachable database
// fails the group at once instead of once per caller.
import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../../objects/record-writer/group-commit";

/** A write the test finishes by hand, so "while a write runs" is exact, not timed. */
function manualWrites() {
  const writes: { rows: string[]; finish: (error?: Error) => void }[] = [];
  const write = (rows: string[]) =>
    new Promise<void>((resolve, reject) => writes.push({ rows, finish: (error) => (error ? reject(error) : resolve()) }));
  return { writes, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("group commit", () => {
  it("writes the first caller at once and everyone who arrived meanwhile in one following write", async () => {
    const { writes, write } = manualWrites();
    const commits = new GroupCommit(write, { maxRows: 100 });
    const first = commits.submit(["a1"]);
    const later = [commits.submit(["b1", "b2"]), commits.submit(["c1"])];
    await settle();
    expect(writes.map((w) => w.rows)).toEqual([["a1"]]);
    writes[0]!.finish();
    await first;
    await settle();
    expect(writes.map((w) => w.rows)).toEqual([["a1"], ["b1", "b2", "c1"]]);
    writes[1]!.finish();
    await Promise.all(later);
    expect(commits.waiting).toBe(0);
  });

  it("keeps a group under maxRows without splitting a caller's rows", async () => {
    const { writes, write } = manualWrites();
    const commits = new GroupCommit(write, { maxRows: 3 });
    const all = [commits.submit(["x"]), commits.submit(["a1", "a2"]), commits.submit(["b1", "b2"]), commits.submit(["c1", "c2", "c3", "c4"])];
    for (let i = 0; i < 4; i++) {
      await settle();
      writes[i]!.finish();
    }
    await Promise.all(all);
    expect(writes.map((w) => w.rows)).toEqual([["x"], ["a1", "a2"], ["b1", "b2"], ["c1", "c2", "c3", "c4"]]);
  });

  it("retries a failed group caller by caller, so only the caller with the bad row fails", async () => {
    const written: string[][] = [];
    const commits = new GroupCommit(
      async (rows: string[]) => {
        if (rows.includes("bad")) throw new Error("violates a constraint");
        written.push(rows);
      },
      { maxRows: 100 },
    );
    const blocker = commits.submit(["first"]);
    const good = commits.submit(["g1"]);
    const bad = commits.submit(["bad"]);
    const alsoGood = commits.submit(["g2"]);
    await blocker;
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow("violates a constraint");
    await expect(alsoGood).resolves.toBeUndefined();
    expect(written).toEqual([["first"], ["g1"], ["g2"]]);
  });

  it("fails the whole group at once when the error is not about the rows (database unreachable)", async () => {
    let attempts = 0;
    const commits = new GroupCommit(
      async () => {
        attempts++;
        if (attempts > 1) throw new Error("connection terminated");
      },
      { maxRows: 100, retryAlone: (error) => !String(error).includes("connection") },
    );
    const blocker = commits.submit(["first"]);
    const waiting = [commits.submit(["a"]), commits.submit(["b"]), commits.submit(["c"])];
    await blocker;
    for (const caller of waiting) await expect(caller).rejects.toThrow("connection terminated");
    expect(attempts).toBe(2);
  });
});
