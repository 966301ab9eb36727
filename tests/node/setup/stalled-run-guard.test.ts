// The guard that ends a run vitest cannot finish: it ends it only when every file has
// reported, with the outcome they reported, and names the files a stuck run never ran.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TestCase, TestModule, TestSpecification, Vitest } from "vitest/node";
import StalledRunGuard from "../../setup/stalled-run-guard";

const spec = (moduleId: string) => ({ project: { name: "workers" }, moduleId }) as unknown as TestSpecification;
const finished = (moduleId: string, state: "passed" | "failed") => ({ project: { name: "workers" }, moduleId, state: () => state }) as unknown as TestModule;
const vitestWith = (unhandledErrors: number) => ({ state: { getUnhandledErrors: () => new Array(unhandledErrors).fill(new Error("boom")) } }) as unknown as Vitest;

let exits: number[];
beforeEach(() => {
  vi.useFakeTimers();
  exits = [];
  vi.spyOn(process, "exit").mockImplementation(((code: number) => {
    exits.push(code);
  }) as never);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function startedGuard(unhandledErrors = 0): StalledRunGuard {
  const guard = new StalledRunGuard();
  guard.onInit(vitestWith(unhandledErrors));
  guard.onTestRunStart([spec("/a.test.ts"), spec("/b.test.ts")]);
  return guard;
}

describe("stalled-run guard", () => {
  it("waits while files are still running, however quiet it gets short of three minutes", async () => {
    const guard = startedGuard();
    guard.onTestModuleEnd(finished("/a.test.ts", "passed"));
    await vi.advanceTimersByTimeAsync(170_000);
    expect(exits).toEqual([]);
  });

  it("ends a run every file has reported once it stays quiet for 15 s, passing when they passed", async () => {
    const guard = startedGuard();
    guard.onTestModuleEnd(finished("/a.test.ts", "passed"));
    guard.onTestModuleEnd(finished("/b.test.ts", "passed"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exits).toEqual([0]);
  });

  it("fails the run it ends when a file failed or an error was thrown outside the tests", async () => {
    const failedFile = startedGuard();
    failedFile.onTestCaseResult({
      module: { moduleId: "/a.test.ts" },
      fullName: "offers a lead",
      result: () => ({ state: "failed", errors: [{ message: "expected 1 to be 2" }] }),
    } as unknown as TestCase);
    failedFile.onTestModuleEnd(finished("/a.test.ts", "failed"));
    failedFile.onTestModuleEnd(finished("/b.test.ts", "passed"));
    const unhandled = startedGuard(1);
    unhandled.onTestModuleEnd(finished("/a.test.ts", "passed"));
    unhandled.onTestModuleEnd(finished("/b.test.ts", "passed"));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(exits).toEqual([1, 1]);
    // vitest's own summary never comes: the guard prints what failed and why.
    expect(vi.mocked(process.stderr.write).mock.calls.flat().join("")).toMatch(/\/a\.test\.ts > offers a lead\n {4}expected 1 to be 2/);
  });

  it("fails a run that stays quiet for three minutes with files never reported, naming them", async () => {
    const guard = startedGuard();
    guard.onTestModuleEnd(finished("/a.test.ts", "passed"));
    await vi.advanceTimersByTimeAsync(190_000);
    expect(exits).toEqual([1]);
    expect(vi.mocked(process.stderr.write).mock.calls.flat().join("")).toMatch(/never reported:\nworkers:\/b\.test\.ts/);
  });

  it("stays out of a run that ends by itself", async () => {
    const guard = startedGuard();
    guard.onTestModuleEnd(finished("/a.test.ts", "passed"));
    guard.onTestModuleEnd(finished("/b.test.ts", "passed"));
    guard.onTestRunEnd();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(exits).toEqual([]);
  });
});
