// `npm test`: the workerd tests and the Node tests in one run. First the files that change
// what the whole run shares (the simulator's chaos, the database's availability), one at
// a time; then every other workerd file and the Node files, two at a time (the machine
// has two cores and the tests spend much of their time waiting on Postgres, the
// simulator and the actors' alarms). The stalled-run guard ends a run that every file
// has reported but vitest cannot finish (tests/setup/stalled-run-guard.ts): a safety net
// since the cause it was written for (a lost console line, vitest.workers.config.ts) is gone.
import { defineConfig } from "vitest/config";
import { nodeProject } from "./vitest.node.config.ts";
import { SHARED_STATE_FILES, workersProject } from "./vitest.workers.config.ts";

export default defineConfig({
  test: {
    reporters: ["default", "./tests/setup/stalled-run-guard.ts"],
    projects: [
      workersProject({ name: "workers-shared", include: SHARED_STATE_FILES, maxWorkers: 1, groupOrder: 0 }),
      workersProject({ name: "workers", include: ["tests/workers/**/*.test.ts"], exclude: SHARED_STATE_FILES, maxWorkers: 2, groupOrder: 1 }),
      nodeProject({ maxWorkers: 2, groupOrder: 1 }),
    ],
  },
});
