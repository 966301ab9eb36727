// `npm test`: the workerd tests and the Node tests in one run. Most workerd files and the
// Node files run side by side (two at a time: the machine has two cores and the tests
// spend much of their time waiting on Postgres, the simulator and the actors' alarms);
// the files that change what the whole run shares run afterwards, one at a time.
import { defineConfig } from "vitest/config";
import { nodeProject } from "./vitest.node.config.ts";
import { SHARED_STATE_FILES, workersProject } from "./vitest.workers.config.ts";

export default defineConfig({
  test: {
    projects: [
      workersProject({ name: "workers", include: ["tests/workers/**/*.test.ts"], exclude: SHARED_STATE_FILES, maxWorkers: 2, groupOrder: 0 }),
      nodeProject({ maxWorkers: 2, groupOrder: 0 }),
      workersProject({ name: "workers-shared", include: SHARED_STATE_FILES, maxWorkers: 1, groupOrder: 1 }),
    ],
  },
});
