// The base branch's report, from wherever the `baseline` input says. Only an explicit report
// file that cannot be read is the user's error; every other miss is a note, never a failure.
import { log } from "./log.js";
import { checkoutWorktree, readBaselineFile, restoreBaseline, saveBaseline } from "../baseline/index.js";
import { InterruptedError } from "../cleanup/guard.js";
import { errorMessage } from "../errors.js";
import type { BaselineInfo } from "../report/comment.js";
import type { Report } from "../report/schema.js";
import type { RunContext } from "./context.js";

export interface LoadedBaseline {
  report: Report | null;
  info: BaselineInfo | null;
  /** Why there is no baseline (for the comment and summary), when there is none. */
  note: string | null;
}

const NONE: LoadedBaseline = { report: null, info: null, note: null };

export async function loadBaseline(
  ctx: RunContext,
  benchmarkAt: (root: string) => Promise<Report>,
): Promise<LoadedBaseline> {
  const { inputs, pr } = ctx;
  const b = inputs.baseline;
  if (b.kind === "file") {
    const report = await readBaselineFile(b.path);
    const info = {
      source: "file" as const,
      commit: report.source?.commit ?? null,
      exact: true,
      branch: report.source?.branch ?? null,
    };
    return { report, info, note: null };
  }
  if (!pr) return NONE;
  if (b.kind === "none") return { ...NONE, note: "Comparison with the base is off (baseline: none)." };
  if (b.kind === "cache") return fromCache(ctx, pr);
  if (ctx.event.kind === "workflow_run") {
    // Building on workflow_run would run a fork's Dockerfile with a write token.
    log.warning("baseline: build is not available on workflow_run; use baseline: cache");
    return { ...NONE, note: "baseline: build does not run on workflow_run." };
  }
  return fromBuild(ctx, pr, benchmarkAt);
}

/**
 * The newest baseline of `benchmarkId` (an image's id in a set) on the PR's base branch: the base
 * commit's, else the branch's newest. A miss or cache trouble is a note.
 */
export async function fromCache(
  ctx: RunContext,
  pr: NonNullable<RunContext["pr"]>,
  benchmarkId = ctx.inputs.benchmarkId,
): Promise<LoadedBaseline> {
  const r = await restoreBaseline({
    benchmarkId,
    branch: pr.baseRef,
    commit: pr.baseSha,
    workDir: ctx.workspace,
  });
  if (r.report) {
    const whose = benchmarkId === ctx.inputs.benchmarkId ? "" : ` for ${benchmarkId}`;
    log.info(
      `Baseline${whose}: report of ${r.commit?.slice(0, 7) ?? "?"} on ${pr.baseRef}${r.exact ? " (the PR's base commit)" : " (newest for the branch; the base commit had none)"}.`,
    );
    return {
      report: r.report,
      info: { source: "cache", commit: r.commit, exact: r.exact, branch: pr.baseRef },
      note: null,
    };
  }
  if (r.warning) log.info(r.warning);
  return {
    ...NONE,
    note:
      r.warning ??
      `No baseline for ${pr.baseRef} in the Actions cache yet: push runs on ${pr.baseRef} save one (run this workflow on push too), or use baseline: build.`,
  };
}

async function fromBuild(
  ctx: RunContext,
  pr: NonNullable<RunContext["pr"]>,
  benchmarkAt: (root: string) => Promise<Report>,
): Promise<LoadedBaseline> {
  const report = await atBaseCommit(ctx, pr, benchmarkAt);
  if (!report)
    return { ...NONE, note: `The base commit ${pr.baseSha.slice(0, 7)} could not be benchmarked.` };
  return {
    report,
    info: { source: "build", commit: pr.baseSha, exact: true, branch: pr.baseRef },
    note: null,
  };
}

/** `measure` run on a worktree of the PR's base commit; null (and a warning) when it fails. */
export async function atBaseCommit<T>(
  ctx: RunContext,
  pr: NonNullable<RunContext["pr"]>,
  measure: (root: string) => Promise<T>,
): Promise<T | null> {
  let worktree: Awaited<ReturnType<typeof checkoutWorktree>> | null = null;
  try {
    worktree = await checkoutWorktree({
      repoDir: ctx.workspace,
      commit: pr.baseSha,
      parentDir: ctx.runnerTemp,
      onNote: (note) => (note.level === "info" ? log.info(note.message) : log.warning(note.message)),
    });
    worktree.throwIfInterrupted();
    return await measure(worktree.dir);
  } catch (e) {
    // A signal ends the job (once the worktree is removed), not just the comparison.
    if (e instanceof InterruptedError) throw e;
    // The base may not build at all (the PR adds the Dockerfile, or fixes it): no comparison, no failure.
    log.warning(`The base commit ${pr.baseSha.slice(0, 7)} could not be benchmarked: ${errorMessage(e)}`);
    return null;
  } finally {
    await worktree?.remove().catch(() => undefined);
  }
}

/** A push's report saved as the baseline of `benchmarkId` (an image's id in a set) on its branch. */
export async function saveAsBaseline(
  ctx: RunContext,
  head: Report,
  benchmarkId = ctx.inputs.benchmarkId,
): Promise<void> {
  const e = ctx.event;
  if (e.kind !== "push" || !e.branch) return;
  const r = await saveBaseline(head, {
    benchmarkId,
    branch: e.branch,
    commit: e.sha,
    workDir: ctx.workspace,
  });
  if (r.saved) log.info(`Saved this report as the baseline of ${e.branch} (cache key ${r.key}).`);
  // A re-run of the same commit cannot replace its entry: that is information, not trouble.
  else if (r.warning && /already exists|another job may be creating/i.test(r.warning)) log.info(r.warning);
  else if (r.warning) log.warning(r.warning);
}
