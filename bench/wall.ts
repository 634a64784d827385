// The tool's wall time against a bare `docker build --no-cache` + touch + `docker build` of the same
// project on the same engine (the one DCB_ENGINE selects, as for the test suites).
import { spawnSync } from "node:child_process";
import { appendFile, cp, mkdtemp, rm, stat, truncate, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { touchSuffix } from "../src/touch/session.js";

const REPO = resolve(import.meta.dirname, "..");
const BASE = process.env.DCB_BASE_IMAGE ?? "docker-cache-bench/base:local";

function time(argv: string[]): number {
  const started = performance.now();
  const r = spawnSync(argv[0] as string, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Alternates bare and tool runs so load on the machine hits both alike. */
export async function wallBench(example: string, touched: string, runs: number): Promise<void> {
  const bare: number[] = [];
  const tool: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), "dcb-bench-"));
    await cp(join(REPO, example), dir, { recursive: true });
    bare.push(await bareBuild(dir, touched));
    tool.push(
      time([process.execPath, join(REPO, "dist/cli.js"), "run", dir, "-q", "--build-arg", `BASE=${BASE}`]),
    );
    await rm(dir, { recursive: true, force: true });
  }
  const list = (xs: number[]) => xs.map((t) => t.toFixed(2)).join(", ");
  console.log(
    `wall ${example}: tool median ${median(tool).toFixed(2)} s vs bare docker build cold + warm ${median(bare).toFixed(2)} s ` +
      `→ ratio ${(median(tool) / median(bare)).toFixed(3)}× (target ≤ 1.03) over ${runs} runs (tool ${list(tool)}; bare ${list(bare)})`,
  );
}
