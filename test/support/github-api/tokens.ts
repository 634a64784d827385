// Tokens the GitHub tests share: who they act as, and what GitHub lets them do.
import { createOctokit } from "../../../src/github/octokit.js";
import { DEFAULT_POLICY, type ResiliencePolicy } from "../../../src/github/resilience.js";
import type { Octokit } from "../../../src/github/octokit.js";
import type { GitHubApi, TokenSpec } from "./server.js";

export const TOKENS = {
  /** A job's GITHUB_TOKEN with `pull-requests: write`. */
  actionsWrite: { login: "github-actions[bot]", type: "Bot", permissions: "write", kind: "installation" },
  /** A GITHUB_TOKEN on a `pull_request` from a fork: read-only. */
  actionsReadOnly: { login: "github-actions[bot]", type: "Bot", permissions: "read", kind: "installation" },
  /** A maintainer's personal access token. */
  pat: { login: "perf-maintainer", type: "User", permissions: "write", kind: "pat" },
  /** A fine-grained PAT without write access to issues. */
  patReadOnly: { login: "perf-reader", type: "User", permissions: "read", kind: "pat" },
} satisfies Record<string, TokenSpec>;

export type TokenName = keyof typeof TOKENS;

/** The token strings the server accepts: the names, with a prefix like GitHub's. */
export const tokenOptions = (): Record<string, TokenSpec> =>
  Object.fromEntries(Object.entries(TOKENS).map(([name, spec]) => [`gh_${name}`, spec]));

/** The Action's retry policy with short waits, so tests of persistent failures stay fast. */
export const FAST_RETRIES: ResiliencePolicy = { ...DEFAULT_POLICY, baseDelayMs: 10, timeoutMs: 5_000 };

/** A real @actions/github octokit, built the way the Action builds one, aimed at the loopback API. */
export function octokitFor(
  api: GitHubApi,
  name: TokenName | "unknown",
  policy: ResiliencePolicy = FAST_RETRIES,
): Octokit {
  return createOctokit(`gh_${name}`, api.url, policy);
}
