// The sticky PR comment: one comment per benchmark, found again by a hidden marker and its author,
// and edited in place. I/O module: the octokit is a parameter, so tests hand in a real one pointed
// at a loopback server (test/support/github-api).
import { apiFailure, apiMessage, httpStatus, isRateLimited } from "./octokit.js";
import type { Octokit } from "./octokit.js";

export { COMMENT_MARKER_PREFIX, commentMarker } from "./marker.js";

/**
 * GitHub rejects longer comment bodies with 422. Measured in JS string length (UTF-16 code units):
 * that is never less than the code-point count GitHub's message speaks of, and 65,536 units are at
 * most 196,608 UTF-8 bytes, under the 262,144-byte cap some have measured instead.
 */
export const MAX_COMMENT_LENGTH = 65_536;

/** The login a GITHUB_TOKEN's comments are posted as. */
export const GITHUB_ACTIONS_BOT = "github-actions[bot]";

/** The token may not write comments: on a `pull_request` from a fork the GITHUB_TOKEN is read-only. */
export class CommentPermissionError extends Error {
  override name = "CommentPermissionError";
  constructor(
    readonly status: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot write the PR comment: the token is read-only (HTTP ${status}: ${detail}). This is typical of ` +
        "a pull_request from a fork, whose GITHUB_TOKEN cannot write. Use the fork-safe two-workflow setup " +
        "in the README (measure on pull_request, comment from workflow_run), or give the job " +
        "`permissions: pull-requests: write` when the PR is not from a fork.",
      options,
    );
  }
}

/** GitHub refused the body as too long; the renderer should have trimmed it to MAX_COMMENT_LENGTH. */
export class CommentTooLongError extends Error {
  override name = "CommentTooLongError";
  constructor(
    readonly length: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`GitHub rejected the PR comment (${length} characters) as too long: ${detail}`, options);
  }
}

export interface StickyComment {
  id: number;
  body: string;
  html_url: string;
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
}

/**
 * The sticky comment on the issue/PR: among ALL comments (every page, not just the first: a busy PR
 * has more than 100), those containing `marker` and written by `author` (by any Bot when `author`
 * is null). The newest (highest id) wins if a race ever made two.
 *
 * Author matching matters: a token with write access may edit anyone's comment, so a marker pasted
 * by someone else must not be taken over.
 */
export async function findStickyComment(
  octokit: Octokit,
  target: CommentTarget & { author: string | null },
): Promise<StickyComment | null> {
  let comments;
  try {
    comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
    });
  } catch (error) {
    throw apiFailure(`Listing the comments of #${target.issueNumber}`, error);
  }
  let found: StickyComment | null = null;
  for (const c of comments) {
    if (!c.body?.includes(target.marker) || !c.user) continue;
    const byAuthor = target.author === null ? c.user.type === "Bot" : sameLogin(c.user.login, target.author);
    if (byAuthor && (!found || c.id > found.id)) found = { id: c.id, body: c.body, html_url: c.html_url };
  }
  return found;
}

/**
 * The login this token's comments appear under. GET /user answers for a personal access token; an
 * installation token (the GITHUB_TOKEN, and a GitHub App's) acts as no user, so GitHub answers 403
 * "Resource not accessible by integration". For that we assume the GITHUB_TOKEN's bot: a GitHub
 * App token posts as "<app-slug>[bot]" instead, so the Action's `comment-author` input names it. Other failures give
 * null (match any Bot) rather than failing the job over a comment.
 */
export async function resolveCommentAuthor(octokit: Octokit): Promise<string | null> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    return httpStatus(error) === 403 && !isRateLimited(error) ? GITHUB_ACTIONS_BOT : null;
  }
}

export interface UpsertOptions extends CommentTarget {
  body: string;
  createIfMissing: boolean;
  /** Whose comment is ours; undefined: ask resolveCommentAuthor. null: any Bot. */
  author?: string | null;
}

export interface UpsertResult {
  action: "created" | "updated" | "unchanged" | "skipped";
  commentId: number | null;
  url: string | null;
}

/**
 * Update the sticky comment, or create it (when `createIfMissing`). A body equal to the current one
 * is left alone, so re-runs do not bump "edited" or notify anyone.
 *
 * Check-then-create is not atomic: two jobs racing on the same marker can both create. Give each
 * job its own benchmark id, or serialize them with `concurrency`; the finder then keeps the newest.
 */
export async function upsertStickyComment(octokit: Octokit, opts: UpsertOptions): Promise<UpsertResult> {
  if (!opts.body.includes(opts.marker)) {
    throw new Error(`upsertStickyComment: the body must contain the marker ${opts.marker}`);
  }
  const author = opts.author === undefined ? await resolveCommentAuthor(octokit) : opts.author;
  const existing = await findStickyComment(octokit, { ...opts, author });
  const where = { owner: opts.owner, repo: opts.repo };

  if (existing && normalize(existing.body) === normalize(opts.body)) {
    return { action: "unchanged", commentId: existing.id, url: existing.html_url };
  }
  if (existing) {
    try {
      const { data } = await octokit.rest.issues.updateComment({
        ...where,
        comment_id: existing.id,
        body: opts.body,
      });
      return { action: "updated", commentId: data.id, url: data.html_url };
    } catch (error) {
      throw writeFailure(`Updating comment ${existing.id} on #${opts.issueNumber}`, error, opts.body);
    }
  }
  if (!opts.createIfMissing) return { action: "skipped", commentId: null, url: null };
  try {
    const { data } = await octokit.rest.issues.createComment({
      ...where,
      issue_number: opts.issueNumber,
      body: opts.body,
    });
    return { action: "created", commentId: data.id, url: data.html_url };
  } catch (error) {
    throw writeFailure(`Creating a comment on #${opts.issueNumber}`, error, opts.body);
  }
}

function writeFailure(what: string, error: unknown, body: string): Error {
  const status = httpStatus(error);
  if (status === 403 && !isRateLimited(error)) {
    return new CommentPermissionError(status, apiMessage(error), { cause: error });
  }
  if (status === 422 && /too long/i.test(apiMessage(error))) {
    return new CommentTooLongError(body.length, apiMessage(error), { cause: error });
  }
  return apiFailure(what, error);
}

/**
 * Logins are case-insensitive on GitHub. "[bot]" is NOT stripped (GraphQL's viewer drops it, REST
 * keeps it): a user "foo" and the app bot "foo[bot]" are different accounts.
 */
function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** A body edited in the web UI comes back with CRLF line ends; compare the text, not the line ends. */
function normalize(body: string): string {
  return body.replace(/\r\n/g, "\n");
}
