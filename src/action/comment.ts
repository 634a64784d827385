// Decides whether and what to comment, and degrades to a warning when the token cannot write
// (fork PRs on `pull_request`): the job still writes its summary and its report file.
import { log, scrub } from "./log.js";
import type { Comparison } from "../compare/compare.js";
import type { GateResult } from "../compare/gates.js";
import { CommentPermissionError, commentMarker, upsertStickyComment } from "../github/comments.js";
import { createOctokit } from "../github/octokit.js";
import { errorMessage } from "../errors.js";
import { renderComment, type BaselineInfo, type Subject } from "../report/comment.js";
import type { SizeKind } from "../report/size.js";
import type { Report } from "../report/schema.js";
import type { RunContext } from "./context.js";

export interface PublishedComment {
  action: "created" | "updated" | "unchanged" | "skipped";
  commentId: number | null;
  url: string | null;
}

export interface CommentData {
  head: Report;
  base: Report | null;
  comparison: Comparison | null;
  gates: GateResult[];
  baseline: BaselineInfo | null;
  baselineNote: string | null;
  /** The kind of image size compared and shown (size-kind). */
  sizeKind?: SizeKind;
  /** A pull request, or a commit (push, workflow_dispatch): names the measured column. */
  subject?: Subject;
}

/** Something a reviewer should see: a gate failed, a step lost its cache, or a number moved beyond noise. */
export function isNoteworthy(d: Pick<CommentData, "comparison" | "gates">): boolean {
  if (d.gates.some((g) => g.passed === false)) return true;
  if (!d.comparison) return false;
  return d.comparison.cacheRegressions.length > 0 || d.comparison.metrics.some((m) => m.significant);
}

export async function publishComment(ctx: RunContext, data: CommentData): Promise<PublishedComment | null> {
  const { inputs } = ctx;
  const marker = commentMarker(inputs.benchmarkId);
  const body = renderComment({
    marker,
    benchmarkId: inputs.benchmarkId,
    summaryUrl: ctx.summaryUrl,
    ...data,
  });
  return publishBody(ctx, body, isNoteworthy(data));
}

/**
 * Creates or updates the sticky comment (marked with `commentMarker(inputs.benchmarkId)`) with
 * `body`; on-change creates it only when `noteworthy`. Null when nothing was posted.
 */
export async function publishBody(
  ctx: RunContext,
  body: string,
  noteworthy: boolean,
): Promise<PublishedComment | null> {
  const { inputs } = ctx;
  if (inputs.comment === "never") return null;
  const issueNumber = ctx.pr?.number ?? null;
  if (issueNumber === null) return null;
  if (!inputs.githubToken) {
    log.warning("No github-token: the PR comment is skipped (the job summary has the report).");
    return null;
  }
  // on-change: create only when there is news; an existing comment is still updated, so a PR
  // that fixed its regression gets "all is well again" instead of a stale warning.
  const createIfMissing = inputs.comment === "always" || noteworthy;
  try {
    const r = await upsertStickyComment(createOctokit(inputs.githubToken, ctx.apiUrl), {
      ...ctx.repo,
      issueNumber,
      marker: commentMarker(inputs.benchmarkId),
      body: scrub(body),
      createIfMissing,
      ...(inputs.commentAuthor ? { author: inputs.commentAuthor } : {}),
    });
    log.info(`PR comment ${r.action}${r.url ? `: ${r.url}` : ""}`);
    return r;
  } catch (e) {
    if (e instanceof CommentPermissionError) log.warning(e.message);
    else log.warning(`PR comment not posted: ${errorMessage(e)}`);
    return null;
  }
}
