// Deadlines and retries of every GitHub call, against the loopback API with injected faults: a
// server that accepts and never answers, 5xx then success, rate limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commentMarker, upsertStickyComment } from "../../src/github/comments.js";
import { GitHubApiError } from "../../src/github/octokit.js";
import { DEFAULT_POLICY, retryDelay } from "../../src/github/resilience.js";
import { startGitHubApi, type GitHubApi } from "../support/github-api/server.js";
import { FAST_RETRIES, octokitFor, tokenOptions } from "../support/github-api/tokens.js";

const MARKER = commentMarker("resilience");
let api: GitHubApi;
beforeAll(async () => {
  api = await startGitHubApi({ tokens: tokenOptions() });
  api.seed({ issues: [1, 2, 3, 4] });
});
afterAll(() => api.stop());
beforeEach(() => api.clearRequests());

const upsert = (issueNumber: number, policy = FAST_RETRIES) =>
  upsertStickyComment(octokitFor(api, "actionsWrite", policy), {
    ...api.repo,
    issueNumber,
    marker: MARKER,
    body: `hello\n${MARKER}`,
    createIfMissing: true,
    author: "github-actions[bot]",
  });
const posts = () => api.requests().filter((r) => r.method === "POST");

describe("GitHub calls with a deadline and retries", () => {
  it("a server that accepts and never answers: the call fails after the deadline", async () => {
    api.fail("GET", /\/issues\/1\/comments$/, { status: 0, message: "", hang: true });
    try {
      const started = performance.now();
      const error = await upsert(1, { ...FAST_RETRIES, timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitHubApiError);
      expect((error as Error).message).toMatch(/got no answer within 0.3 s/);
      expect(performance.now() - started).toBeLessThan(5_000);
      // Not retried: a hung server is given one deadline, not four.
      expect(api.requests().filter((r) => r.status === -1)).toHaveLength(1);
    } finally {
      api.fail("GET", /\/issues\/1\/comments$/, undefined);
    }
  });

  it("500 then 200: retried, and the comment is posted once", async () => {
    api.fail("POST", /\/issues\/2\/comments$/, { status: 500, message: "Server Error", times: 1 });
    const r = await upsert(2);
    expect(r.action).toBe("created");
    expect(posts().map((p) => p.status)).toEqual([500, 201]);
    expect(api.comments(2)).toHaveLength(1);
  });

  it("a secondary rate limit with retry-after: waited out, then posted", async () => {
    api.fail("POST", /\/issues\/3\/comments$/, {
      status: 403,
      message: "You have exceeded a secondary rate limit.",
      headers: { "retry-after": "0" },
      times: 2,
    });
    const r = await upsert(3);
    expect(r.action).toBe("created");
    expect(posts().map((p) => p.status)).toEqual([403, 403, 201]);
  });

  it("a permanent 5xx: gives up after the retries", async () => {
    api.fail("POST", /\/issues\/4\/comments$/, { status: 502, message: "Bad Gateway" });
    try {
      await expect(upsert(4)).rejects.toMatchObject({ status: 502 });
      expect(posts()).toHaveLength(1 + FAST_RETRIES.retries);
    } finally {
      api.fail("POST", /\/issues\/4\/comments$/, undefined);
    }
  });
});

describe("retryDelay", () => {
  const err = (status: number, message = "x", headers: Record<string, string> = {}) => ({
    status,
    response: { headers, data: { message } },
  });
  it.each([
    { name: "server error, first retry", error: err(500), attempt: 1, want: 1_000 },
    { name: "server error, third retry", error: err(503), attempt: 3, want: 4_000 },
    { name: "429 with retry-after", error: err(429, "x", { "retry-after": "7" }), attempt: 1, want: 7_000 },
    { name: "retry-after capped", error: err(429, "x", { "retry-after": "3600" }), attempt: 1, want: 60_000 },
    {
      name: "secondary rate limit",
      error: err(403, "You have exceeded a secondary rate limit"),
      attempt: 1,
      want: 1_000,
    },
    {
      name: "permission denied",
      error: err(403, "Resource not accessible by integration"),
      attempt: 1,
      want: null,
    },
    { name: "not found", error: err(404), attempt: 1, want: null },
    { name: "validation", error: err(422), attempt: 1, want: null },
  ])("$name → $want", ({ error, attempt, want }) => {
    expect(retryDelay(error, attempt, DEFAULT_POLICY)).toBe(want);
  });
});
