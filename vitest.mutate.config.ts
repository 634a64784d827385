// Vitest as Stryker runs it (stryker.config.mjs, which also narrows the test files to the mutated
// folders' own tests): the unit project's settings, never the engine tests.
import { defineConfig } from "vitest/config";
import { unitProject } from "./vitest.config.js";

export default defineConfig({
  test: {
    ...unitProject,
    update: "none",
    // Instrumented code on a busy machine: the 100,000-line parser tests need more than 5 s.
    testTimeout: 60_000,
  },
});
