// Which pull request a run belongs to. On `workflow_run` (the fork-safe commenting workflow) the
// event's `pull_requests` list is empty for fork PRs (actions/runner#3444, github/docs#22501), so
// the PR is found by the head commit instead.
import { apiFailure, httpStatus } from "./octokit.js";
import type { Octokit } from "./octokit.js";

export interface PullRequestInfo {
  number: number;
  /** "open" or "closed" (merged PRs are closed). */
  state: string;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
}

export interface FoundPullRequest extends PullRequestInfo {
  /** How it was found, for the log: the hint, GET /commits/{sha}/pulls, or the open PR list. */
  via: "hint" | "commit" | "open-pulls";
}

interface PullShape {
  number: number;
  state: string;
  head: { sha: string; ref: string };
  base: { sha: string; ref: string };
}

const toInfo = (p: PullShape): PullRequestInfo => ({
  number: p.number,
  state: p.state,
  headSha: p.head.sha,
  headRef: p.head.ref,
  baseSha: p.base.sha,
  baseRef: p.base.ref,
});

/** The pull request, or null when it does not exist (404). */
export async function readPullRequest(
  octokit: Octokit,
  opts: { owner: string; repo: string; number: number },
): Promise<PullRequestInfo | null> {
  try {
    const { data } = await octokit.rest.pulls.get({
      owner: opts.owner,
      repo: opts.repo,
      pull_number: opts.number,
    });
    return toInfo(data);
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw apiFailure(`Reading pull request #${opts.number}`, error);
  }
}

export interface RunLookup {
  owner: string;
  repo: string;
  /** The commit the measuring run built (workflow_run.head_sha). */
  headSha: string;
  /** workflow_run.head_branch: preferred when several open PRs share the head commit. */
  headBranch: string | null;
  /** A PR number from workflow_run.pull_requests or from the measuring run's artifact. */
  prNumberHint: number | null;
}

/**
 * The open PR whose head is `headSha`, or null. A hint is used only when that PR's head really is
 * `headSha`: a fork's artifact is untrusted, and must not steer the comment onto a PR it merely
 * names. Then GET /commits/{sha}/pulls, which knows same-repository branches but answers [] for a
 * commit that lives in a fork; then the open PRs, page by page.
 */
export async function findPullRequestForRun(
  octokit: Octokit,
  opts: RunLookup,
): Promise<FoundPullRequest | null> {
  const { owner, repo, headSha } = opts;
  const hint = opts.prNumberHint;
  if (hint !== null && Number.isSafeInteger(hint) && hint > 0) {
    const pr = await readPullRequest(octokit, { owner, repo, number: hint });
    if (pr && pr.state === "open" && pr.headSha === headSha) return { ...pr, via: "hint" };
  }

  const byCommit = pick(await commitPulls(octokit, opts), opts);
  if (byCommit) return { ...toInfo(byCommit), via: "commit" };

  let fallback: PullShape | null = null;
  try {
    const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
      owner,
      repo,
      state: "open",
      per_page: 100,
    });
    for await (const { data } of pages) {
      const best = pick(data, opts);
      // Stop at a head-branch match; a mere SHA match may yet lose to one on a later page.
      if (best && best.head.ref === opts.headBranch) return { ...toInfo(best), via: "open-pulls" };
      fallback ??= best;
    }
  } catch (error) {
    throw apiFailure("Listing open pull requests", error);
  }
  return fallback ? { ...toInfo(fallback), via: "open-pulls" } : null;
}

async function commitPulls(octokit: Octokit, opts: RunLookup): Promise<PullShape[]> {
  try {
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: opts.owner,
      repo: opts.repo,
      commit_sha: opts.headSha,
      per_page: 100,
    });
    return data;
  } catch (error) {
    // 422 "No commit found for SHA" (the commit is not in this repository) or 404: not an answer,
    // so fall through to the open PR list rather than fail.
    const status = httpStatus(error);
    if (status === 404 || status === 422) return [];
    throw apiFailure(`Listing pull requests for commit ${opts.headSha}`, error);
  }
}

/** Open PRs headed by exactly `headSha`; one on `headBranch` first, then the newest. */
function pick<T extends PullShape>(pulls: T[], opts: RunLookup): T | null {
  const matches = pulls
    .filter((p) => p.head.sha === opts.headSha && p.state === "open")
    .sort(
      (a, b) =>
        Number(b.head.ref === opts.headBranch) - Number(a.head.ref === opts.headBranch) ||
        b.number - a.number,
    );
  return matches[0] ?? null;
}
