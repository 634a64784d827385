// The octokit type the GitHub modules take, and what they make of its errors.
import { getOctokit } from "@actions/github";
import { apiMessage, GitHubApiError, httpStatus } from "./errors.js";
import { policyFromEnv, withResilience, type ResiliencePolicy } from "./resilience.js";

export { apiMessage, GitHubApiError, httpStatus };

export type Octokit = ReturnType<typeof getOctokit>;

/**
 * An octokit for `token`. @actions/github reads GITHUB_API_URL once, when it is imported, for both
 * its default baseUrl and its proxy-aware fetch; passing `apiUrl` overrides only the baseUrl (the
 * options are merged shallowly), so the proxy decision stays the one made for GITHUB_API_URL.
 */
export function createOctokit(
  token: string,
  apiUrl?: string,
  policy: ResiliencePolicy = policyFromEnv(),
): Octokit {
  const octokit = apiUrl ? getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, "") }) : getOctokit(token);
  // A hook, not `request: { signal }` in the options: those would replace the proxy-aware fetch.
  octokit.hook.wrap("request", withResilience(policy));
  return octokit;
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
