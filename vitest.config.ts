import { defineConfig } from "vitest/config";

/** Product tests that need no Docker engine; also what `npm run mutate` runs (vitest.mutate.config.ts). */
export const unitProject = {
  name: "unit",
  include: ["test/**/*.test.ts"],
  exclude: ["test/engine/**", "test/support/**"],
  // The unit files share the two cores with the engine suite's docker builds in `npm test`;
  // vitest's 5 s default timed out a 3,000-step render under that load.
  testTimeout: 30_000,
};

export default defineConfig({
  test: {
    // Never write a snapshot that is missing or differs, here or in CI (where Vitest would already
    // refuse): a new or changed snapshot is written only on request, `vitest run <files> --update`.
    update: "none",
    projects: [
      { test: unitProject },
      // Self-tests of the loopback services and helpers the product tests stand on (test/support):
      // they run with every `vitest run`, counted apart because they test no product code.
      { test: { name: "harness", include: ["test/support/**/*.test.ts"] } },
      // Engine tests drive one real Docker daemon; running them in parallel would make every
      // build slower and the timings meaningless, so they run one file at a time. DCB_ENGINE picks
      // the daemon (test/support/engine.ts); the setup file applies it before any engine test file loads.
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          fileParallelism: false,
          setupFiles: ["test/support/select-engine.ts"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
