import { describe, expect, it } from "vitest";
import { parseEvent, savesBaseline } from "../../src/action/event.js";

const repo = { full_name: "acme/app", default_branch: "main" };

describe("parseEvent", () => {
  it("pull_request: head and base from the payload, not the merge commit", () => {
    const e = parseEvent(
      "pull_request",
      {
        repository: repo,
        pull_request: {
          number: 7,
          head: { sha: "h".repeat(40), ref: "feature", repo: { full_name: "acme/app" } },
          base: { sha: "b".repeat(40), ref: "main", repo: { full_name: "acme/app" } },
        },
      },
      "m".repeat(40),
      "refs/pull/7/merge",
    );
    expect(e).toEqual({
      kind: "pull_request",
      number: 7,
      headSha: "h".repeat(40),
      headRef: "feature",
      baseSha: "b".repeat(40),
      baseRef: "main",
      fromFork: false,
      viaTarget: false,
    });
  });

  it("push: the branch, and the tip before the push (the history's gap detection reads it)", () => {
    const e = parseEvent("push", { repository: repo, before: "a".repeat(40) }, "s", "refs/heads/main");
    expect(e).toEqual({
      kind: "push",
      branch: "main",
      sha: "s",
      defaultBranch: "main",
      before: "a".repeat(40),
    });
    expect(parseEvent("push", {}, "s", "refs/tags/v1")).toMatchObject({ branch: null, before: null });
  });

  it("a fork's pull request is marked", () => {
    const e = parseEvent(
      "pull_request",
      {
        repository: repo,
        pull_request: {
          number: 8,
          head: { repo: { full_name: "someone/app" } },
          base: { repo: { full_name: "acme/app" } },
        },
      },
      "s",
      "r",
    );
    expect(e).toMatchObject({ kind: "pull_request", fromFork: true });
  });

  it("workflow_run with an empty pull_requests list (fork) has no hint", () => {
    const e = parseEvent(
      "workflow_run",
      { repository: repo, workflow_run: { head_sha: "abc", head_branch: "feature", pull_requests: [] } },
      "s",
      "refs/heads/main",
    );
    expect(e).toEqual({
      kind: "workflow_run",
      headSha: "abc",
      headBranch: "feature",
      prNumberHint: null,
      conclusion: null,
    });
  });

  it.each([
    { name: "push to the default branch", ref: "refs/heads/main", branches: [], want: true },
    { name: "push to another branch", ref: "refs/heads/feature", branches: [], want: false },
    { name: "push to a listed branch", ref: "refs/heads/release", branches: ["release"], want: true },
    {
      name: "the default branch when others are listed",
      ref: "refs/heads/main",
      branches: ["release"],
      want: false,
    },
    { name: "a tag", ref: "refs/tags/v1", branches: [], want: false },
  ])("savesBaseline: $name", ({ ref, branches, want }) => {
    expect(savesBaseline(parseEvent("push", { repository: repo }, "sha", ref), branches)).toBe(want);
  });
});
