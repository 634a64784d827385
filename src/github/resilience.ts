// Every GitHub API call has a deadline and a few retries, so a hung or flaky API costs the job a
// bounded wait and a warning, never the runner's 6-hour limit. Retried: 5xx, 429, and 403
// secondary rate limits (GitHub's advice: wait `retry-after` seconds, else at least a minute,
// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately;
// here capped, since a comment is not worth a long wait). Not retried: a call that timed out
// (a server that hangs once hangs again; the job should move on) and primary rate limits (reset
// can be an hour away). A small hook instead of @octokit/plugin-retry + plugin-throttling: those
// queue every request through Bottleneck, and the Action makes at most a handful of calls.
import { apiMessage, GitHubApiError, httpStatus } from "./errors.js";

export interface ResiliencePolicy {
  /** Deadline for one HTTP request, headers and body. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** Wait before retry n (1-based) is baseDelayMs × 2^(n−1), unless the server says `retry-after`. */
  baseDelayMs: number;
  /** Longest wait honoured from `retry-after`. */
  maxDelayMs: number;
}

export const DEFAULT_POLICY: ResiliencePolicy = {
  timeoutMs: 30_000,
  retries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** The policy, with the timeout from DOCKER_CACHE_BENCH_API_TIMEOUT (seconds) when set. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): ResiliencePolicy {
  const seconds = Number(env.DOCKER_CACHE_BENCH_API_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0
    ? { ...DEFAULT_POLICY, timeoutMs: seconds * 1000 }
    : DEFAULT_POLICY;
}

type Headers = Record<string, string | undefined>;

function responseHeaders(error: unknown): Headers {
  return (error as { response?: { headers?: Headers } } | null)?.response?.headers ?? {};
}

/** Milliseconds to wait before retrying after `error`, or null when it is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, p: ResiliencePolicy): number | null {
  const status = httpStatus(error);
  const headers = responseHeaders(error);
  const secondary = status === 403 && /secondary rate limit/i.test(apiMessage(error));
  const retryable = status !== null && (status >= 500 || status === 429 || secondary);
  if (!retryable) return null;
  const after = Number(headers["retry-after"]);
  if (Number.isFinite(after) && after >= 0) return Math.min(after * 1000, p.maxDelayMs);
  return Math.min(p.baseDelayMs * 2 ** (attempt - 1), p.maxDelayMs);
}

interface RequestOptions {
  method: string;
  url: string;
  request?: { signal?: AbortSignal };
}

/** Wraps one octokit's requests (octokit.hook.wrap("request", …)) with the deadline and the retries. */
export function withResilience(p: ResiliencePolicy) {
  return async <O extends RequestOptions, T>(request: (o: O) => T | Promise<T>, options: O): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const deadline = AbortSignal.timeout(p.timeoutMs);
      try {
        // In place: before-after-hook binds the inner hooks to this very options object, and
        // ignores the argument passed to `request`.
        options.request = { ...options.request, signal: deadline };
        return await request(options);
      } catch (error) {
        if (deadline.aborted) {
          throw new GitHubApiError(
            `${options.method} ${new URL(options.url, "http://x").pathname} got no answer within ${p.timeoutMs / 1000} s`,
            null,
            { cause: error },
          );
        }
        const wait = attempt <= p.retries ? retryDelay(error, attempt, p) : null;
        if (wait === null) throw error;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
}
