// The trend end to end: five pushes to main through the bundled Action (real builds, the real
// @actions/cache against the loopback cache service), the fourth one's build failing, then a pull
// request whose comment shows the branch's history. Each push's baseline carries the history the
// previous one restored; nothing else is stored.
//
// DCB_TREND_EXAMPLE=FILE writes the pull request's trend section and `history` output there
// (docs/example-trend.md was made that way).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryPoint } from "../../src/report/history-schema.js";
import { parseReport } from "../../src/report/schema.js";
import { startCacheService, type CacheService } from "../support/cache-service/server.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { tokenOptions } from "../support/github-api/tokens.js";
import { ACTION_NODE, runAction, type ActionRun } from "../e2e/run-action.js";
import { BASE_IMAGE, REPO } from "./helpers.js";

const REPOSITORY = { full_name: "acme/widgets", default_branch: "main" };
const PR = 21;
const ZERO = "0".repeat(40);

let api: GitHubApi;
let cache: CacheService;
let dir: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

/** A commit whose image is `kb` kB of fresh data bigger; `broken` adds a RUN that fails. */
async function commit(kb: number, broken = false): Promise<string> {
  await writeFile(join(dir, "app", "data.txt"), randomBytes(kb * 750).toString("base64"));
  const dockerfile = await readFile(join(REPO, "examples/python-good-order/Dockerfile"), "utf8");
  await writeFile(join(dir, "Dockerfile"), broken ? `${dockerfile}RUN exit 3\n` : dockerfile);
  git("add", "-A");
  git("commit", "-q", "-m", `data ${kb} kB${broken ? ", broken" : ""}`);
  return git("rev-parse", "HEAD");
}

function action(eventName: string, payload: unknown, sha: string, ref: string): Promise<ActionRun> {
  return runAction({
    workspace: dir,
    eventName,
    payload,
    sha,
    ref,
    token: "gh_actionsWrite",
    env: { ...cache.env, GITHUB_API_URL: api.url },
    inputs: { "build-args": `BASE=${BASE_IMAGE}` },
  });
}

beforeAll(async () => {
  cache = await startCacheService();
  api = await startGitHubApi({ repo: "acme/widgets", tokens: tokenOptions() });
  api.seed({ issues: [PR], comments: [] });
  dir = await mkdtemp(join(tmpdir(), "dcb-trend-"));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  await cp(join(REPO, "examples/python-good-order"), dir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await cache?.stop();
});

describe("the trend on the base branch", () => {
  const pushes: string[] = [];
  let lastReport = "";

  it("five pushes: each baseline carries the history so far; the failed fourth is a gap", async () => {
    const shapes: string[][] = [];
    for (const [i, kb] of [100, 200, 300, 400, 500].entries()) {
      const sha = await commit(kb, i === 3);
      const before = pushes.at(-1) ?? ZERO;
      pushes.push(sha);
      const r = await action("push", { repository: REPOSITORY, before }, sha, "refs/heads/main");
      if (i === 3) {
        expect(r.code, r.stdout).not.toBe(0);
        continue;
      }
      expect(r.code, r.stdout).toBe(0);
      const history = await readHistory(r.outputs["report-path"] ?? "");
      shapes.push(history.map((p) => `${p.status === "missing" ? "gap " : ""}${p.commit?.slice(0, 7)}`));
      lastReport = r.outputs["report-path"] ?? "";
    }
    const short = pushes.map((s) => s.slice(0, 7));
    expect(shapes).toEqual([
      short.slice(0, 1),
      short.slice(0, 2),
      short.slice(0, 3),
      [...short.slice(0, 3), `gap ${short[3]}`, short[4]],
    ]);
    // Four baselines, none for the failed push.
    expect(cache.entries().map((e) => e.key.split(":").at(-1))).toEqual([0, 1, 2, 4].map((i) => pushes[i]));
    // The measured points are real runs: the image grew with each push's data.
    const sizes = (await readHistory(lastReport)).flatMap((p) =>
      p.status === "measured" ? [p.sizeBytes ?? 0] : [],
    );
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(4);
  });

  it("the pull request's comment shows the last five pushes and the PR; `history` prints the baseline's", async () => {
    const base = pushes[4] ?? "";
    const head = await commit(900);
    const payload = {
      repository: REPOSITORY,
      pull_request: {
        number: PR,
        head: { sha: head, ref: "feature", repo: { full_name: "acme/widgets" } },
        base: { sha: base, ref: "main", repo: { full_name: "acme/widgets" } },
      },
    };
    const r = await action("pull_request", payload, "m".repeat(40), `refs/pull/${PR}/merge`);
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs["baseline-commit"]).toBe(base);
    const body = api.comments(PR)[0]?.body ?? "";
    const trend = body.slice(body.indexOf("<details><summary>📈"));
    const section = trend.slice(0, trend.indexOf("</details>") + "</details>".length);
    expect(section).toContain("📈 Trend on <code>main</code>: last 5 pushes and this PR");
    // Gap fourth, the PR's image the largest of all.
    expect(section).toMatch(/\| Image size \(uncompressed\) \| `\S\S\S·\S █` \|/);
    expect(r.summary).toContain(section);

    const cli = execFileSync(ACTION_NODE, [join(REPO, "dist/cli.js"), "history", lastReport], {
      encoding: "utf8",
    });
    expect(cli).toContain("(main): 5 points, oldest first");
    expect(cli).toContain(`${pushes[3]?.slice(0, 7)}  –`);
    if (process.env.DCB_TREND_EXAMPLE)
      await writeFile(process.env.DCB_TREND_EXAMPLE, `${section}\n\n---\n\n${cli}`);
  });
});

async function readHistory(path: string): Promise<HistoryPoint[]> {
  return parseReport(JSON.parse(await readFile(path, "utf8"))).history ?? [];
}
