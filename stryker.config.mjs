// Mutation testing (docs/testing.md): `npm run mutate`. Incremental: results of mutants whose code
// and covering tests did not change are taken from the committed incremental file, so only what
// changed is re-tested; `npm run mutate -- --force` re-tests everything.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  // The parsers, the gates, redaction, escaping and restore: the part of the pure core measured
  // so far (a run over all of it, ~5,600 mutants, did not fit on the shared machine yet).
  mutate: [
    "src/progress/plain.ts",
    "src/progress/rawjson.ts",
    "src/dockerfile/parse.ts",
    "src/dockerfile/steps.ts",
    "src/compare/gates.ts",
    "src/report/redact.ts",
    "src/report/markdown-escape.ts",
    "src/touch/restore.ts",
    "src/touch/journal.ts",
  ],
  // Each folder's own tests (test/ mirrors src/): a mutant counts as killed only by the tests of
  // the module's folder, never by the engine tests (real Docker builds) or the I/O tests. In
  // touch/, the tests of journal, restore (and its fault injection) and the session that applies
  // and undoes the touch: the lock and recovery tests race real child processes and signals for
  // seconds per test (45 s of the 60 s these folders take), test lock.ts and recover.ts (not
  // mutated), and would run again for every journal and restore mutant they cover.
  testFiles: [
    "test/progress/**/*.test.ts",
    "test/dockerfile/**/*.test.ts",
    "test/compare/**/*.test.ts",
    "test/report/**/*.test.ts",
    "test/touch/journal.test.ts",
    "test/touch/restore.test.ts",
    "test/touch/restore-faults.test.ts",
    "test/touch/session.test.ts",
  ],
  coverageAnalysis: "perTest",
  // Mutants in module-level constants would need every test re-run in a fresh process each.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "test/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, reportTests: false, reportMutants: false },
  // Two cores shared with the OS; more runners only thrash.
  concurrency: 2,
  // A busy machine slows every test run: a mutant is a timeout only when clearly stuck.
  timeoutMS: 10_000,
  ignorePatterns: ["dist", "bench", "reports", ".stryker-tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
