// Pure: what the triggering event means for this run. Reads the webhook payload the runner
// writes to GITHUB_EVENT_PATH (shapes: docs "Webhook events and payloads").
import type { Report } from "../report/schema.js";

export type ActionEvent =
  | {
      kind: "pull_request";
      number: number;
      headSha: string;
      headRef: string;
      baseSha: string;
      baseRef: string;
      /** Head repository differs from the base: a fork, whose token is read-only. */
      fromFork: boolean;
      /** `pull_request_target`: runs with a write token in the base's context. */
      viaTarget: boolean;
    }
  | {
      kind: "push";
      branch: string | null;
      sha: string;
      defaultBranch: string | null;
      /** The branch's tip before this push (all zeros for a new branch); null if the payload lacks it. */
      before: string | null;
    }
  | {
      kind: "workflow_run";
      headSha: string;
      headBranch: string | null;
      prNumberHint: number | null;
      conclusion: string | null;
    }
  | { kind: "other"; name: string; sha: string; branch: string | null };

interface Payload {
  before?: string;
  pull_request?: {
    number?: number;
    head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  };
  repository?: { default_branch?: string; full_name?: string };
  workflow_run?: {
    head_sha?: string;
    head_branch?: string | null;
    conclusion?: string | null;
    pull_requests?: { number?: number }[];
  };
}

export function parseEvent(eventName: string, payload: unknown, sha: string, ref: string): ActionEvent {
  const p = (payload ?? {}) as Payload;
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
  if ((eventName === "pull_request" || eventName === "pull_request_target") && p.pull_request) {
    const pr = p.pull_request;
    const headRepo = pr.head?.repo?.full_name ?? null;
    const baseRepo = pr.base?.repo?.full_name ?? p.repository?.full_name ?? null;
    return {
      kind: "pull_request",
      number: pr.number ?? 0,
      // GITHUB_SHA is the ephemeral merge commit on pull_request; the PR's head is what users know.
      headSha: pr.head?.sha ?? sha,
      headRef: pr.head?.ref ?? "",
      baseSha: pr.base?.sha ?? "",
      baseRef: pr.base?.ref ?? "",
      fromFork: headRepo !== null && baseRepo !== null && headRepo !== baseRepo,
      viaTarget: eventName === "pull_request_target",
    };
  }
  if (eventName === "push") {
    return {
      kind: "push",
      branch,
      sha,
      defaultBranch: p.repository?.default_branch ?? null,
      before: typeof p.before === "string" ? p.before : null,
    };
  }
  if (eventName === "workflow_run" && p.workflow_run) {
    const run = p.workflow_run;
    return {
      kind: "workflow_run",
      headSha: run.head_sha ?? sha,
      headBranch: run.head_branch ?? null,
      // Empty for fork PRs (actions/runner#3444); the PR is then found by head SHA.
      prNumberHint: run.pull_requests?.[0]?.number ?? null,
      conclusion: run.conclusion ?? null,
    };
  }
  return { kind: "other", name: eventName, sha, branch };
}

/** Pushes to these branches save a baseline: the listed ones, else the repository's default branch. */
export function savesBaseline(event: ActionEvent, baselineBranches: string[]): boolean {
  if (event.kind !== "push" || !event.branch) return false;
  const branches = baselineBranches.length
    ? baselineBranches
    : event.defaultBranch
      ? [event.defaultBranch]
      : [];
  return branches.includes(event.branch);
}

/** What a report measured on this event: the PR's head (not the merge commit), or the pushed commit. */
export function reportSource(event: ActionEvent): NonNullable<Report["source"]> {
  const pr = event.kind === "pull_request" ? event : null;
  return {
    commit: pr ? pr.headSha : event.kind === "other" || event.kind === "push" ? event.sha : null,
    branch: pr ? pr.headRef : event.kind === "push" || event.kind === "other" ? event.branch : null,
    pullRequest: pr ? pr.number : null,
    baseCommit: pr ? pr.baseSha : null,
    baseBranch: pr ? pr.baseRef : null,
  };
}
