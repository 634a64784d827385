// Docker children get an allowlisted environment (src/docker/child-env.ts), on the real engine:
// the CLI (both docker paths) and the bundled Action run with every token-looking variable set to
// a canary, and while a build step sleeps the test reads /proc/<pid>/environ of every process
// descended from the tool and of the build's own RUN processes: no canary anywhere. It also reads
// every process's command line: no build-arg or secret value.
// Positive controls keep the test honest: the tool's own environment holds the canary, docker's
// holds the build-arg value (the tool hands it over there, never in argv), and the RUN process's
// holds it too (its ARG), so an environ that could not be read cannot pass as clean.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../e2e/run-action.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { TOKENS } from "../support/github-api/tokens.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, copyProject, MODES } from "./helpers.js";
import { watchProcesses, type ProcWatchResult, type SeenProcess } from "./proc-watch.js";

const CANARY = `dcbcanary${randomBytes(6).toString("hex")}`;
const BUILD_ARG = `buildarg-${randomBytes(6).toString("hex")}`;
const SECRET = `secretval-${randomBytes(6).toString("hex")}`;

/** What a runner's step environment holds that docker has no use for, every one a canary. */
const TOKEN_ENV = {
  GITHUB_TOKEN: `ghs_${CANARY}`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: `oidc_${CANARY}`,
  ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.example/${CANARY}`,
  NPM_TOKEN: `npm_${CANARY}`,
  NODE_AUTH_TOKEN: `node_${CANARY}`,
  AWS_SECRET_ACCESS_KEY: `aws_${CANARY}`,
  DOCKER_PASSWORD: `pw_${CANARY}`,
  OTEL_EXPORTER_OTLP_HEADERS: `authorization=${CANARY}`,
};

async function project(): Promise<{ dir: string; marker: string }> {
  const dir = await copyProject("test/engine/projects/env-canary");
  const marker = `marker-${randomBytes(6).toString("hex")}`;
  const dockerfile = join(dir, "Dockerfile");
  await writeFile(dockerfile, (await readFile(dockerfile, "utf8")).replaceAll("MARKER", marker));
  return { dir, marker };
}

const has = (p: SeenProcess, entry: string) => p.env.includes(entry);
const describeAll = (ps: SeenProcess[]) =>
  ps.map((p) => `${p.pid} ${p.comm} ${p.argv.slice(0, 3).join(" ")}`);

/** The checks every run gets; `dockerComms` are the docker processes that must have been seen. */
function expectClean(w: ProcWatchResult, dockerComms: string[]) {
  expect(w.rootEnv.join("\n"), "the tool itself has the canaries").toContain(CANARY);
  const seen = describeAll(w.descendants);
  for (const comm of dockerComms)
    expect(
      w.descendants.some((p) => p.comm === comm),
      seen.join("\n"),
    ).toBe(true);
  const builds = w.descendants.filter((p) => has(p, `TOKEN=${BUILD_ARG}`));
  expect(builds.length, `a build's docker process read: ${seen.join("\n")}`).toBeGreaterThan(0);
  for (const p of w.descendants) {
    expect(
      p.env.filter((e) => e.includes(CANARY)),
      `${p.comm} ${p.argv.join(" ")}`,
    ).toEqual([]);
    expect(
      p.env.filter((e) => /^(INPUT_|GITHUB_|ACTIONS_|RUNNER_)/.test(e)),
      p.comm,
    ).toEqual([]);
  }
  expect(w.runs.length, "the build's RUN process was seen").toBeGreaterThan(0);
  expect(w.runs.some((p) => has(p, `TOKEN=${BUILD_ARG}`))).toBe(true);
  for (const p of w.runs)
    expect(
      p.env.filter((e) => e.includes(CANARY)),
      p.argv.join(" "),
    ).toEqual([]);
  expect(w.cmdlineLeaks).toEqual([]);
}

describe.each(MODES)("the CLI via $label", ({ docker, mode }) => {
  it("docker, buildx and the RUN step see no token; no value in any command line", async () => {
    const { dir, marker } = await project();
    // The bundled CLI, as users run it: under tsx its esbuild service would be a child too.
    const cli = spawnCli(
      [
        "run",
        dir,
        "--docker",
        docker,
        "--mode",
        mode,
        "--build-arg",
        `BASE=${BASE_IMAGE}`,
        "--build-arg",
        "TOKEN",
        "--secret",
        "id=npm,env=NPM_SECRET",
      ],
      {
        bundled: true,
        env: {
          ...TOKEN_ENV,
          "INPUT_GITHUB-TOKEN": `in_${CANARY}`,
          ACTIONS_RUNTIME_TOKEN: `rt_${CANARY}`,
          TOKEN: BUILD_ARG,
          NPM_SECRET: SECRET,
          DOCKER_CACHE_BENCH_STATE_DIR: join(dir, "..", `${marker}-state`),
        },
      },
    );
    const watch = watchProcesses(() => cli.pid, { marker, needles: [BUILD_ARG, SECRET] });
    const { code, stderr } = await cli.done;
    const w = await watch.stop();

    expect(code, stderr).toBe(0);
    // In buildx mode the builds run the plugin itself (src/docker/detect.ts directPlugin): the
    // client's own processes are short probes the watch may not catch, and are checked when it does.
    expectClean(w, mode === "buildx" ? ["docker-buildx"] : ["docker"]);
    // The user's --secret env=NPM_SECRET reaches docker (it reads the value there), named by them.
    expect(w.descendants.some((p) => has(p, `NPM_SECRET=${SECRET}`))).toBe(true);
  });
});

describe("the bundled Action", () => {
  let api: GitHubApi;
  let cache: CacheService;
  beforeAll(async () => {
    cache = await startCacheService({ token: `rt_${CANARY}` });
    api = await startGitHubApi({ repo: "acme/widgets", tokens: { [`gh_${CANARY}`]: TOKENS.actionsWrite } });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await cache?.stop();
  });

  it("docker, buildx and the RUN step see none of the job's tokens; no value in any command line", async () => {
    const { dir, marker } = await project();
    let pid: number | undefined;
    const watch = watchProcesses(() => pid, { marker, needles: [BUILD_ARG, SECRET] });
    const r = await runAction({
      workspace: dir,
      eventName: "push",
      payload: { repository: { full_name: "acme/widgets", default_branch: "main" } },
      sha: "c".repeat(40),
      ref: "refs/heads/main",
      token: `gh_${CANARY}`,
      inputs: { "build-args": `BASE=${BASE_IMAGE}\nTOKEN=${BUILD_ARG}`, secrets: `npm=${SECRET}` },
      env: { ...cache.env, GITHUB_API_URL: api.url, ...TOKEN_ENV },
      onSpawn: (p) => (pid = p),
    });
    const w = await watch.stop();

    expect(r.code, r.stdout).toBe(0);
    expectClean(w, ["docker-buildx"]);
    // The Action's inline secret goes to docker under the tool's own name, not the input's.
    expect(w.descendants.some((p) => has(p, `DOCKER_CACHE_BENCH_SECRET_0=${SECRET}`))).toBe(true);
  });
});
