// Several images through the bundled Action (dist/main.js as the runner runs it) on the real
// engine, the loopback GitHub API and the loopback cache service (the real @actions/cache code):
// a push of a bake file saves one baseline per image; a pull request's bake run finds each, posts
// one comment with a row per image, and a regression in one target fails only its gate; a compose
// file of the same services and the jobs of a matrix (benchmark-id = the target's name) find the
// same baselines; a third run merges the matrix's reports into one comment. Runs in order.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReportSet } from "../../src/report/report-set.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { runAction, type ActionRun } from "../e2e/run-action.js";
import { BASE_IMAGE, REPO } from "./helpers.js";

const REPOSITORY = { full_name: "acme/widgets", default_branch: "main" };
const PR = 31;
/** api's Dockerfile with its code copied before the install: the install loses its cache. */
const API_COPY_FIRST =
  'ARG BASE=python:3.12-slim\nFROM ${BASE} AS base\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nFROM base AS prod\nCMD ["python", "-m", "api"]\n';

let api: GitHubApi;
let cache: CacheService;
let dir: string;
let pushSha = "";

function git(...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

function action(o: {
  event: "push" | "pull_request";
  sha: string;
  inputs: Record<string, string>;
  pr?: number;
}): Promise<ActionRun> {
  const pr = o.pr ?? PR;
  const payload =
    o.event === "push"
      ? { repository: REPOSITORY, before: "0".repeat(40) }
      : {
          repository: REPOSITORY,
          pull_request: {
            number: pr,
            head: { sha: o.sha, ref: `feature-${pr}`, repo: { full_name: "acme/widgets" } },
            base: { sha: pushSha, ref: "main", repo: { full_name: "acme/widgets" } },
          },
        };
  return runAction({
    workspace: dir,
    eventName: o.event,
    payload,
    sha: o.event === "push" ? o.sha : "m".repeat(40),
    ref: o.event === "push" ? "refs/heads/main" : `refs/pull/${pr}/merge`,
    token: "gh_actionsWrite",
    env: { ...cache.env, GITHUB_API_URL: api.url },
    inputs: { "build-args": `BASE=${BASE_IMAGE}`, ...o.inputs },
  });
}

const rows = (md: string) =>
  md
    .split("\n")
    .filter((l) => /^\| (❌|⚠️|✅) <code>/.test(l))
    .map((l) => l.match(/<code>([^<]+)<\/code>/)?.[1]);

const comments = (issue: number) => api.comments(issue).filter((c) => c.user.login === "github-actions[bot]");

beforeAll(async () => {
  cache = await startCacheService();
  api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  api.seed({ issues: [PR, PR + 1, PR + 2, PR + 3], comments: [] });
  dir = await mkdtemp(join(tmpdir(), "dcb-multi-"));
  await cp(join(REPO, "test/fixtures/bake/project"), dir, { recursive: true });
  // A nonce in every image: no other run's build cache can answer for these steps.
  const nonce = randomUUID();
  for (const s of ["api", "web", "worker"])
    await writeFile(join(dir, "services", s, "requirements.txt"), `flask==3.0.3\n# ${nonce}\n`);
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  git("add", "-A");
  git("commit", "-q", "-m", "three services");
  pushSha = git("rev-parse", "HEAD");
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await cache?.stop();
});

describe("several images through the Action", () => {
  it("push of a bake file: one report set, one baseline and one history point per image, no comment", async () => {
    const r = await action({ event: "push", sha: pushSha, inputs: { bake: "docker-bake.hcl" } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.passed).toBe("true");
    const set = parseReportSet(JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8")));
    expect(set.bake).toEqual({ files: ["docker-bake.hcl"], targets: [] });
    expect(set.images.map((e) => e.id)).toEqual(["api", "web", "worker"]);
    for (const e of set.images) {
      expect(e.report?.touched, e.id).toEqual(["main.py"]);
      expect(e.report?.source?.commit).toBe(pushSha);
      expect(e.report?.history?.map((p) => p.commit)).toEqual([pushSha]);
      // Relative to the repository, as a single image's: annotations find the Dockerfile by it.
      expect(e.report?.build.context).toBe(`services/${e.id}`);
    }
    // Keyed by the image's id: what a matrix job with benchmark-id: api restores.
    expect(cache.entries().map((e) => e.key)).toEqual(
      ["api", "web", "worker"].map((id) => `docker-cache-bench-v1:${id}:main:${pushSha}`),
    );
    expect(r.summary).toMatch(/Docker build benchmark · <code>docker-bake.hcl<\/code> · 3 images/);
    expect(api.requests().filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("pull request: each image against its own baseline, one comment, a regression in api fails only its gate", async () => {
    await writeFile(join(dir, "services/api/Dockerfile"), API_COPY_FIRST);
    git("commit", "-qam", "api copies its code before the install");
    const r = await action({
      event: "pull_request",
      sha: git("rev-parse", "HEAD"),
      inputs: { bake: "docker-bake.hcl", "fail-on-cache-regression": "true" },
    });
    git("reset", "-q", "--hard", pushSha);

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs["failed-gates"]).toBe("api:fail-on-cache-regression");
    expect(r.outputs.regressions).toBe("1");
    expect(r.outputs["baseline-commit"]).toBe(pushSha);
    expect(r.errors.join("\n")).toMatch(/1 gate failed:%0A- api: fail-on-cache-regression: /);
    const mine = comments(PR);
    expect(mine).toHaveLength(1);
    const body = mine[0]?.body ?? "";
    expect(rows(body)).toEqual(["api", "web", "worker"]);
    expect(body).toMatch(/\| ❌ <code>api<\/code> .*\| ❌ 1 of 1 \|/);
    expect(body).toMatch(/\| ✅ <code>web<\/code> .*\| ✅ 1 of 1 \|/);
    expect(body).toMatch(/\| ✅ <code>worker<\/code> .*\| ✅ 1 of 1 \|/);
    expect(body).toContain(`cached report of <code>${pushSha.slice(0, 7)}</code> on main`);
    // The regression annotated on api's Dockerfile, not on the repository root's.
    expect(r.stdout).toMatch(
      /^::warning title=docker-cache-bench%3A cache regression,file=services\/api\/Dockerfile,line=5::/m,
    );
    expect(r.summary).toContain("Full report of <code>worker</code>");
  });

  it("a second push with a target that fails: history grows per image, the failed one is named and not saved", async () => {
    const dockerfile = join(dir, "services/worker/Dockerfile");
    await writeFile(dockerfile, `${await readFile(dockerfile, "utf8")}RUN exit 3\n`);
    git("commit", "-qam", "worker fails");
    const sha = git("rev-parse", "HEAD");
    const r = await runAction({
      workspace: dir,
      eventName: "push",
      payload: { repository: REPOSITORY, before: pushSha },
      sha,
      ref: "refs/heads/main",
      token: "gh_actionsWrite",
      env: { ...cache.env, GITHUB_API_URL: api.url },
      inputs: { "build-args": `BASE=${BASE_IMAGE}`, bake: "docker-bake.hcl" },
    });
    git("reset", "-q", "--hard", pushSha);

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs["failed-gates"]).toBe("");
    expect(r.stdout).toMatch(
      /^::error title=docker-cache-bench%3A worker%3A cold build failed,file=services\/worker\/Dockerfile,line=9::/m,
    );
    expect(r.errors.join("\n")).toMatch(/1 build failed:%0A- worker: cold build failed/);
    expect(r.summary).toMatch(/\| ❌ <code>worker<\/code> \| cold build failed/);
    const set = parseReportSet(JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8")));
    expect(set.images.map((e) => [e.id, e.failed?.error.line ?? null])).toEqual([
      ["api", null],
      ["web", null],
      ["worker", 9],
    ]);
    // Each image continued its own history from its own baseline.
    for (const e of set.images.filter((x) => x.report))
      expect(
        e.report?.history?.map((p) => p.commit),
        e.id,
      ).toEqual([pushSha, sha]);
    expect(
      cache
        .entries()
        .map((e) => e.key)
        .filter((k) => k.endsWith(sha)),
    ).toEqual(["api", "web"].map((id) => `docker-cache-bench-v1:${id}:main:${sha}`));
  });

  it("baseline: build benchmarks the bake file at the PR's base commit in a worktree, image by image", async () => {
    await writeFile(join(dir, "services/api/Dockerfile"), API_COPY_FIRST);
    git("commit", "-qam", "api copies its code before the install");
    const head = git("rev-parse", "HEAD");
    const r = await action({
      event: "pull_request",
      sha: head,
      pr: PR + 3,
      inputs: { bake: "docker-bake.hcl", baseline: "build" },
    });
    git("reset", "-q", "--hard", pushSha);

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.regressions).toBe("1");
    expect(r.outputs["baseline-commit"]).toBe(pushSha);
    const body = comments(PR + 3)[0]?.body ?? "";
    expect(rows(body)).toEqual(["api", "web", "worker"]);
    expect(body).toMatch(/⚠️ \*\*Cache regression\*\* in <code>api<\/code>/);
    expect(body).toContain(`built in this job from <code>${pushSha.slice(0, 7)}</code> on main`);
    expect(git("worktree", "list").split("\n")).toHaveLength(1);
  });

  it("a compose file of the same services: one comment, each service finds the bake run's baseline", async () => {
    const r = await action({
      event: "pull_request",
      sha: pushSha,
      pr: PR + 1,
      inputs: { bake: "compose.yaml" },
    });
    expect(r.code, r.stdout).toBe(0);
    const body = comments(PR + 1)[0]?.body ?? "";
    // A compose file's services in name order (buildx 0.13 prints them in Go map order).
    expect(rows(body)).toEqual(["api", "web"]);
    // Compared (timings move on a shared machine; whether beyond the noise floor is not the point).
    expect(body).toMatch(/\| ✅ <code>api<\/code> \| [\d.]+s \([−+±]/);
    expect(body).not.toContain("No baseline");
    expect(body).toContain(`cached report of <code>${pushSha.slice(0, 7)}</code> on main`);
    expect(r.outputs["baseline-commit"]).toBe(pushSha);
  });

  it("a matrix: two jobs each write a report, a third run merges them into one comment", async () => {
    const jobs = [
      { id: "api", context: "services/api", target: "prod" },
      { id: "web", context: "services/web", target: "" },
    ];
    for (const job of jobs) {
      const r = await action({
        event: "pull_request",
        sha: pushSha,
        pr: PR + 2,
        inputs: { "benchmark-id": job.id, context: job.context, target: job.target, comment: "never" },
      });
      expect(r.code, r.stdout).toBe(0);
      // The job found the baseline the bake push saved for its image.
      expect(r.outputs["baseline-commit"], job.id).toBe(pushSha);
      await mkdir(join(dir, "artifacts", job.id), { recursive: true });
      await cp(r.outputs["report-path"] ?? "", join(dir, "artifacts", job.id, "report.json"));
    }
    expect(comments(PR + 2)).toEqual([]);

    const r = await action({
      event: "pull_request",
      sha: pushSha,
      pr: PR + 2,
      inputs: { report: "artifacts/**/*.json", "benchmark-id": "services" },
    });
    expect(r.code, r.stdout).toBe(0);
    const mine = comments(PR + 2);
    expect(mine).toHaveLength(1);
    expect(rows(mine[0]?.body ?? "")).toEqual(["api", "web"]);
    expect(mine[0]?.body).toContain("2 images");
    expect(mine[0]?.body).toContain(`cached report of <code>${pushSha.slice(0, 7)}</code> on main`);
    expect(mine[0]?.body).not.toContain("No baseline");
    expect(r.summary).toContain("Full report of <code>web</code>");
    const merged = parseReportSet(JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8")));
    expect(merged.images.map((e) => e.id)).toEqual(["api", "web"]);
  });

  it.each([
    {
      name: "a glob matching nothing",
      report: "nowhere/*.json",
      error: /report: no report file matches nowhere\/\*\.json \(did the artifact download step run\?\)/,
    },
    {
      name: "a file that is not JSON",
      report: "docker-bake.hcl",
      error: /report: .*docker-bake\.hcl: not valid JSON/,
    },
    {
      name: "a JSON file that is not a report",
      report: "notes.json",
      error: /report: .*notes\.json: not a docker-cache-bench report \(schemaVersion 1 or 2\)/,
    },
  ])("report: $name fails with the file named", async ({ report, error }) => {
    await writeFile(join(dir, "notes.json"), '{"name":"widgets"}\n');
    const r = await action({ event: "pull_request", sha: pushSha, pr: PR + 2, inputs: { report } });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.errors.join("\n")).toMatch(error);
  });

  it("report: two images with one id say how to tell them apart", async () => {
    await mkdir(join(dir, "artifacts", "copy"), { recursive: true });
    await cp(join(dir, "artifacts/api/report.json"), join(dir, "artifacts/copy/report.json"));
    const r = await action({
      event: "pull_request",
      sha: pushSha,
      pr: PR + 2,
      inputs: { report: "artifacts/*/report.json" },
    });
    expect(r.code).toBe(1);
    expect(r.errors.join("\n")).toMatch(
      /report: two images have the id "api": give each matrix job its own benchmark-id/,
    );
  });
});
