// The user's repository and the wrappers the `baseline: build` fault tests share
// (faults-worktree.test.ts: signals; faults-worktree-kill.test.ts: SIGKILL and the next run).
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { RunActionOptions } from "../e2e/run-action.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { BASE_IMAGE, snapshotTree } from "./helpers.js";

/** Deleted after the test file. */
export const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export const which = (name: string) =>
  execFileSync("sh", ["-c", `command -v ${name}`])
    .toString()
    .trim();

export const gitIn = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();

/**
 * The user's repository: the base commit's RUN lasts 4 s (the signal lands in it), the head's does
 * not (it is benchmarked first and only has to be quick). A nonce keeps concurrent builds apart.
 */
export async function repository(): Promise<{ dir: string; base: string; head: string }> {
  const dir = await tempDir("dcb-wt-repo-");
  const nonce = randomUUID();
  gitIn(dir, "init", "-q", "-b", "feature");
  gitIn(dir, "config", "user.email", "ci@example.com");
  gitIn(dir, "config", "user.name", "CI");
  const commit = async (name: string, run: string) => {
    await writeFile(join(dir, "app.py"), `print("${name} ${nonce}")\n`);
    await writeFile(
      join(dir, "Dockerfile"),
      `ARG BASE\nFROM \${BASE}\nWORKDIR /app\nCOPY app.py .\nRUN echo ${name}-${nonce}${run}\n`,
    );
    gitIn(dir, "add", "-A");
    gitIn(dir, "commit", "-q", "-m", name);
    return gitIn(dir, "rev-parse", "HEAD");
  };
  const base = await commit("base", " && sleep 4");
  const head = await commit("head", "");
  return { dir, base, head };
}

/** The same with a bake file of two targets, one/ and two/; the base's RUNs last 2 s. */
export async function bakeRepository(): Promise<{ dir: string; base: string; head: string }> {
  const dir = await tempDir("dcb-wt-bake-");
  const nonce = randomUUID();
  gitIn(dir, "init", "-q", "-b", "feature");
  gitIn(dir, "config", "user.email", "ci@example.com");
  gitIn(dir, "config", "user.name", "CI");
  await writeFile(
    join(dir, "docker-bake.hcl"),
    'group "default" {\n  targets = ["one", "two"]\n}\ntarget "one" {\n  context = "one"\n}\ntarget "two" {\n  context = "two"\n}\n',
  );
  const commit = async (name: string, run: string) => {
    for (const t of ["one", "two"]) {
      await mkdir(join(dir, t), { recursive: true });
      await writeFile(join(dir, t, "app.py"), `print("${t} ${name} ${nonce}")\n`);
      await writeFile(
        join(dir, t, "Dockerfile"),
        `ARG BASE\nFROM \${BASE}\nWORKDIR /app\nCOPY app.py .\nRUN echo ${t}-${name}-${nonce}${run}\n`,
      );
    }
    gitIn(dir, "add", "-A");
    gitIn(dir, "commit", "-q", "-m", name);
    return gitIn(dir, "rev-parse", "HEAD");
  };
  const base = await commit("base", " && sleep 2");
  const head = await commit("head", "");
  return { dir, base, head };
}

export interface Wrappers {
  /** Directory to put first on PATH (holds `git`). */
  bin: string;
  docker: string;
  /** Every docker command line the Action ran. */
  dockerCommands: () => Promise<string[]>;
  /** Whether the git wrapper reached its point (`worktree add` done, or `worktree remove` begun). */
  gitAt: () => Promise<boolean>;
  /** Whether the git wrapper that lingers has ended (so nothing it does can come after the checks). */
  gitDone: () => Promise<boolean>;
}

/** `slowGit`: "add" lingers 6 s after the real add; "remove" sleeps 3 s before the real remove. */
export async function wrappers(slowGit: "add" | "remove" | null, holdBaseImage2 = false): Promise<Wrappers> {
  const dir = await tempDir("dcb-wt-bin-");
  const log = join(dir, "docker.log");
  // With holdBaseImage2: once the base's image 1 has had its two builds, every engine probe (the
  // base's image 2's detect: `docker info`, or `docker version` when info fails) sleeps, so the
  // signal lands between the base's two images. (The hold once matched `version` only; detection
  // moved to `info`, the hold stopped holding, and the signal raced image 2's cold build: CI of
  // 8e08085 counted 3 base builds.)
  const baseBuilds = join(dir, "base-builds");
  const hold = holdBaseImage2
    ? `case "$*" in *" build "*docker-cache-bench-base-*) echo b >> "${baseBuilds}" ;; esac\n` +
      `case "$1" in info|version) [ -f "${baseBuilds}" ] && [ "$(wc -l < "${baseBuilds}")" -ge 2 ] && sleep 8 < /dev/null > /dev/null 2>&1 ;; esac\n`
    : "";
  const at = join(dir, "git-at");
  const done = join(dir, "git-done");
  const docker = join(dir, "docker");
  await writeFile(
    docker,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\n${hold}exec "${which("docker")}" "$@"\n`,
  );
  const realGit = which("git");
  const git =
    slowGit === "add"
      ? `case "$*" in *" worktree add "*)\n  "${realGit}" "$@"; code=$?; echo $$ > "${at}"; sleep 6; : > "${done}"; exit $code ;;\nesac\n`
      : slowGit === "remove"
        ? `case "$*" in *" worktree remove "*)\n  echo $$ > "${at}"; sleep 3; "${realGit}" "$@"; code=$?; : > "${done}"; exit $code ;;\nesac\n`
        : "";
  await writeFile(join(dir, "git"), `#!/bin/sh\n${git}exec "${realGit}" "$@"\n`);
  await chmod(docker, 0o755);
  await chmod(join(dir, "git"), 0o755);
  const exists = (p: string) =>
    access(p).then(
      () => true,
      () => false,
    );
  return {
    bin: dir,
    docker,
    dockerCommands: async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean),
    gitAt: () => exists(at),
    // Done, or killed (the tool stops a git it no longer waits for).
    gitDone: async () => {
      if (!slowGit || (await exists(done))) return true;
      const pid = Number(await readFile(at, "utf8").catch(() => ""));
      if (!pid) return true;
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    },
  };
}

export async function until(what: string, ok: () => Promise<boolean>, ended: () => boolean): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!(await ok())) {
    if (ended() || Date.now() > deadline) throw new Error(`the Action ended before ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many builds had their context in the worktree. */
export function baseBuilds(commands: string[]): number {
  return commands.filter((l) => / build /.test(` ${l} `) && l.includes("docker-cache-bench-base-")).length;
}

/** The tags the run gave its builds (`-t docker-cache-bench:…`) that still name an image. */
export function imagesLeft(commands: string[]): string[] {
  const tags = commands.flatMap((c) =>
    [...c.matchAll(/(?:^| )(?:-t|--tag)[ =](docker-cache-bench:\S+)/g)].map((m) => m[1] ?? ""),
  );
  return tags.filter((t) => spawnSync("docker", ["image", "inspect", t], { stdio: "ignore" }).status === 0);
}

/** The user's files without .git (whose worktree bookkeeping the run adds and takes away). */
export async function userFiles(dir: string) {
  const all = await snapshotTree(dir);
  return [...all].filter(([p]) => p !== ".git" && !p.startsWith(".git/"));
}

/** The loopback GitHub API and cache service, up for the calling file's tests. */
export function loopbackServices(): { env: () => Record<string, string> } {
  let api: GitHubApi | undefined;
  let cache: CacheService | undefined;
  beforeAll(async () => {
    cache = await startCacheService();
    api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await cache?.stop();
  });
  return { env: () => ({ ...cache?.env, GITHUB_API_URL: api?.url ?? "" }) };
}

type Repo = Awaited<ReturnType<typeof repository>>;

/** runAction's options for the pull request of `repo` (feature onto main) with `baseline: build`. */
export function pullRequestRun(
  repo: Repo,
  o: Pick<RunActionOptions, "env" | "onSpawn" | "onOutput"> & { inputs: Record<string, string> },
): RunActionOptions {
  return {
    workspace: repo.dir,
    eventName: "pull_request",
    payload: {
      repository: { full_name: "acme/widgets", default_branch: "main" },
      pull_request: {
        number: 5,
        head: { sha: repo.head, ref: "feature", repo: { full_name: "acme/widgets" } },
        base: { sha: repo.base, ref: "main", repo: { full_name: "acme/widgets" } },
      },
    },
    sha: repo.head,
    ref: "refs/pull/5/merge",
    token: "t",
    ...o,
    inputs: { baseline: "build", "build-args": `BASE=${BASE_IMAGE}`, ...o.inputs },
  };
}
