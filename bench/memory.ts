// Memory of `docker-cache-bench parse` on a long log of many steps: the parser keeps per-step
// state only, so a 200 MB log of 4,700 steps must stay under 150 MB RSS and must parse with a
// 64 MB heap cap (`--max-old-space-size=64`). Runs the bundled CLI as a child, as users do.
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeManyStepsLog } from "./generate.js";

const REPO = resolve(import.meta.dirname, "..");
export const RSS_BUDGET_MB = 150;

function parseChild(
  path: string,
  heapMb: number | null,
): { rssMb: number | null; ok: boolean; tail: string } {
  const args = [
    ...(heapMb === null ? [] : [`--max-old-space-size=${heapMb}`]),
    "--import",
    join(REPO, "bench/rss.mjs"),
    join(REPO, "dist/cli.js"),
    "parse",
    path,
  ];
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1e8 });
  const err = r.stderr.toString();
  const kb = /dcb-bench-max-rss-kb=(\d+)/.exec(err)?.[1];
  const ok = r.status === 0;
  return {
    rssMb: kb ? Number(kb) / 1024 : null,
    ok,
    tail: ok ? "" : err.trim().split("\n").slice(-2).join(" "),
  };
}

export async function memoryBench(
  kind: "plain" | "rawjson",
  dir: string,
  mb: number,
  steps: number,
): Promise<void> {
  const path = join(dir, `many-${kind}.log`);
  const bytes = await writeManyStepsLog(path, kind, mb, steps);
  const free = parseChild(path, null);
  const capped = parseChild(path, 64);
  const show = (r: ReturnType<typeof parseChild>) =>
    r.ok
      ? `${r.rssMb?.toFixed(0)} MB RSS (ratio ${((r.rssMb ?? 0) / RSS_BUDGET_MB).toFixed(2)}× the ${RSS_BUDGET_MB} MB budget)`
      : `FAILED (${r.tail.slice(0, 160)})`;
  console.log(
    `memory ${kind.padEnd(7)} ${(bytes / 1e6).toFixed(0)} MB, ${steps} steps via dist/cli.js parse: ${show(free)}; ` +
      `with --max-old-space-size=64: ${show(capped)}`,
  );
  await rm(path);
}
