// The pull request this run reports on, with its base: from the event on `pull_request`, found
// through the API on `workflow_run` (whose pull_requests list is empty for forks).
import { log } from "./log.js";
import { errorMessage } from "../errors.js";
import { createOctokit } from "../github/octokit.js";
import { findPullRequestForRun } from "../github/pull-request.js";
import type { ActionEvent } from "./event.js";

export interface PullRequestRef {
  number: number;
  baseSha: string;
  baseRef: string;
}

export async function resolvePullRequest(
  event: ActionEvent,
  api: { token: string; apiUrl: string; owner: string; repo: string },
): Promise<PullRequestRef | null> {
  if (event.kind === "pull_request")
    return { number: event.number, baseSha: event.baseSha, baseRef: event.baseRef };
  if (event.kind !== "workflow_run") return null;
  if (!api.token) {
    log.warning(
      "workflow_run without a github-token: cannot find the pull request to compare and comment on.",
    );
    return null;
  }
  try {
    const pr = await findPullRequestForRun(createOctokit(api.token, api.apiUrl), {
      owner: api.owner,
      repo: api.repo,
      headSha: event.headSha,
      headBranch: event.headBranch,
      prNumberHint: event.prNumberHint,
    });
    if (!pr) {
      log.info(
        `No open pull request has head ${event.headSha.slice(0, 7)}: nothing to compare or comment on.`,
      );
      return null;
    }
    log.info(`Reporting on pull request #${pr.number} (found by ${pr.via}).`);
    return { number: pr.number, baseSha: pr.baseSha, baseRef: pr.baseRef };
  } catch (e) {
    log.warning(`Could not find the pull request for ${event.headSha.slice(0, 7)}: ${errorMessage(e)}`);
    return null;
  }
}
