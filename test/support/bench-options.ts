// The options of a benchmark run as the CLI's defaults give them, for tests that call the pipeline
// (or parts of it) directly. Pure: no Docker client runs when a unit test imports it, unlike
// test/engine/helpers.ts, whose benchOptions builds on this.
import type { BenchmarkOptions } from "../../src/benchmark.js";
import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";

export function defaultBenchOptions(
  contextDir: string,
  stateDir: string,
  over: Partial<BenchmarkOptions> = {},
): BenchmarkOptions {
  return {
    contextDir,
    dockerfile: null,
    target: null,
    platform: null,
    buildArgs: {},
    docker: "docker",
    builder: null,
    mode: null,
    progress: "auto",
    touch: [],
    keepImage: false,
    repeat: 1,
    wait: false,
    stateDir,
    buildOptions: NO_BUILD_OPTIONS,
    ...over,
  };
}
