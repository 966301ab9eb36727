// A reporter that ends a test run vitest cannot finish. A workerd test runtime used to
// hold its file open after the file had passed (about one run in three): an actor's
// console line, captured by vitest and sent from a request context that ended first,
// never arrived, and vitest waited for it. workerd files no longer capture console
// output (vitest.workers.config.ts); this guard stays as the net for any other cause,
// since vitest would wait forever, and CI with it. It watches the results: once every file
// has reported and nothing has happened for 15 s, it ends the run with the outcome
// the files reported; if files are still missing after three quiet minutes (longer than
// any test's or hook's time limit), it names them and fails the run.
import type { Reporter, TestCase, TestModule, TestSpecification, Vitest } from "vitest/node";
import { stopTestServices } from "./services-handle.ts";

/**
 * A run ends within seconds of its last file (the services' teardown). Ending one that
 * was about to end anyway costs only vitest's summary: the outcome is the files' own.
 */
const QUIET_AFTER_LAST_FILE_MS = 15_000;
const QUIET_WITH_FILES_MISSING_MS = 180_000;
const CHECK_EVERY_MS = 5_000;

export default class StalledRunGuard implements Reporter {
  #expected: string[] = [];
  readonly #reported = new Set<string>();
  #failed = false;
  /** Failed tests and their first error: vitest prints these in its summary, which a stuck run never reaches. */
  readonly #failures: string[] = [];
  #lastActivityMs = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.#expected = specifications.map((s) => `${s.project.name}:${s.moduleId}`);
    this.#lastActivityMs = Date.now();
    this.#timer = setInterval(() => this.#check(), CHECK_EVERY_MS);
    this.#timer.unref();
  }

  onTestCaseResult(testCase: TestCase): void {
    this.#lastActivityMs = Date.now();
    const result = testCase.result();
    if (result.state !== "failed") return;
    this.#failed = true;
    const error = result.errors?.[0];
    this.#failures.push(`${testCase.module.moduleId} > ${testCase.fullName}\n    ${error?.message ?? "failed"}${error?.stack ? `\n${error.stack}` : ""}`);
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.#lastActivityMs = Date.now();
    this.#reported.add(`${testModule.project.name}:${testModule.moduleId}`);
    if (testModule.state() === "failed") this.#failed = true;
  }

  onTestRunEnd(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    const quietMs = Date.now() - this.#lastActivityMs;
    const missing = this.#expected.filter((id) => !this.#reported.has(id));
    if (missing.length === 0 && quietMs > QUIET_AFTER_LAST_FILE_MS) {
      // An error thrown outside any test fails a run as surely as a failed test.
      const unhandled = this.#vitest?.state.getUnhandledErrors().length ?? 0;
      const failed = this.#failed || unhandled > 0;
      process.stderr.write(
        `\n[stalled-run-guard] every file reported (${failed ? `failures: ${unhandled} unhandled error(s)${this.#failed ? " and failed tests" : ""}` : "all passed"}), but vitest has not finished for ${Math.round(quietMs / 1000)} s: a test runtime did not shut down. Ending the run.\n`,
      );
      if (this.#failures.length) process.stderr.write(`[stalled-run-guard] failed:\n${this.#failures.join("\n")}\n`);
      void this.#exit(failed ? 1 : 0);
    }
    if (missing.length > 0 && quietMs > QUIET_WITH_FILES_MISSING_MS) {
      process.stderr.write(`\n[stalled-run-guard] nothing has happened for ${Math.round(quietMs / 1000)} s and these files never reported:\n${missing.join("\n")}\n`);
      void this.#exit(1);
    }
  }

  /** Stops Postgres, the relay and the simulator first (tests/setup/test-services.ts), as the normal end would. */
  async #exit(code: number): Promise<never> {
    clearInterval(this.#timer);
    await Promise.race([stopTestServices(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    process.exit(code);
  }
}
