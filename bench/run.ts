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
import { touchSuffix } from "../src/touch/session.js";
import { writePlainLog, writeRawjsonLog } from "./generate.js";

const REPO = resolve(import.meta.dirname, "..");
const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 256);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASE = process.env.DCB_BASE_IMAGE ?? "docker-cache-bench/base:local";

interface ReadResult {
  seconds: number;
  /** Heap still in use after a full GC, sampled at each tenth of the log: flat memory = flat row. */
  retainedMb: number[];
  peakRssMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Streams a file line by line through `onLine`, measuring time, retained heap and peak RSS. */
async function streamFile(path: string, bytes: number, onLine: (line: string) => void): Promise<ReadResult> {
  gc?.();
  let peak = process.memoryUsage().rss;
  const retainedMb: number[] = [];
  let seen = 0;
  let nextSample = bytes / 10;
  let gcSeconds = 0;
  const started = performance.now();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    onLine(line);
    seen += line.length + 1;
    if (seen < nextSample) continue;
    nextSample += bytes / 10;
    peak = Math.max(peak, process.memoryUsage().rss);
    const t = performance.now();
    gc?.();
    retainedMb.push(process.memoryUsage().heapUsed / 1e6);
    gcSeconds += (performance.now() - t) / 1000;
  }
  const seconds = (performance.now() - started) / 1000 - gcSeconds;
  return { seconds, retainedMb, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1e6 };
}

async function parserBench(kind: "plain" | "rawjson", dir: string): Promise<void> {
  const path = join(dir, `${kind}.log`);
  const bytes = await (kind === "plain" ? writePlainLog(path, LOG_MB) : writeRawjsonLog(path, LOG_MB));
  const mb = bytes / 1e6;
  const bare = await streamFile(path, bytes, () => undefined);
  const parser = createProgressParser();
  const parsed = await streamFile(path, bytes, (l) => parser.line(l));
  const steps = parser.result().steps.length;
  const heap = (r: ReadResult) => r.retainedMb.map((m) => m.toFixed(1)).join(" ");
  console.log(
    `parser ${kind.padEnd(7)} ${mb.toFixed(0)} MB, ${steps} steps: ${(mb / parsed.seconds).toFixed(1)} MB/s ` +
      `(bare line reading ${(mb / bare.seconds).toFixed(1)} MB/s → parsing costs ${(parsed.seconds / bare.seconds).toFixed(2)}× reading)\n` +
      `  retained heap after GC at each tenth of the log, MB: parser ${heap(parsed)} | bare ${heap(bare)}\n` +
      `  peak RSS ${parsed.peakRssMb.toFixed(0)} MB (bare reading ${bare.peakRssMb.toFixed(0)} MB)`,
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
  // A unique touch, like the tool's: a fixed "\n" would hit the previous run's warm cache.
  await appendFile(path, touchSuffix());
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
