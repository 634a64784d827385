import { defineConfig } from "vitest/config";

// Engine tests drive one real Docker daemon; running them in parallel would make every
// build slower and the timings meaningless, so they run one file at a time. DCB_ENGINE picks the
// daemon (test/support/engine.ts); the setup file applies it before any engine test file loads.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/engine/**"],
          // The unit files share the two cores with the engine suite's docker builds in `npm test`;
          // vitest's 5 s default timed out a 3,000-step render under that load.
          testTimeout: 30_000,
        },
      },
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
