// The tool's wall time against bare `docker build`s of the same project on the same engine (the
// one DCB_ENGINE selects, as for the test suites). Both sides are timed over the same work: a cold
// build (--no-cache), the same kind of touch, a warm build, the file put back, and the removal of
// the two images. The tool cannot exit before its images are gone (it must leave nothing on the
// daemon), so the bare side's `docker image rm` is timed too; without it the bare side would leave
// two images behind and the ratio would charge the tool for work the baseline skipped. The bare
// time without its removal is printed as well, for what a user building by hand waits for.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { appendFile, cp, mkdtemp, rm, stat, truncate, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { touchSuffix } from "../src/touch/session.js";
import { load } from "./load.js";

const REPO = resolve(import.meta.dirname, "..");
const BASE = process.env.DCB_BASE_IMAGE ?? "docker-cache-bench/base:local";
/** The CLI timed: this checkout's bundle, or another build's (BENCH_CLI) to compare two versions. */
const CLI = process.env.BENCH_CLI ?? join(REPO, "dist/cli.js");

function run(argv: string[]): void {
  const r = spawnSync(argv[0] as string, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString().slice(-500)}`);
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

interface BareTimes {
  /** Cold build, touch, warm build, restore, removal of both images. */
  total: number;
  /** The same without the removal. */
  builds: number;
}

async function bareRun(dir: string, file: string): Promise<BareTimes> {
  // Two tags, as the tool builds: with one, the cold image would be left untagged by the warm one.
  const repo = `dcb-bench-${randomBytes(4).toString("hex")}`;
  const build = (phase: "cold" | "warm") =>
    run([
      "docker",
      "build",
      "--progress=plain",
      "--build-arg",
      `BASE=${BASE}`,
      "-t",
      `${repo}:${phase}`,
      ...(phase === "cold" ? ["--no-cache"] : []),
      dir,
    ]);
  const path = join(dir, file);
  const st = await stat(path);
  const started = performance.now();
  try {
    build("cold");
    // A unique touch, like the tool's: a fixed "\n" would hit the previous run's warm cache.
    await appendFile(path, touchSuffix());
    build("warm");
  } finally {
    await truncate(path, st.size);
    await utimes(path, st.atime, st.mtime);
  }
  const builds = seconds(started);
  spawnSync("docker", ["image", "rm", "--force", `${repo}:cold`, `${repo}:warm`], { stdio: "ignore" });
  return { total: seconds(started), builds };
}

function toolRun(dir: string): number {
  const started = performance.now();
  run([process.execPath, CLI, "run", dir, "-q", "--build-arg", `BASE=${BASE}`]);
  return seconds(started);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const spread = (xs: number[]) =>
  `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

/** Alternates bare and tool runs so load on the machine hits both alike. */
export async function wallBench(example: string, touched: string, runs: number): Promise<void> {
  const bare: BareTimes[] = [];
  const tool: number[] = [];
  const before = load();
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), "dcb-bench-"));
    try {
      await cp(join(REPO, example), dir, { recursive: true });
      bare.push(await bareRun(dir, touched));
      tool.push(toolRun(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const totals = bare.map((b) => b.total);
  const builds = bare.map((b) => b.builds);
  const list = (xs: number[]) => xs.map((t) => t.toFixed(2)).join(", ");
  console.log(
    `wall ${example} (${CLI}), ${runs} runs, median (min–max): tool ${spread(tool)} vs bare docker build cold + touch + warm + image rm ` +
      `${spread(totals)} → ratio ${(median(tool) / median(totals)).toFixed(3)}× (target ≤ 1.03); ` +
      `bare without its image rm ${spread(builds)} → ${(median(tool) / median(builds)).toFixed(3)}×. ` +
      `Each run: tool ${list(tool)}; bare ${list(totals)} (${list(builds)} without rm). Before: ${before}; after: ${load()}`,
  );
}
