// The Action end to end: the bundled dist/main.js run as the runner runs it, against the real
// Docker engine, a loopback GitHub API and the loopback cache service (real @actions/cache code).
// Runs in order: a push saves the baseline that later pull request runs compare with.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_COMMENT_CHARS } from "../../src/report/comment.js";
import { FailedReportSchema, parseReport } from "../../src/report/schema.js";
import { TOOL_VERSION } from "../../src/version.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { ACTION_NODE, manifestNodeMajor, runAction, type RunActionOptions } from "../e2e/run-action.js";
import { currentEngine } from "../support/engine.js";
import { checkDocExample, stableComment } from "./doc-examples.js";
import { BASE_IMAGE, REPO } from "./helpers.js";

const WRITE = "gh_actionsWrite";
const READ_ONLY = "gh_actionsReadOnly";
const REPOSITORY = { full_name: "acme/widgets", default_branch: "main" };
const BUILD_ARGS = `BASE=${BASE_IMAGE}`;

let api: GitHubApi;
let cache: CacheService;

/** A git repository holding one or more example projects as successive commits; returns the commit ids. */
async function workspace(...examples: string[]): Promise<{ dir: string; commits: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-ws-"));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  const commits: string[] = [];
  for (const ex of examples) {
    execFileSync("sh", ["-c", `find "${dir}" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +`]);
    await cp(join(REPO, ex), dir, { recursive: true });
    git("add", "-A");
    git("commit", "-q", "-m", ex);
    commits.push(git("rev-parse", "HEAD"));
  }
  return { dir, commits };
}

function prPayload(number: number, head: string, base: string, fork = false) {
  return {
    repository: REPOSITORY,
    pull_request: {
      number,
      head: {
        sha: head,
        ref: `feature-${number}`,
        repo: { full_name: fork ? "someone/widgets" : "acme/widgets" },
      },
      base: { sha: base, ref: "main", repo: { full_name: "acme/widgets" } },
    },
  };
}

function run(
  o: Partial<RunActionOptions> &
    Pick<RunActionOptions, "workspace" | "eventName" | "payload" | "sha" | "ref">,
) {
  return runAction({
    token: WRITE,
    ...o,
    env: { ...cache.env, GITHUB_API_URL: api.url, ...o.env },
    inputs: { "build-args": BUILD_ARGS, ...o.inputs },
  });
}

/** A push whose `max-image-size` cannot be read: the Action fails before any build. */
async function pushWithUnreadableInput() {
  const ws = await workspace("examples/python-good-order");
  return run({
    workspace: ws.dir,
    eventName: "push",
    payload: { repository: REPOSITORY },
    sha: baselineSha,
    ref: "refs/heads/main",
    inputs: { "max-image-size": "huge" },
  });
}

const botComments = (issue: number) =>
  api.comments(issue).filter((c) => c.user.login === "github-actions[bot]");

let baselineSha = "";

beforeAll(async () => {
  cache = await startCacheService();
  api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  api.seed({
    issues: [7, 8, 9, 10, 11, 13],
    comments: Array.from({ length: 150 }, (_, i) => ({
      issue: 7,
      author: `reviewer-${i % 5}`,
      body: `LGTM ${i}`,
    })),
  });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await cache?.stop();
});

describe("the Action, end to end", () => {
  it("push to the default branch: measures and saves the baseline, no comment", async () => {
    const ws = await workspace("examples/python-good-order");
    baselineSha = ws.commits[0] ?? "";
    const r = await run({
      workspace: ws.dir,
      eventName: "push",
      payload: { repository: REPOSITORY },
      sha: baselineSha,
      ref: "refs/heads/main",
    });

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.passed).toBe("true");
    expect(Number(r.outputs["warm-seconds"])).toBeGreaterThan(0);
    expect(Number(r.outputs["image-size-bytes"])).toBeGreaterThan(1_000_000);
    expect(cache.entries().map((e) => e.key)).toEqual([`docker-cache-bench-v1:.:main:${baselineSha}`]);
    expect(r.summary).toContain("Docker build benchmark");
    expect(r.summary).toContain("No baseline yet");
    expect(api.requests().filter((q) => q.method !== "GET")).toEqual([]);
    const report = parseReport(JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8")));
    expect(report.source?.commit).toBe(baselineSha);
    // The Action's process builds on the engine DCB_ENGINE selected, not on the machine's default.
    expect(Number(report.docker.serverVersion.split(".")[0])).toBe(currentEngine().serverMajor);
    expect(report.image.storageDriver).toBe(currentEngine().storageDriver);
  });

  it("pull request: compares with the cached baseline and creates one sticky comment among 150 others", async () => {
    const ws = await workspace("examples/python-good-order");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(7, "a".repeat(40), baselineSha),
      sha: "m".repeat(40),
      ref: "refs/pull/7/merge",
      inputs: { "fail-on-cache-regression": "true" },
    });

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs["baseline-commit"]).toBe(baselineSha);
    expect(r.outputs.regressions).toBe("0");
    expect(r.outputs.passed).toBe("true");
    const mine = botComments(7);
    expect(mine).toHaveLength(1);
    expect(r.outputs["comment-id"]).toBe(String(mine[0]?.id));
    expect(mine[0]?.body).toContain("| | Base | This PR | Change |");
    expect(mine[0]?.body).toContain(`cached report of <code>${baselineSha.slice(0, 7)}</code> on main`);
    expect(api.comments(7)).toHaveLength(151);
  });

  it("the next run on the same pull request updates that comment: no duplicate", async () => {
    const ws = await workspace("examples/python-good-order");
    const before = botComments(7)[0]?.id;
    api.clearRequests();
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(7, "a".repeat(40), baselineSha),
      sha: "m".repeat(40),
      ref: "refs/pull/7/merge",
    });

    expect(r.code, r.stdout).toBe(0);
    expect(botComments(7).map((c) => c.id)).toEqual([before]);
    expect(r.outputs["comment-id"]).toBe(String(before));
    // All 151 comments were read (two pages of 100) before deciding.
    expect(
      api.requests().filter((q) => q.method === "GET" && q.path.endsWith("/comments")).length,
    ).toBeGreaterThanOrEqual(2);
    expect(api.requests().filter((q) => q.method === "POST")).toEqual([]);
  });

  it("a pull request that moves COPY . . above the install: the regression gate fails the step", async () => {
    const ws = await workspace("examples/python-bad-order");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(8, "b".repeat(40), baselineSha),
      sha: "n".repeat(40),
      ref: "refs/pull/8/merge",
      // The inputs docs/example-comment.md names: the comment is checked against it below.
      inputs: { "fail-on-cache-regression": "true", "max-image-size": "250MB" },
    });

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs["failed-gates"]).toBe("fail-on-cache-regression");
    expect(r.outputs.regressions).toBe("1");
    expect(r.errors.join("\n")).toMatch(
      /fail-on-cache-regression: cache regression: RUN pip install --no-cache-dir -r requirements.txt \(line 7\)/,
    );
    const body = botComments(8)[0]?.body ?? "";
    expect(body).toContain("❌ **1 gate failed**");
    expect(body).toContain("**Lost its cache**");
    expect(body).toContain("#### Why, and how to fix it");
    expect(body).toContain("`dependency-install-after-context-copy`");
    expect(r.summary).toContain("Lost its cache");
    expect(r.summary).toContain("```mermaid");
    // Annotations on the Dockerfile line in the PR diff (@actions/core escapes ":" in properties as %3A).
    expect(r.stdout).toMatch(
      /^::warning title=docker-cache-bench%3A cache regression,file=Dockerfile,line=7::/m,
    );
    expect(r.stdout).toMatch(
      /^::warning title=docker-cache-bench%3A dependency-install-after-context-copy,file=Dockerfile,line=7::/m,
    );
    checkDocExample("comment", body, stableComment);
  });

  it("a budget: max-image-size fails the step with the right outputs", async () => {
    const ws = await workspace("examples/python-good-order");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(7, "a".repeat(40), baselineSha),
      sha: "m".repeat(40),
      ref: "refs/pull/7/merge",
      inputs: { "max-image-size": "1MB" },
    });

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs["failed-gates"]).toBe("max-image-size");
    expect(r.errors.join("\n")).toMatch(
      /max-image-size: image size 3\.\d+ MB \(uncompressed\) exceeds max-image-size 1\.00 MB/,
    );
  });

  it("a fork's read-only token: a warning, the summary and the report file, and the job passes", async () => {
    const ws = await workspace("examples/python-good-order");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      token: READ_ONLY,
      payload: prPayload(9, "c".repeat(40), baselineSha, true),
      sha: "o".repeat(40),
      ref: "refs/pull/9/merge",
    });

    expect(r.code, r.stdout).toBe(0);
    expect(r.warnings.join("\n")).toMatch(/read-only/);
    expect(r.summary).toContain("Docker build benchmark");
    expect(
      parseReport(JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8"))).summary.steps,
    ).toBeGreaterThan(0);
    expect(botComments(9)).toEqual([]);
  });

  it("workflow_run with a report file: finds the fork PR by head SHA and keeps a huge comment under the limit", async () => {
    const ws = await workspace("examples/python-good-order");
    const first = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      token: READ_ONLY,
      payload: prPayload(10, "d".repeat(40), baselineSha, true),
      sha: "p".repeat(40),
      ref: "refs/pull/10/merge",
    });
    const report = parseReport(JSON.parse(await readFile(first.outputs["report-path"] ?? "", "utf8")));
    const filler = report.warm.steps.find((s) => s.instruction?.startsWith("COPY . ."));
    for (let i = 0; i < 3000; i++)
      report.warm.steps.push({
        ...filler!,
        name: `[x ${i}/3000] RUN echo ${"y".repeat(80)}`,
        instruction: `RUN echo ${i}`,
      });
    for (let i = 0; i < 3000; i++)
      report.cold.steps.push({
        ...filler!,
        name: `[x ${i}/3000] RUN echo ${"y".repeat(80)}`,
        instruction: `RUN echo ${i}`,
      });
    const reportPath = join(ws.dir, "..", "pr-10-report.json");
    await writeFile(reportPath, JSON.stringify(report));
    api.seed({
      pulls: [
        {
          number: 10,
          headSha: "d".repeat(40),
          headRef: "feature-10",
          baseRef: "main",
          baseSha: baselineSha,
          forkOwner: "someone",
        },
      ],
    });

    const r = await run({
      workspace: ws.dir,
      eventName: "workflow_run",
      payload: {
        repository: REPOSITORY,
        workflow_run: {
          head_sha: "d".repeat(40),
          head_branch: "feature-10",
          conclusion: "success",
          pull_requests: [],
        },
      },
      sha: baselineSha,
      ref: "refs/heads/main",
      inputs: { report: reportPath },
    });

    expect(r.code, r.stdout).toBe(0);
    const body = botComments(10)[0]?.body ?? "";
    expect(body).toMatch(/\| … \d+ more steps in the \[job summary\]/);
    expect(body.length).toBeGreaterThan(10_000);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toContain(`cached report of <code>${baselineSha.slice(0, 7)}</code>`);
    expect(r.summary.length).toBeGreaterThan(body.length);
  });

  it("pull_request_target: refuses to build, and says what to do instead", async () => {
    const ws = await workspace("examples/python-good-order");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request_target",
      payload: prPayload(12, "e".repeat(40), baselineSha),
      sha: baselineSha,
      ref: "refs/heads/main",
    });

    expect(r.code).toBe(1);
    expect(r.errors.join("\n")).toMatch(
      /pull_request_target is not supported for building: measure on pull_request and compare and comment on workflow_run/,
    );
    expect(botComments(12)).toEqual([]);
  });

  it("baseline: build benchmarks the PR's base commit in a worktree and catches the regression", async () => {
    const ws = await workspace("examples/python-good-order", "examples/python-bad-order");
    const [base, head] = ws.commits;
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(11, head ?? "", base ?? ""),
      sha: head ?? "",
      ref: "refs/pull/11/merge",
      inputs: { baseline: "build" },
    });

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs["baseline-commit"]).toBe(base);
    expect(r.outputs.regressions).toBe("1");
    expect(botComments(11)[0]?.body).toContain(`built in this job from <code>${base?.slice(0, 7)}</code>`);
    expect(
      execFileSync("git", ["-C", ws.dir, "worktree", "list"], { encoding: "utf8" }).trim().split("\n"),
    ).toHaveLength(1);
  });

  it("a build that fails: annotation on the line, the log tail in a group and the summary, outputs and a partial report", async () => {
    const ws = await workspace("test/engine/projects/fails-compile");
    const r = await run({
      workspace: ws.dir,
      eventName: "pull_request",
      payload: prPayload(13, "f".repeat(40), baselineSha),
      sha: "q".repeat(40),
      ref: "refs/pull/13/merge",
      inputs: { "build-args": `${BUILD_ARGS}\nTOKEN=tok-9f8e7d` },
    });

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs.failure).toMatch(
      /^cold build failed at step ".*" \(Dockerfile line 8\) with exit code 3/,
    );
    expect(r.stdout).toMatch(
      /^::error title=docker-cache-bench%3A cold build failed,file=Dockerfile,line=8::docker-cache-bench: cold build failed .*%0Amain.c:3: error: missing semicolon$/m,
    );
    expect(r.stdout).toMatch(
      /^::group::.*failing step's output\n\| cc -c main.c \(registry token \$\{TOKEN\}\)\n\| main.c:3: error: missing semicolon\n::endgroup::$/m,
    );
    expect(r.summary).toContain("❌ The **cold build failed**");
    expect(r.summary).toContain("main.c:3: error: missing semicolon");
    const partial = FailedReportSchema.parse(
      JSON.parse(await readFile(r.outputs["report-path"] ?? "", "utf8")),
    );
    expect(partial.error).toMatchObject({ phase: "cold", line: 8, exitCode: 3 });
    expect(r.stdout + r.summary + JSON.stringify(partial)).not.toContain("tok-9f8e7d");
    expect(botComments(13)).toEqual([]);
  });

  it("an input it cannot read: outputs and a summary all the same", async () => {
    const r = await pushWithUnreadableInput();

    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs.failure).toMatch(/max-image-size: cannot read "huge"/);
    expect(r.summary).toMatch(/❌ max-image-size: cannot read/);
    expect(r.errors.join("\n")).toMatch(/max-image-size: cannot read/);
  });

  it("runs on the Node it was given; DCB_ACTION_NODE must be the one action.yml names", async () => {
    // It fails before any build: this test is about the runtime.
    const r = await pushWithUnreadableInput();

    const selected = execFileSync(ACTION_NODE, ["-p", "process.version"], { encoding: "utf8" }).trim();
    expect(r.stdout).toContain(`docker-cache-bench ${TOOL_VERSION} on Node ${selected}\n`);
    // A Node 24 pass that silently fell back to the machine's Node would prove nothing.
    if (process.env.DCB_ACTION_NODE)
      expect(selected).toMatch(new RegExp(`^v${await manifestNodeMajor()}\\.`));
  });

  it("a build that needs a secret: one log group per build, the value masked and redacted", async () => {
    const ws = await workspace("test/engine/projects/needs-secret");
    const r = await run({
      workspace: ws.dir,
      eventName: "push",
      payload: { repository: REPOSITORY },
      sha: ws.commits[0] ?? "",
      ref: "refs/heads/feature",
      inputs: { secrets: "pip_token=pypi-tok-77e1a0c3" },
    });

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.passed).toBe("true");
    for (const phase of ["cold", "warm"]) {
      const group = new RegExp(`^::group::${phase} build \\(head\\)\\n([\\s\\S]*?)^::endgroup::$`, "m").exec(
        r.stdout,
      );
      expect(group?.[1], phase).toMatch(
        // Newer BuildKit may label the step with its stage ("[stage-0 4/5]").
        /^#\d+ \[(?:[\w.-]+ )?\d+\/\d+\] RUN --mount=type=secret/m,
      );
      if (phase === "cold") expect(group?.[1]).toMatch(/^#\d+ .*index token: \$\{pip_token\}$/m);
    }
    // The runner learns the value from ::add-mask:: (and hides it); nothing else may carry it.
    const shown = r.stdout.replace(/^::add-mask::.*$/m, "");
    expect(shown + r.summary + JSON.stringify(r.outputs)).not.toContain("pypi-tok-77e1a0c3");
  });
});
