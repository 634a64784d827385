// Shared setup for tests that drive the real Docker engine (scripts/setup-docker.sh prepares it).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll } from "vitest";
import type { BenchmarkOptions } from "../../src/benchmark.js";
import { defaultBenchOptions } from "../support/bench-options.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const BASE_IMAGE = process.env.DCB_BASE_IMAGE ?? "docker-cache-bench/base:local";

const BUILTIN_DOCKER = process.env.DCB_BUILTIN_DOCKER ?? "/usr/bin/docker";

/**
 * A Docker ≤ 22 client (built-in BuildKit) is there on machines set up by scripts/setup-docker.sh
 * (Debian's docker.io 20.10), not on GitHub's runners (Docker 28 everywhere). .ci/run sets
 * DCB_REQUIRE_BUILTIN=1, so there a missing client fails the tests instead of skipping them.
 */
function hasBuiltinClient(): boolean {
  try {
    const v = execFileSync(BUILTIN_DOCKER, ["version", "--format", "{{.Client.Version}}"], {
      encoding: "utf8",
    });
    return Number(v.split(".")[0]) < 23;
  } catch {
    return false;
  }
}

/** Both docker paths the engine supports: buildx (first docker on PATH) and a Docker 20.10 client's built-in BuildKit. */
export const MODES = [
  { label: "buildx", docker: "docker", mode: "buildx" as const },
  ...(hasBuiltinClient() || process.env.DCB_REQUIRE_BUILTIN === "1"
    ? [{ label: "20.10 built-in BuildKit", docker: BUILTIN_DOCKER, mode: "builtin" as const }]
    : []),
];

/**
 * A maker of scratch directories under the system temp dir, all removed once the calling test file
 * is done. Call it at a file's top level: that is where its afterAll hook must be registered.
 */
export function tempDirs(): (prefix: string) => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  return async (prefix) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** A private copy of an example or test project, so touches and journals never hit the repo. */
export async function copyProject(rel: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-engine-"));
  await cp(join(REPO, rel), dir, { recursive: true });
  return dir;
}

/**
 * A copy whose steps no other test file's build shares: BuildKit merges a step with an identical
 * one another build is running at that moment, even under --no-cache (seen in CI on 20.10: a cold
 * build's secret-mounting RUN reported CACHED, with the other test's output, and BuildKit then
 * panicked with "failed to get edge"). A comment carrying a nonce goes into `file`, which the
 * Dockerfile copies before its RUN steps; the build ignores it.
 */
export async function copyProjectUnique(rel: string, file: string, comment = "#"): Promise<string> {
  const dir = await copyProject(rel);
  await appendFile(join(dir, file), `${comment} test nonce ${randomBytes(6).toString("hex")}\n`);
  return dir;
}

export function benchOptions(contextDir: string, over: Partial<BenchmarkOptions> = {}): BenchmarkOptions {
  const stateDir = join(contextDir, "..", `${contextDir.split("/").pop()}-state`);
  return defaultBenchOptions(contextDir, stateDir, { buildArgs: { BASE: BASE_IMAGE }, ...over });
}

/** Content and mtime of every file under dir, to prove a run left the tree exactly as it was. */
export async function snapshotTree(dir: string): Promise<Map<string, { content: string; mtimeNs: bigint }>> {
  const out = new Map<string, { content: string; mtimeNs: bigint }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const p = join(entry.parentPath, entry.name);
    const st = await stat(p, { bigint: true });
    out.set(p.slice(dir.length + 1), {
      content: (await readFile(p)).toString("base64"),
      mtimeNs: st.mtimeNs,
    });
  }
  return out;
}
