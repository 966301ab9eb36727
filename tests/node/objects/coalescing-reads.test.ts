// The RecordWriter's read queue: a burst of identical questions costs one query, but no
// caller is ever answered by a query sent before it asked (a sign-out must count at once).
import { describe, expect, it } from "vitest";
import { CoalescingReads } from "../../../objects/record-writer/coalescing-reads";

/** Queries the test answers by hand, so "while one is in flight" is exact, not timed. */
function manualQueries() {
  const sent: { question: string; answer: (value: string) => void; fail: (error: Error) => void }[] = [];
  const query = (question: string) => () =>
    new Promise<string>((answer, fail) => sent.push({ question, answer, fail }));
  return { sent, query };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("coalescing reads", () => {
  it("sends up to its concurrency at once and the rest in the order they were asked", async () => {
    const { sent, query } = manualQueries();
    const reads = new CoalescingReads(2);
    const answers = ["a", "b", "c", "d"].map((q) => reads.read(q, query(q)));
    await settle();
    expect(sent.map((s) => s.question)).toEqual(["a", "b"]);
    expect(reads.load).toEqual({ running: 2, waiting: 2 });
    sent[1]!.answer("B");
    await settle();
    expect(sent.map((s) => s.question)).toEqual(["a", "b", "c"]);
    sent[0]!.answer("A");
    sent[2]!.answer("C");
    await settle();
    sent[3]!.answer("D");
    expect(await Promise.all(answers)).toEqual(["A", "B", "C", "D"]);
    expect(reads.load).toEqual({ running: 0, waiting: 0 });
  });

  it("answers identical questions still waiting with one query", async () => {
    const { sent, query } = manualQueries();
    const reads = new CoalescingReads(1);
    const busy = reads.read("other", query("other"));
    const sameThreeTimes = [reads.read("session:1", query("session:1")), reads.read("session:1", query("session:1")), reads.read("session:1", query("session:1"))];
    await settle();
    sent[0]!.answer("x");
    await busy;
    await settle();
    expect(sent.map((s) => s.question)).toEqual(["other", "session:1"]);
    sent[1]!.answer("member");
    expect(await Promise.all(sameThreeTimes)).toEqual(["member", "member", "member"]);
  });

  it("never joins a query already sent: a later ask gets a query of its own", async () => {
    const { sent, query } = manualQueries();
    const reads = new CoalescingReads(2);
    const before = reads.read("session:1", query("session:1"));
    await settle();
    const after = reads.read("session:1", query("session:1"));
    await settle();
    expect(sent).toHaveLength(2);
    sent[0]!.answer("signed in");
    sent[1]!.answer("signed out");
    expect(await before).toBe("signed in");
    expect(await after).toBe("signed out");
  });

  it("fails every caller of a failed query and frees its place for the next", async () => {
    const { sent, query } = manualQueries();
    const reads = new CoalescingReads(1);
    const first = reads.read("busy", query("busy"));
    const joined = [reads.read("q", query("q")), reads.read("q", query("q"))];
    const next = reads.read("next", query("next"));
    await settle();
    sent[0]!.answer("ok");
    await first;
    await settle();
    sent[1]!.fail(new Error("Network connection lost."));
    const outcomes = await Promise.allSettled(joined);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    await settle();
    expect(sent.map((s) => s.question)).toEqual(["busy", "q", "next"]);
    sent[2]!.answer("fine");
    expect(await next).toBe("fine");
  });

  it("survives a load that throws before returning a promise", async () => {
    const reads = new CoalescingReads(1);
    const thrown = reads.read("bad", () => {
      throw new Error("bug");
    });
    await expect(thrown).rejects.toThrow("bug");
    expect(await reads.read("good", async () => "fine")).toBe("fine");
  });

  it("refuses a concurrency that could never send a query", () => {
    expect(() => new CoalescingReads(0)).toThrow(RangeError);
  });
});
