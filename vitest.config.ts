// `npm test` runs two vitest runs of these projects (package.json). First the files that
// change what the whole run shares (the simulator's chaos, the database's availability),
// one at a time; then every other workerd file and the Node files, two at a time (the
// machine has two cores and the tests spend much of their time waiting on Postgres, the
// simulator and the actors' alarms). Two runs, not one with ordered groups: now and then
// a workerd test runtime never tells vitest it is done, and a run cannot move on to its
// next group then; the stalled-run guard can end a run whose every file has reported
// (tests/setup/stalled-run-guard.ts), so each run ends either way.
import { defineConfig } from "vitest/config";
import { nodeProject } from "./vitest.node.config.ts";
import { SHARED_STATE_FILES, workersProject } from "./vitest.workers.config.ts";

export default defineConfig({
  test: {
    reporters: ["default", "./tests/setup/stalled-run-guard.ts"],
    projects: [
      workersProject({ name: "workers-shared", include: SHARED_STATE_FILES, maxWorkers: 1 }),
      workersProject({ name: "workers", include: ["tests/workers/**/*.test.ts"], exclude: SHARED_STATE_FILES, maxWorkers: 2 }),
      nodeProject({ maxWorkers: 2 }),
    ],
  },
});
