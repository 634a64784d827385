// The Action, end to end, against hostile input and a misbehaving API: file names that try to
// issue workflow commands, a secret build arg, an API that never answers, a 500 then a 200, and
// CJK text past the job summary's 1 MiB limit. The first test builds on the real engine; the
// others reuse its report (`report:` input), so they need no build.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SUMMARY_BYTES } from "../../src/action/outputs.js";
import { parseReport } from "../../src/report/schema.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { runAction, type RunActionOptions } from "../e2e/run-action.js";
import { BASE_IMAGE, REPO } from "./helpers.js";

const SECRET = "tok-5ecret-a1b2c3d4";
const HOSTILE = "x\n::error title=pwned::injected\x1b]8;;evil\x1b\\.py";
const REPOSITORY = { full_name: "acme/widgets", default_branch: "main" };

let api: GitHubApi;
let cache: CacheService;
let reportPath = "";

beforeAll(async () => {
  cache = await startCacheService();
  api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  api.seed({ issues: [21, 22, 23, 24] });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await cache?.stop();
});

function pr(number: number) {
  return {
    repository: REPOSITORY,
    pull_request: {
      number,
      head: { sha: "a".repeat(40), ref: `feature-${number}`, repo: { full_name: "acme/widgets" } },
      base: { sha: "b".repeat(40), ref: "main", repo: { full_name: "acme/widgets" } },
    },
  };
}

function run(o: Partial<RunActionOptions> & Pick<RunActionOptions, "workspace">) {
  return runAction({
    eventName: "pull_request",
    payload: pr(21),
    sha: "m".repeat(40),
    ref: "refs/pull/21/merge",
    token: "gh_actionsWrite",
    ...o,
    env: { ...cache.env, GITHUB_API_URL: api.url, ...o.env },
    inputs: { baseline: "none", ...o.inputs },
  });
}

/** Lines the runner would execute as workflow commands (it trims each line first). */
const commands = (stdout: string) => stdout.split("\n").filter((l) => /^::|##\[/.test(l.trim()));

describe("the Action with hostile input", () => {
  it("a file name holding a workflow command and a secret build arg: no command injected, nothing leaked", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-hostile-"));
    await cp(join(REPO, "test/engine/projects/hostile-names"), dir, { recursive: true });
    await writeFile(join(dir, "app", HOSTILE), "print('hi')\n");
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" });
    git("init", "-q", "-b", "main");
    git("-c", "user.email=ci@example.com", "-c", "user.name=CI", "commit", "-q", "--allow-empty", "-m", "x");

    const r = await run({
      workspace: dir,
      inputs: { "build-args": `BASE=${BASE_IMAGE}\nTOKEN=${SECRET}` },
    });

    expect(r.code, r.stdout).toBe(0);
    // The touch names the file in the log: escaped, the ESC sequence gone.
    expect(r.stdout).toContain("touch: app/x\\n::error title=pwned::injected.py");
    expect(r.stdout).not.toContain("\x1b");
    expect(commands(r.stdout).filter((l) => /pwned/.test(l) && !/^::(warning|notice)/.test(l))).toEqual([]);
    expect(r.errors).toEqual([]);
    reportPath = r.outputs["report-path"] ?? "";
    const report = await readFile(reportPath, "utf8");
    const comment = api
      .comments(21)
      .map((c) => c.body)
      .join("\n");
    expect(comment).toContain("Docker build benchmark");
    for (const text of [r.stdout, r.summary, report, comment, JSON.stringify(r.outputs)])
      expect(text).not.toContain(SECRET);
  });

  it("an API that accepts and never answers: times out, warns, and the job finishes", async () => {
    api.fail("GET", /\/issues\/22\/comments$/, { status: 0, message: "", hang: true });
    try {
      const started = performance.now();
      const r = await run({
        workspace: REPO,
        payload: pr(22),
        inputs: { report: reportPath },
        env: { DOCKER_CACHE_BENCH_API_TIMEOUT: "2" },
      });
      expect(r.code, r.stdout).toBe(0);
      expect(r.warnings.join("\n")).toMatch(/PR comment not posted: .*got no answer within 2 s/);
      expect(r.summary).toContain("Docker build benchmark");
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      api.fail("GET", /\/issues\/22\/comments$/, undefined);
    }
  });

  it("an API that answers 500, then 200: retried, and the comment is posted", async () => {
    api.fail("POST", /\/issues\/23\/comments$/, { status: 500, message: "Server Error", times: 1 });
    api.clearRequests();
    const r = await run({ workspace: REPO, payload: pr(23), inputs: { report: reportPath } });

    expect(r.code, r.stdout).toBe(0);
    expect(
      api
        .requests()
        .filter((q) => q.method === "POST")
        .map((q) => q.status),
    ).toEqual([500, 201]);
    expect(api.comments(23)).toHaveLength(1);
    expect(r.outputs["comment-id"]).toBe(String(api.comments(23)[0]?.id));
  });

  it("CJK text past the summary limit: at most 1 MiB written, the comment within GitHub's limit", async () => {
    const report = parseReport(JSON.parse(await readFile(reportPath, "utf8")));
    const copy = report.warm.steps.find((s) => s.instruction?.startsWith("COPY"));
    for (const steps of [report.cold.steps, report.warm.steps])
      for (let i = 0; i < 2000; i++)
        steps.push({
          ...copy!,
          name: `[${i}/2000] RUN echo ${"日本語のテキスト".repeat(40)}`,
          instruction: `RUN echo ${i}`,
        });
    const big = join(await mkdtemp(join(tmpdir(), "dcb-cjk-")), "report.json");
    await writeFile(big, JSON.stringify(report));

    const r = await run({ workspace: REPO, payload: pr(24), inputs: { report: big } });

    expect(r.code, r.stdout).toBe(0);
    const bytes = Buffer.byteLength(r.summary);
    expect(bytes).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(bytes).toBeGreaterThan(MAX_SUMMARY_BYTES / 2);
    expect(r.summary).toContain("too large for a job summary");
    expect(r.summary).not.toContain("\ufffd");
    const body = api.comments(24)[0]?.body ?? "";
    expect([...body].length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("Docker build benchmark");
  });
});
