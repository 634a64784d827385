// What the GitHub modules make of octokit's errors (no octokit import, so resilience.ts and
// octokit.ts can both use it without a cycle).

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
