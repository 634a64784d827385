// `npm run bench`: parser throughput and memory on large generated logs, and the tool's wall time
// against bare `docker build`s of the same example, on the engine DCB_ENGINE selects (as the test
// suites do: docker20, modern-containerd, modern-classic; unset = whatever `docker` points at).
// Prints ratios against the targets and the machine's load; nothing here asserts timings (CI checks
// correctness, not speed). BENCH_LOG_MB (throughput logs), BENCH_RUNS (wall runs), BENCH_EXAMPLES
// (comma-separated names under examples/), BENCH_CLI (another build's dist/cli.js to time),
// BENCH_SKIP_DOCKER=1, BENCH_SKIP_PARSER=1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectDocker } from "../src/docker/detect.js";
import { applyEngine } from "../test/support/engine.js";
import { load } from "./load.js";
import { memoryBench } from "./memory.js";
import { parserBench } from "./parser.js";
import { wallBench } from "./wall.js";

const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const skipDocker = process.env.BENCH_SKIP_DOCKER === "1";

const engine = skipDocker && !process.env.DCB_ENGINE ? null : applyEngine();
let engineLayout: "rawjson-indented" | "rawjson-compact" | null = null;
if (engine) {
  const env = await detectDocker({ docker: "docker" });
  // buildx 0.12–0.14 pretty-print each update over many lines, ≥ 0.15 write one per line.
  engineLayout = env.rawjson
    ? /^0\.1[234]\./.test(env.buildxVersion ?? "")
      ? "rawjson-indented"
      : "rawjson-compact"
    : null;
  console.log(
    `engine: ${engine.name} (Docker ${env.serverVersion}, ${engine.containerdStore ? "containerd" : "classic"} store, ` +
      `buildx ${env.buildxVersion ?? "none"}: rawjson ${engineLayout?.replace("rawjson-", "") ?? "unavailable"}); ${load()}`,
  );
}

if (process.env.BENCH_SKIP_PARSER !== "1") {
  const dir = await mkdtemp(join(tmpdir(), "dcb-bench-logs-"));
  try {
    for (const kind of ["plain", "rawjson-indented", "rawjson-compact"] as const)
      await parserBench(kind, dir, LOG_MB, kind === engineLayout ? `${engine?.name}'s rawjson` : null);
    for (const kind of ["plain", "rawjson"] as const) await memoryBench(kind, dir, 200, 4700);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (engine && !skipDocker) {
  const examples = (process.env.BENCH_EXAMPLES ?? "python-bad-order").split(",");
  for (const example of examples) await wallBench(`examples/${example}`, "app/main.py", RUNS);
}
