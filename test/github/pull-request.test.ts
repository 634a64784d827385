// Finding the PR a workflow_run belongs to, through a real octokit against the loopback GitHub API.
// 120 open same-repository PRs (newest first in GitHub's list, so low numbers sit on page 2), a few
// fork PRs among them, and a closed one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findPullRequestForRun, readPullRequest } from "../../src/github/pull-request.js";
import type { RunLookup } from "../../src/github/pull-request.js";
import { startGitHubApi } from "../support/github-api/server.js";
import type { GitHubApi, SeedPull } from "../support/github-api/server.js";
import { octokitFor, tokenOptions } from "../support/github-api/tokens.js";

const sha = (n: number): string => n.toString(16).padStart(40, "0");
const FORK_SHA = "f".repeat(40);
const SHARED_SHA = "c".repeat(40);

const pulls: SeedPull[] = [
  ...Array.from({ length: 120 }, (_, i) => ({
    number: 200 + i,
    headSha: sha(200 + i),
    headRef: `topic-${200 + i}`,
  })),
  // Page 2 of the open list (per_page 100, newest first): only a full walk finds it.
  { number: 3, headSha: FORK_SHA, headRef: "main", forkOwner: "contributor" },
  { number: 4, headSha: sha(4), headRef: "old", state: "closed" },
  // One commit heading two PRs (a branch proposed against two bases).
  { number: 5, headSha: SHARED_SHA, headRef: "shared", baseRef: "release-1" },
  { number: 6, headSha: SHARED_SHA, headRef: "shared-copy" },
  { number: 400, headSha: "e".repeat(40), headRef: "fork-topic", forkOwner: "someone" },
];

let api: GitHubApi;
beforeAll(async () => {
  api = await startGitHubApi({ tokens: tokenOptions() });
  api.seed({ pulls });
});
afterAll(() => api.stop());
beforeEach(() => api.clearRequests());

const find = (lookup: Partial<RunLookup> & { headSha: string }) =>
  findPullRequestForRun(octokitFor(api, "actionsWrite"), {
    ...api.repo,
    headBranch: null,
    prNumberHint: null,
    ...lookup,
  });
const calls = (): string[] =>
  api
    .requests()
    .map((r) =>
      `${r.path.replace(/^\/repos\/acme\/widgets|^\/repositories\/\d+/, "")} ${r.query["page"] ?? ""}`.trim(),
    );

describe("findPullRequestForRun", () => {
  it.each([
    {
      name: "a hint whose head is the run's commit",
      lookup: { headSha: sha(250), prNumberHint: 250 },
      found: { number: 250, via: "hint" },
      requests: ["/pulls/250"],
    },
    {
      name: "a fork PR's hint from its artifact, head matching",
      lookup: { headSha: FORK_SHA, prNumberHint: 3 },
      found: { number: 3, via: "hint" },
      requests: ["/pulls/3"],
    },
    {
      name: "a hint naming another PR is ignored (untrusted artifact)",
      lookup: { headSha: sha(250), prNumberHint: 251 },
      found: { number: 250, via: "commit" },
      requests: ["/pulls/251", `/commits/${sha(250)}/pulls`],
    },
    {
      name: "a hint naming a fork PR whose head moved on is ignored",
      lookup: { headSha: sha(260), prNumberHint: 3 },
      found: { number: 260, via: "commit" },
      requests: ["/pulls/3", `/commits/${sha(260)}/pulls`],
    },
    {
      name: "a hint for a PR that does not exist is ignored",
      lookup: { headSha: sha(210), prNumberHint: 9999 },
      found: { number: 210, via: "commit" },
      requests: ["/pulls/9999", `/commits/${sha(210)}/pulls`],
    },
    {
      name: "no hint (empty pull_requests), fork PR: through every page of open PRs",
      lookup: { headSha: FORK_SHA, headBranch: "main" },
      found: { number: 3, via: "open-pulls", headRef: "main", baseRef: "main" },
      requests: [`/commits/${FORK_SHA}/pulls`, "/pulls", "/pulls 2"],
    },
    {
      name: "a fork PR on page 1 stops the walk there",
      lookup: { headSha: "e".repeat(40), headBranch: "fork-topic" },
      found: { number: 400, via: "open-pulls" },
      requests: [`/commits/${"e".repeat(40)}/pulls`, "/pulls"],
    },
    {
      name: "two PRs on one commit: the one on the run's branch",
      lookup: { headSha: SHARED_SHA, headBranch: "shared" },
      found: { number: 5, via: "commit", baseRef: "release-1" },
      requests: [`/commits/${SHARED_SHA}/pulls`],
    },
    {
      name: "two PRs on one commit, unknown branch: the newest",
      lookup: { headSha: SHARED_SHA },
      found: { number: 6, via: "commit" },
      requests: [`/commits/${SHARED_SHA}/pulls`],
    },
  ])("$name", async ({ lookup, found, requests }) => {
    expect(await find(lookup)).toMatchObject({ ...found, headSha: lookup.headSha });
    expect(calls()).toEqual(requests);
  });

  it.each([
    { name: "a commit no PR has (422 from /commits, then every open page)", headSha: "9".repeat(40) },
    { name: "the head of a closed PR", headSha: sha(4) },
  ])("finds nothing for $name", async ({ headSha }) => {
    expect(await find({ headSha, prNumberHint: 4 })).toBeNull();
    expect(calls().slice(-2)).toEqual(["/pulls", "/pulls 2"]);
  });

  it.each([
    { name: "zero", hint: 0 },
    { name: "negative", hint: -3 },
    { name: "fractional", hint: 3.5 },
  ])("does not call GitHub with a $name hint", async ({ hint }) => {
    await find({ headSha: FORK_SHA, prNumberHint: hint });
    expect(calls()[0]).toBe(`/commits/${FORK_SHA}/pulls`);
  });
});

describe("readPullRequest", () => {
  it("reads head and base", async () => {
    expect(await readPullRequest(octokitFor(api, "pat"), { ...api.repo, number: 3 })).toEqual({
      number: 3,
      state: "open",
      headSha: FORK_SHA,
      headRef: "main",
      baseSha: "b".repeat(40),
      baseRef: "main",
    });
  });

  it("answers null for a PR that does not exist", async () => {
    expect(await readPullRequest(octokitFor(api, "pat"), { ...api.repo, number: 404 })).toBeNull();
  });

  it("throws with the status for other failures", async () => {
    await expect(readPullRequest(octokitFor(api, "unknown"), { ...api.repo, number: 3 })).rejects.toThrow(
      "Reading pull request #3 failed with HTTP 401: Bad credentials",
    );
  });
});
