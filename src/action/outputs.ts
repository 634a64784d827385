// The job summary (always: it is the full report) and the step outputs.
import { mkdir } from "node:fs/promises";
import { writeFileReplacing } from "../baseline/write-file.js";
import { join } from "node:path";
import { log, MAX_SUMMARY_BYTES, scrub } from "./log.js";
import type { Comparison } from "../compare/compare.js";
import type { GateResult } from "../compare/gates.js";
import { renderComment } from "../report/comment.js";
import { renderMarkdown } from "../report/markdown.js";
import type { ReportSet } from "../report/report-set.js";
import { safeFileName, truncateUtf8 } from "../report/untrusted.js";
import type { FailedReport, Report } from "../report/schema.js";
import type { CommentData, PublishedComment } from "./comment.js";
import type { RunContext } from "./context.js";
import { imageSize, type SizeKind } from "../report/size.js";

export { MAX_SUMMARY_BYTES };

export function buildJobSummary(ctx: Pick<RunContext, "inputs" | "summaryUrl">, s: CommentData): string {
  // The comment (unbounded here) first, then the full single-run report.
  const comment = renderComment(
    { marker: "", benchmarkId: ctx.inputs.benchmarkId, summaryUrl: null, ...s },
    Number.MAX_SAFE_INTEGER,
  ).trimStart();
  const full = scrub(
    `${comment}\n<details><summary>Full report of this run</summary>\n\n${renderMarkdown(s.head)}\n</details>\n`,
  );
  if (Buffer.byteLength(full) <= MAX_SUMMARY_BYTES) return full;
  // Cut by bytes, between code points: CJK text is 3 bytes a character.
  const notice =
    "\n\n> ✂️ The full report was too large for a job summary; it is in the report file (output `report-path`).\n";
  return truncateUtf8(scrub(comment), MAX_SUMMARY_BYTES - Buffer.byteLength(notice)) + notice;
}

export async function renderJobSummary(ctx: RunContext, s: CommentData): Promise<void> {
  try {
    await log.summary(buildJobSummary(ctx, s));
  } catch (e) {
    // No GITHUB_STEP_SUMMARY (running outside Actions) is not worth failing over.
    log.warning(`job summary not written: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface Outputs {
  head: Report;
  comparison: Comparison | null;
  gates: GateResult[];
  reportPath: string;
  comment: PublishedComment | null;
  baselineCommit: string | null;
  /** The kind of `image-size-bytes` (size-kind); default uncompressed. */
  sizeKind?: SizeKind;
}

export function outputValues(o: Outputs): Record<string, string> {
  const s = o.head.summary;
  const failed = o.gates.filter((g) => g.passed === false);
  return {
    "cold-seconds": String(s.coldSeconds),
    "warm-seconds": String(s.warmSeconds),
    "image-size-bytes": String(imageSize(o.head, o.sizeKind ?? "uncompressed") ?? ""),
    "cache-hit-ratio": s.cacheHitRatio === null ? "" : String(s.cacheHitRatio),
    "rebuilt-steps": String(s.rebuiltSteps),
    regressions: String(o.comparison?.cacheRegressions.length ?? 0),
    "failed-gates": failed.map((g) => g.id).join(","),
    passed: String(failed.length === 0),
    "report-path": o.reportPath,
    "comment-id": o.comment?.commentId ? String(o.comment.commentId) : "",
    "comment-url": o.comment?.url ?? "",
    "baseline-commit": o.baselineCommit ?? "",
  };
}

export function writeOutputs(o: Outputs): void {
  for (const [k, v] of Object.entries(outputValues(o))) log.setOutput(k, v);
}

/** `<RUNNER_TEMP>/docker-cache-bench/<id>/report.json`: a fixed file name, so the fork-safe
 *  workflow_run half can find it in the downloaded artifact as `report.json`. */
export async function saveReportFile(
  ctx: Pick<RunContext, "inputs" | "runnerTemp">,
  report: Report | FailedReport | ReportSet,
): Promise<string> {
  const dir = join(ctx.runnerTemp, "docker-cache-bench", safeFileName(ctx.inputs.benchmarkId));
  await mkdir(dir, { recursive: true });
  const path = join(dir, "report.json");
  await writeFileReplacing(path, scrub(JSON.stringify(report, null, 2) + "\n"));
  return path;
}
