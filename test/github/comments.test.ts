// The sticky comment, driven through a real @actions/github octokit against the loopback GitHub
// API (test/support/github-api). Each test uses its own PR number, so they share one server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  COMMENT_MARKER_PREFIX,
  CommentPermissionError,
  CommentTooLongError,
  MAX_COMMENT_LENGTH,
  commentMarker,
  findStickyComment,
  resolveCommentAuthor,
  upsertStickyComment,
} from "../../src/github/comments.js";
import { GitHubApiError } from "../../src/github/octokit.js";
import { startGitHubApi } from "../support/github-api/server.js";
import type { GitHubApi } from "../support/github-api/server.js";
import { octokitFor, tokenOptions } from "../support/github-api/tokens.js";
import type { TokenName } from "../support/github-api/tokens.js";

const MARKER = commentMarker("api-image");
const report = (text: string): string => `## Docker cache bench\n\n${text}\n\n${MARKER}`;

let api: GitHubApi;
beforeAll(async () => {
  api = await startGitHubApi({ tokens: tokenOptions() });
  api.seed({ issues: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15] });
  api.seed({ pulls: [{ number: 7, headSha: "a".repeat(40), headRef: "feature" }] });
});
afterAll(() => api.stop());
beforeEach(() => api.clearRequests());

function upsert(
  issueNumber: number,
  body: string,
  token: TokenName = "actionsWrite",
  createIfMissing = true,
) {
  return upsertStickyComment(octokitFor(api, token), {
    ...api.repo,
    issueNumber,
    marker: MARKER,
    body,
    createIfMissing,
  });
}
const writes = (): string[] =>
  api
    .requests()
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.status}`);

describe("commentMarker", () => {
  it.each([
    { name: "plain id", id: "api-image", marker: "<!-- docker-cache-bench:api-image -->" },
    {
      name: "path-like id",
      id: "services/api:linux/arm64",
      marker: "<!-- docker-cache-bench:services/api:linux/arm64 -->",
    },
    { name: "comment terminator", id: "x-->y", marker: "<!-- docker-cache-bench:x-y -->" },
    { name: "bang terminator", id: "x--!>y", marker: "<!-- docker-cache-bench:x-y -->" },
    { name: "newline and spaces", id: "a b\nc", marker: "<!-- docker-cache-bench:a-b-c -->" },
    { name: "empty", id: "", marker: "<!-- docker-cache-bench:default -->" },
    { name: "only punctuation", id: "<>", marker: "<!-- docker-cache-bench:default -->" },
  ])("$name", ({ id, marker }) => {
    expect(commentMarker(id)).toBe(marker);
    expect(marker.startsWith(COMMENT_MARKER_PREFIX)).toBe(true);
    expect(marker.slice(0, -3)).not.toMatch(/--!?>|\n/);
  });

  it("does not let one id's marker match another's", () => {
    expect(report("x").includes(commentMarker("api"))).toBe(false);
  });
});

describe("upsertStickyComment", () => {
  it("creates, then updates the same comment past 150 older comments from others (page 2)", async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({
      issue: 7,
      author: i % 3 ? `reviewer-${i % 7}` : "ci-helper[bot]",
      body: `comment ${i}`,
    }));
    api.seed({ comments: others });

    const first = await upsert(7, report("cold 120 s"));
    expect(first.action).toBe("created");
    expect(first.url).toBe(`https://github.com/acme/widgets/pull/7#issuecomment-${first.commentId}`);

    api.clearRequests();
    const second = await upsert(7, report("cold 100 s"));
    expect(second).toEqual({ ...first, action: "updated" });
    const mine = api.comments(7).filter((c) => c.body.includes(MARKER));
    expect(mine).toEqual([
      {
        id: first.commentId,
        body: report("cold 100 s"),
        user: { login: "github-actions[bot]", type: "Bot" },
      },
    ]);

    // GitHub's Link header points at /repositories/{id}/...; octokit must follow it verbatim.
    const lists = api.requests().filter((r) => r.path.endsWith("/issues/7/comments"));
    expect(lists.map((r) => [r.path.split("/")[1], r.query["page"] ?? "1", r.query["per_page"]])).toEqual([
      ["repos", "1", "100"],
      ["repositories", "2", "100"],
    ]);
    expect(writes()).toEqual(["PATCH 200"]);
  });

  it.each([
    { name: "a user who pasted the marker", author: "mallory" },
    { name: "another app's bot", author: "other-app[bot]" },
  ])("does not take over a marked comment by $name", async ({ author }) => {
    const issue = author === "mallory" ? 1 : 2;
    api.seed({ comments: [{ issue, author, body: report("not ours") }] });
    const result = await upsert(issue, report("ours"));
    expect(result.action).toBe("created");
    expect(api.comments(issue).map((c) => [c.user.login, c.body])).toEqual([
      [author, report("not ours")],
      ["github-actions[bot]", report("ours")],
    ]);
  });

  it("leaves an unchanged body alone: no PATCH", async () => {
    await upsert(3, report("same"));
    api.clearRequests();
    const again = await upsert(3, report("same"));
    expect(again.action).toBe("unchanged");
    expect(writes()).toEqual([]);
  });

  // GitHub hands back a body saved from the web UI with CRLF line ends; the same text must not be
  // PATCHed on every run (each edit notifies and bumps "edited").
  it("leaves a body that differs only in CRLF line ends alone: no PATCH", async () => {
    const crlf = report("same\nlines").replace(/\n/g, "\r\n");
    api.seed({ comments: [{ issue: 16, author: "github-actions[bot]", body: crlf }] });
    expect(api.comments(16)[0]?.body).toBe(crlf);
    api.clearRequests();
    expect((await upsert(16, report("same\nlines"))).action).toBe("unchanged");
    expect(writes()).toEqual([]);
    expect((await upsert(16, report("other\nlines"))).action).toBe("updated");
  });

  it("skips, without a POST, when there is no comment and createIfMissing is false", async () => {
    expect(await upsert(4, report("quiet"), "actionsWrite", false)).toEqual({
      action: "skipped",
      commentId: null,
      url: null,
    });
    expect(writes()).toEqual([]);
  });

  it("still updates with createIfMissing false when the comment exists", async () => {
    await upsert(5, report("regressed"));
    expect((await upsert(5, report("fixed"), "actionsWrite", false)).action).toBe("updated");
  });

  it("updates the newest of two marked comments by the same author", async () => {
    api.seed({
      comments: [1, 2].map((n) => ({ issue: 6, author: "github-actions[bot]", body: report(`race ${n}`) })),
    });
    const [older, newer] = api.comments(6);
    expect((await upsert(6, report("after race"))).commentId).toBe(newer?.id);
    expect(api.comments(6).find((c) => c.id === older?.id)?.body).toBe(report("race 1"));
  });

  it("keeps a PAT's comment apart from the GITHUB_TOKEN's", async () => {
    await upsert(8, report("bot"));
    const byPat = await upsert(8, report("pat"), "pat");
    expect(byPat.action).toBe("created");
    expect(api.comments(8).map((c) => c.user.login)).toEqual(["github-actions[bot]", "perf-maintainer"]);
  });

  it.each([
    { name: "fork GITHUB_TOKEN, create", token: "actionsReadOnly", seeded: false, detail: "by integration" },
    { name: "fork GITHUB_TOKEN, update", token: "actionsReadOnly", seeded: true, detail: "by integration" },
    { name: "read-only PAT", token: "patReadOnly", seeded: false, detail: "by personal access token" },
  ] as const)(
    "throws CommentPermissionError for a read-only token: $name",
    async ({ token, seeded, detail }) => {
      const issue = 9 + Number(seeded);
      if (seeded) api.seed({ comments: [{ issue, author: "github-actions[bot]", body: report("old") }] });
      const error = await upsert(issue, report("new"), token).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommentPermissionError);
      expect(error).toMatchObject({ name: "CommentPermissionError", status: 403 });
      expect((error as Error).message).toContain(`Resource not accessible ${detail}`);
      expect((error as Error).message).toMatch(/read-only.*fork.*README/s);
    },
  );

  it.each([
    { name: "at the limit", extra: 0, action: "created" },
    { name: "one past the limit", extra: 1, action: null },
  ])("body length $name", async ({ extra, action }) => {
    const issue = 11 + extra;
    const body = `${"x".repeat(MAX_COMMENT_LENGTH + extra - MARKER.length - 1)}\n${MARKER}`;
    expect(body.length).toBe(MAX_COMMENT_LENGTH + extra);
    const result = await upsert(issue, body).catch((e: unknown) => e);
    if (action) return expect(result).toMatchObject({ action });
    expect(result).toBeInstanceOf(CommentTooLongError);
    expect((result as Error).message).toContain("Body is too long (maximum is 65536 characters)");
  });

  it("refuses a body without the marker before calling GitHub", async () => {
    await expect(upsert(13, "no marker here")).rejects.toThrow(/must contain the marker/);
    expect(api.requests()).toEqual([]);
  });

  it.each([
    { name: "secondary rate limit (403)", status: 403, message: "You have exceeded a secondary rate limit." },
    { name: "server error", status: 502, message: "Server Error" },
  ])("rethrows other failures with the status: $name", async ({ status, message }) => {
    api.fail("POST", /\/issues\/14\/comments$/, { status, message });
    try {
      const error = await upsert(14, report("x")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitHubApiError);
      expect(error).toMatchObject({
        status,
        message: `Creating a comment on #14 failed with HTTP ${status}: ${message}`,
      });
    } finally {
      api.fail("POST", /\/issues\/14\/comments$/, undefined);
    }
  });
});

describe("findStickyComment", () => {
  it("with author null, takes any Bot's marked comment but never a user's", async () => {
    api.seed({
      comments: [
        { issue: 15, author: "mallory", body: report("user") },
        { issue: 15, author: "some-app[bot]", body: report("app") },
      ],
    });
    const found = await findStickyComment(octokitFor(api, "pat"), {
      ...api.repo,
      issueNumber: 15,
      marker: MARKER,
      author: null,
    });
    expect(found?.body).toBe(report("app"));
  });
});

describe("resolveCommentAuthor", () => {
  it.each([
    {
      name: "personal access token: its login from GET /user",
      token: "pat",
      login: "perf-maintainer",
      status: 200,
    },
    {
      name: "GITHUB_TOKEN: 403 from GET /user, so the Actions bot",
      token: "actionsWrite",
      login: "github-actions[bot]",
      status: 403,
    },
    { name: "bad credentials: null (match any Bot)", token: "unknown", login: null, status: 401 },
  ] as const)("$name", async ({ token, login, status }) => {
    expect(await resolveCommentAuthor(octokitFor(api, token))).toBe(login);
    expect(api.requests().map((r) => [r.method, r.path, r.status])).toEqual([["GET", "/user", status]]);
  });
});
