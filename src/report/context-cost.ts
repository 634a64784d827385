// Pure: the build context's cost in one line, for the headline of the CLI output, the job
// summary and the PR comment, shown only when `load build context` is a large part of a build
// (that is when a .dockerignore pays off). The diagnosis says what to exclude.
import { formatBytes, formatSeconds } from "./format.js";
import type { ContextFacts, Report } from "./schema.js";

/** Share of a build's wall time from which the context step makes the headline. */
export const HEADLINE_SHARE = 0.2;
/** …and seconds, so that a 0.3 s step of a 1 s build stays out of it. */
export const HEADLINE_SECONDS = 1;

const CONTEXT_RULES = new Set(["no-dockerignore", "context-cost", "git-in-context"]);

/**
 * The context's two sizes, each saying whose number it is: `2.77 MB on disk in 30,005 files`
 * (the tool's walk with the ignore rules: what the context holds) and `BuildKit transferred
 * 898 kB` (its `transferring context` in the cold build). They differ and both are true: BuildKit
 * syncs a context like rsync, sending only what its copy from an earlier build of the same
 * directory lacks (https://github.com/moby/buildkit/issues/1368), and a Dockerfile that copies
 * named paths has only those requested. Every rendering of a context size goes through here.
 */
export function contextSizes(ctx: ContextFacts): { onDisk: string | null; transferred: string | null } {
  const files = ctx.files;
  const atLeast = ctx.truncated ? "at least " : "";
  return {
    onDisk:
      files === undefined
        ? null
        : `${atLeast}${formatBytes(ctx.bytes ?? 0)} on disk in ${files.toLocaleString("en-US")} ${files === 1 ? "file" : "files"}`,
    transferred: ctx.transferBytes === null ? null : `BuildKit transferred ${formatBytes(ctx.transferBytes)}`,
  };
}

/** Both sizes in one phrase, `2.77 MB on disk in 30,005 files; BuildKit transferred 898 kB`, or null when neither is known. */
export function contextSizeText(ctx: ContextFacts): string | null {
  const { onDisk, transferred } = contextSizes(ctx);
  return [onDisk, transferred].filter(Boolean).join("; ") || null;
}

/** "Build context: 2.77 MB on disk in 30,005 files; BuildKit transferred 898 kB; `load build context` took 10.8s of the 30.3s cold build…", or null. */
export function contextCostLine(report: Report): string | null {
  const ctx = report.context;
  if (!ctx) return null;
  const share = (seconds: number | null | undefined, wall: number) =>
    seconds != null && seconds >= HEADLINE_SECONDS && seconds >= HEADLINE_SHARE * wall;
  const cold = share(ctx.coldSeconds, report.summary.coldSeconds);
  const warm = share(ctx.warmSeconds, report.summary.warmSeconds);
  // A tiny context can take a second to set up on a loaded machine; that is not its cost.
  const big = (ctx.files ?? 0) >= 1_000 || (ctx.bytes ?? ctx.transferBytes ?? 0) >= 10_000_000;
  if (!big || (!cold && !warm)) return null;
  const took = [
    ctx.coldSeconds != null
      ? `${formatSeconds(ctx.coldSeconds)} of the ${formatSeconds(report.summary.coldSeconds)} cold build`
      : "",
    ctx.warmSeconds != null
      ? `${formatSeconds(ctx.warmSeconds)} of the ${formatSeconds(report.summary.warmSeconds)} warm build`
      : "",
  ].filter(Boolean);
  const sizes = contextSizeText(ctx);
  const finding = report.findings.find((f) => CONTEXT_RULES.has(f.rule));
  const v = finding?.verification;
  const fix =
    v?.status === "passed" && v.after
      ? `; with the suggested .dockerignore ${formatSeconds(v.before.contextSeconds)} → ${formatSeconds(v.after.contextSeconds)} (verified, see \`${finding?.rule}\`)`
      : finding
        ? ` (see \`${finding.rule}\`)`
        : "";
  return `Build context: ${sizes ? `${sizes}; ` : ""}\`load build context\` took ${took.join(" and ")}${fix}.`;
}
