// `npm run bench`: parser throughput and memory on large generated logs, and the tool's wall time
// against bare `docker build`s of the same example, on the engine DCB_ENGINE selects (as the test
// suites do: docker20, modern-containerd, modern-classic; unset = whatever `docker` points at).
// Prints ratios against the targets; nothing here asserts timings (CI checks correctness, not speed).
// BENCH_LOG_MB (throughput logs), BENCH_RUNS (wall runs), BENCH_EXAMPLES (comma-separated names under
// examples/), BENCH_SKIP_DOCKER=1, BENCH_SKIP_PARSER=1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyEngine } from "../test/support/engine.js";
import { memoryBench } from "./memory.js";
import { parserBench } from "./parser.js";
import { wallBench } from "./wall.js";

const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

if (process.env.BENCH_SKIP_PARSER !== "1") {
  const dir = await mkdtemp(join(tmpdir(), "dcb-bench-logs-"));
  try {
    for (const kind of ["plain", "rawjson-indented", "rawjson-compact"] as const)
      await parserBench(kind, dir, LOG_MB);
    for (const kind of ["plain", "rawjson"] as const) await memoryBench(kind, dir, 200, 4700);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_SKIP_DOCKER !== "1") {
  const engine = applyEngine();
  console.log(
    `engine: ${engine.name} (Docker ${engine.serverMajor}, ${engine.containerdStore ? "containerd" : "classic"} store, ${engine.storageDriver})`,
  );
  const examples = (process.env.BENCH_EXAMPLES ?? "python-bad-order,python-good-order").split(",");
  for (const example of examples) await wallBench(`examples/${example}`, "app/main.py", RUNS);
}
