// Signals in a multi-image run. `run --bake` and the Action's `bake:` benchmark their images one
// after the other, each with its own run (touch, locks, images, scratch files) and its own signal
// guard, so a signal can land where no image's guard is up: after image 1 finished and removed
// its images, before image 2's first build. It can also land in image 2's cold build, when image
// 1's images and report are done. What must hold at both points, for the CLI and for the bundled
// Action, on SIGTERM and SIGINT: the process ends by the signal; every image the run built (image
// 1's as well as image 2's, each looked up by the tag the run gave it) is gone; no scratch file,
// lock or journal stays in the state dir; every file of the project is byte-for-byte as before
// with its mtime; no report or baseline file is written half (none at all: the run never got to
// them). A docker wrapper logs every command the tool runs (the tags come from there) and, for
// the "between" point, sleeps in image 2's docker probe, so the signal lands in that gap every
// time.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../e2e/run-action.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { leftovers, runArgs, startCli } from "./cli-run.js";
import { BASE_IMAGE, MODES, snapshotTree, tempDirs } from "./helpers.js";

const tempDir = tempDirs();

/** Two targets, each touching its own file; the RUN after the COPY lasts, so a signal can land in it. */
async function bakeProject(): Promise<string> {
  const dir = await tempDir("dcb-bake-signal-");
  const nonce = randomUUID();
  for (const name of ["one", "two"]) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, "app.py"), `print("${name} ${nonce}")\n`);
    await writeFile(
      join(dir, name, "Dockerfile"),
      `ARG BASE\nFROM \${BASE}\nWORKDIR /app\nCOPY app.py .\nRUN echo ${name}-${nonce} && sleep 4\n`,
    );
  }
  await writeFile(
    join(dir, "docker-bake.hcl"),
    'group "default" {\n  targets = ["one", "two"]\n}\ntarget "one" {\n  context = "one"\n}\ntarget "two" {\n  context = "two"\n}\n',
  );
  return dir;
}

interface Wrapper {
  docker: string;
  /** Every command the tool ran through docker, one per line. */
  commands: () => Promise<string[]>;
  /** How many builds have been started. */
  builds: () => Promise<number>;
}

/**
 * A docker that logs its arguments, then runs the real client. With `between`, once two builds
 * (image 1's cold and warm) have started, every `info` probe (image 2's detect: the one probe
 * every client makes) first sleeps.
 */
async function wrapDocker(real: string, between: boolean): Promise<Wrapper> {
  const dir = await tempDir("dcb-bake-docker-");
  const resolved = real.includes("/")
    ? real
    : execFileSync("sh", ["-c", `command -v ${real}`])
        .toString()
        .trim();
  const log = join(dir, "commands.log");
  const builds = join(dir, "builds");
  const sleep = between
    ? `case "$*" in "info "*) [ -f "${builds}" ] && [ "$(wc -l < "${builds}")" -ge 2 ] && sleep 8 ;; esac\n`
    : "";
  const script =
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\n` +
    `case "$*" in "build "*|*" build "*) echo b >> "${builds}" ;; esac\n` +
    sleep +
    `exec "${resolved}" "$@"\n`;
  const docker = join(dir, "docker");
  await writeFile(docker, script);
  await chmod(docker, 0o755);
  return {
    docker,
    commands: async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean),
    builds: async () => (await readFile(builds, "utf8").catch(() => "")).split("\n").filter(Boolean).length,
  };
}

/** The tags the run's builds were given (`-t docker-cache-bench:…`). */
function builtTags(commands: string[]): string[] {
  return commands.flatMap((c) =>
    [...c.matchAll(/(?:^| )(?:-t|--tag)[ =](docker-cache-bench:\S+)/g)].map((m) => m[1] ?? ""),
  );
}

/** The tags of `tags` that still name an image. */
function imagesLeft(tags: string[]): string[] {
  return tags.filter((t) => spawnSync("docker", ["image", "inspect", t], { stdio: "ignore" }).status === 0);
}

/** What must hold after the signal; `built` is how many builds must have started (a positive control). */
async function expectNothingLeft(o: {
  wrapper: Wrapper;
  project: string;
  before: Awaited<ReturnType<typeof snapshotTree>>;
  stateDir: string;
  built: number;
}) {
  const commands = await o.wrapper.commands();
  const tags = builtTags(commands);
  expect(tags.length, commands.join("\n")).toBeGreaterThanOrEqual(o.built);
  // Image 1's cold and warm images as well as image 2's.
  expect(imagesLeft(tags)).toEqual([]);
  expect(await snapshotTree(o.project)).toEqual(o.before);
  expect(await leftovers(o.stateDir)).toEqual([]);
}

/**
 * Resolves at the point: image 2's progress line for "between" (the wrapper holds image 2's probe),
 * else once image 2's cold build has been running for a second (its RUN lasts 4 s). The phase
 * line alone is not enough: it is printed just before docker starts.
 */
async function reachPoint(
  c: { between: boolean },
  printed: () => string,
  wrapper: Wrapper,
  ended: () => boolean,
): Promise<void> {
  const deadline = Date.now() + 180_000;
  const reached = async () =>
    c.between ? /image 2 of 2: two/.test(printed()) : (await wrapper.builds()) >= 3;
  while (!(await reached())) {
    if (ended() || Date.now() > deadline) throw new Error(`the run ended before the point: ${printed()}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  if (!c.between) await new Promise((ok) => setTimeout(ok, 1000));
}

const POINTS = [
  {
    point: "between image 1 and image 2",
    between: true,
    built: 2,
  },
  {
    point: "in image 2's cold build",
    between: false,
    built: 3,
  },
];
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const CASES = POINTS.flatMap((p) => SIGNALS.map((sig) => ({ ...p, sig })));
/** The Action's runs are the slow ones: each point once, with the other signal at each. */
const ACTION_CASES = POINTS.map((p, i) => ({ ...p, sig: SIGNALS[i % 2] ?? "SIGTERM" }));
/** `--bake` resolves the file with buildx; the builds' docker path is covered by faults-*.test.ts. */
const BUILDX = MODES.filter((m) => m.mode === "buildx");

describe.each(BUILDX)("run --bake via $label", ({ docker, mode }) => {
  it.each(CASES)(
    "$sig $point: ends by it, no image, scratch file or report left, files intact",
    async (c) => {
      const project = await bakeProject();
      const before = await snapshotTree(project);
      const stateDir = await tempDir("dcb-bake-state-");
      const out = await tempDir("dcb-bake-out-");
      const wrapper = await wrapDocker(docker, c.between);
      const run = startCli(
        runArgs(
          project,
          "--bake",
          "docker-bake.hcl",
          "--docker",
          wrapper.docker,
          "--mode",
          mode,
          "--json",
          join(out, "r.json"),
          "--markdown",
          join(out, "c.md"),
        ),
        stateDir,
      );
      let ended = false;
      void run.done.then(() => (ended = true));
      await reachPoint(c, run.stderr, wrapper, () => ended);
      run.signal(c.sig);
      const result = await run.done;

      expect(result.signal, result.stderr).toBe(c.sig);
      await expectNothingLeft({ wrapper, project, before, stateDir, built: c.built });
      expect(await readdir(out)).toEqual([]);
    },
  );
});

describe("the bundled Action with bake:", () => {
  let api: GitHubApi;
  let cache: CacheService;
  beforeAll(async () => {
    cache = await startCacheService();
    api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await cache?.stop();
  });

  it.each(ACTION_CASES)(
    "$sig $point: ends by it, no image, scratch file, report or baseline left, files intact",
    async (c) => {
      const project = await bakeProject();
      const before = await snapshotTree(project);
      const wrapper = await wrapDocker("docker", c.between);
      let pid = 0;
      let printed = "";
      let ended = false;
      const running = runAction({
        workspace: project,
        eventName: "push",
        payload: { repository: { full_name: "acme/widgets", default_branch: "main" } },
        sha: "b".repeat(40),
        ref: "refs/heads/main",
        token: "t",
        inputs: { bake: "docker-bake.hcl", "build-args": `BASE=${BASE_IMAGE}`, docker: wrapper.docker },
        env: { ...cache.env, GITHUB_API_URL: api.url },
        onSpawn: (p) => (pid = p),
        onOutput: (all) => (printed = all),
      });
      void running.finally(() => (ended = true));
      await reachPoint(
        c,
        () => printed,
        wrapper,
        () => ended,
      );
      process.kill(pid, c.sig);
      const r = await running;

      expect(r.signal, r.stdout).toBe(c.sig);
      await expectNothingLeft({
        wrapper,
        project,
        before,
        stateDir: join(r.runnerTemp, "docker-cache-bench-state"),
        built: c.built,
      });
      // The runner's own files only: no report directory, no scratch file of the run.
      expect(
        (await readdir(r.runnerTemp)).filter(
          (f) => !["event.json", "output", "summary.md", "docker-cache-bench-state"].includes(f),
        ),
      ).toEqual([]);
      expect(r.outputs["report-path"]).toBeUndefined();
      expect(cache.entries()).toEqual([]);
    },
  );
});
