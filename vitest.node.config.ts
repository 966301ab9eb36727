// Node-side tests: pure logic (no workerd needed) and the local tooling (relay, seed).
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

export function nodeProject(project: { maxWorkers?: number; groupOrder?: number } = {}): TestProjectInlineConfiguration {
  return {
    test: {
      name: "node",
      include: ["tests/node/**/*.test.ts"],
      environment: "node",
      ...(project.maxWorkers === undefined ? {} : { maxWorkers: project.maxWorkers }),
      sequence: project.groupOrder === undefined ? {} : { groupOrder: project.groupOrder },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig(nodeProject());
