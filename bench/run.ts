// `npm run bench`: parser throughput and memory on large generated logs, and the tool's wall time
// against a bare `docker build --no-cache` + touch + `docker build` of the same example.
// Prints ratios; nothing here asserts timings (CI checks correctness, not speed).
import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { appendFile, cp, mkdtemp, rm, stat, truncate, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createProgressParser } from "../src/progress/index.js";
import { writePlainLog, writeRawjsonLog } from "./generate.js";

const REPO = resolve(import.meta.dirname, "..");
const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 256);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASE = process.env.DCB_BASE_IMAGE ?? "docker-cache-bench/base:local";

interface ReadResult {
  seconds: number;
  peakRssMb: number;
}

/** Streams a file line by line through `onLine`, sampling RSS to find the peak. */
async function streamFile(path: string, onLine: (line: string) => void): Promise<ReadResult> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity }))
    onLine(line);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peakRssMb: peak / 1e6 };
}

async function parserBench(kind: "plain" | "rawjson", dir: string): Promise<void> {
  const path = join(dir, `${kind}.log`);
  const bytes = await (kind === "plain" ? writePlainLog(path, LOG_MB) : writeRawjsonLog(path, LOG_MB));
  const mb = bytes / 1e6;
  const bare = await streamFile(path, () => undefined);
  const parser = createProgressParser();
  const parsed = await streamFile(path, (l) => parser.line(l));
  const steps = parser.result().steps.length;
  console.log(
    `parser ${kind.padEnd(7)} ${mb.toFixed(0)} MB, ${steps} steps: ${(mb / parsed.seconds).toFixed(1)} MB/s ` +
      `(bare line reading ${(mb / bare.seconds).toFixed(1)} MB/s, ratio ${(parsed.seconds / bare.seconds).toFixed(2)}×); ` +
      `peak RSS ${parsed.peakRssMb.toFixed(0)} MB (bare reading ${bare.peakRssMb.toFixed(0)} MB)`,
  );
  await rm(path);
}

function time(argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString().slice(-500)}`);
  return (performance.now() - started) / 1000;
}

async function bareBuild(dir: string, file: string): Promise<number> {
  const build = (noCache: boolean) =>
    time([
      "docker",
      "build",
      "--progress=plain",
      "-q",
      "--build-arg",
      `BASE=${BASE}`,
      "-t",
      "dcb-bench:bare",
      ...(noCache ? ["--no-cache"] : []),
      dir,
    ]);
  const path = join(dir, file);
  const st = await stat(path);
  const cold = build(true);
  await appendFile(path, "\n");
  const warm = build(false);
  await truncate(path, st.size);
  await utimes(path, st.atime, st.mtime);
  spawnSync("docker", ["image", "rm", "-f", "dcb-bench:bare"]);
  return cold + warm;
}

async function wallBench(example: string, touched: string): Promise<void> {
  const bare: number[] = [];
  const tool: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = await mkdtemp(join(tmpdir(), "dcb-bench-"));
    await cp(join(REPO, example), dir, { recursive: true });
    bare.push(await bareBuild(dir, touched));
    tool.push(
      time([process.execPath, join(REPO, "dist/cli.js"), "run", dir, "-q", "--build-arg", `BASE=${BASE}`]),
    );
    await rm(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `wall ${example}: tool median ${median(tool).toFixed(2)} s vs bare docker build ×2 ${median(bare).toFixed(2)} s ` +
      `→ ratio ${(median(tool) / median(bare)).toFixed(2)}× over ${RUNS} runs (tool ${tool.map((t) => t.toFixed(2)).join(", ")}; bare ${bare.map((t) => t.toFixed(2)).join(", ")})`,
  );
}

const dir = await mkdtemp(join(tmpdir(), "dcb-bench-logs-"));
try {
  await parserBench("plain", dir);
  await parserBench("rawjson", dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (process.env.BENCH_SKIP_DOCKER !== "1") {
  await wallBench("examples/python-bad-order", "app/main.py");
  await wallBench("examples/python-good-order", "app/main.py");
}
