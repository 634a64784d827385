// Pure: the build context's cost in one line, for the headline of the CLI output, the job
// summary and the PR comment, shown only when `load build context` is a large part of a build
// (that is when a .dockerignore pays off). The diagnosis says what to exclude.
import { formatBytes, formatSeconds } from "./format.js";
import type { Report } from "./schema.js";

/** Share of a build's wall time from which the context step makes the headline. */
export const HEADLINE_SHARE = 0.2;
/** …and seconds, so that a 0.3 s step of a 1 s build stays out of it. */
export const HEADLINE_SECONDS = 1;

const CONTEXT_RULES = new Set(["no-dockerignore", "context-cost", "git-in-context"]);

/** "Build context: 30,005 files (2.50 MB) sent; `load build context` took 10.8s of the 30.3s cold build…", or null. */
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
  const sent =
    ctx.files !== undefined
      ? `${ctx.files.toLocaleString("en-US")} files (${formatBytes(ctx.bytes ?? 0)}) sent`
      : ctx.transferBytes !== null
        ? `${formatBytes(ctx.transferBytes)} sent`
        : "sent";
  const finding = report.findings.find((f) => CONTEXT_RULES.has(f.rule));
  const v = finding?.verification;
  const fix =
    v?.status === "passed" && v.after
      ? `; with the suggested .dockerignore ${formatSeconds(v.before.contextSeconds)} → ${formatSeconds(v.after.contextSeconds)} (verified, see \`${finding?.rule}\`)`
      : finding
        ? ` (see \`${finding.rule}\`)`
        : "";
  return `Build context: ${sent}; \`load build context\` took ${took.join(" and ")}${fix}.`;
}
