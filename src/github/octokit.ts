// The octokit type the GitHub modules take, and what they make of its errors.
import { getOctokit } from "@actions/github";

export type Octokit = ReturnType<typeof getOctokit>;

/**
 * An octokit for `token`. @actions/github reads GITHUB_API_URL once, when it is imported, for both
 * its default baseUrl and its proxy-aware fetch; passing `apiUrl` overrides only the baseUrl (the
 * options are merged shallowly), so the proxy decision stays the one made for GITHUB_API_URL.
 */
export function createOctokit(token: string, apiUrl?: string): Octokit {
  return apiUrl ? getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, "") }) : getOctokit(token);
}

/** A GitHub API call failed for a reason the caller cannot fix by itself. */
export class GitHubApiError extends Error {
  override name = "GitHubApiError";
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The HTTP status of an octokit RequestError. Duck-typed: @octokit/request-error is not a
 * dependency of ours, and a bundled copy would fail `instanceof` anyway.
 */
export function httpStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("status" in error)) return null;
  const status = (error as { status: unknown }).status;
  return typeof status === "number" ? status : null;
}

/** GitHub's own words for a failed call: its `message`, and `errors[].message` for a 422. */
export function apiMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  if (typeof data === "object" && data !== null) {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    const details = Array.isArray(errors)
      ? errors.map((e) => (e as { message?: unknown })?.message).filter((m) => typeof m === "string")
      : [];
    const text = [message, ...details].filter((m) => typeof m === "string" && m !== "").join(": ");
    if (text) return text;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Rethrow anything as a GitHubApiError that names what was being done and the HTTP status. */
export function apiFailure(what: string, error: unknown): GitHubApiError {
  const status = httpStatus(error);
  const prefix = status === null ? `${what} failed` : `${what} failed with HTTP ${status}`;
  return new GitHubApiError(`${prefix}: ${apiMessage(error)}`, status, { cause: error });
}

/** GitHub answers 403 for rate limits too; those are not a permission problem. */
export function isRateLimited(error: unknown): boolean {
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } } | null)?.response
    ?.headers;
  return /rate limit/i.test(apiMessage(error)) || headers?.["x-ratelimit-remaining"] === "0";
}
