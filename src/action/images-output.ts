// What a run of several images leaves besides its comment: the job summary (the comment without
// a length limit, then every image's full report while it fits), the step outputs, and an error
// annotation on the failing line of each image whose build failed.
import { failedImageGates } from "../compare/images.js";
import { renderMarkdown } from "../report/markdown.js";
import { mdCode } from "../report/markdown-escape.js";
import { truncateUtf8 } from "../report/untrusted.js";
import { renderImagesComment, type ImageOutcome, type MultiCommentInput } from "../report/multi-comment.js";
import { dockerfilePath } from "./annotations.js";
import type { PublishedComment } from "./comment.js";
import { MAX_SUMMARY_BYTES, outputValues } from "./outputs.js";
import { log, scrub } from "./log.js";

const CUT_NOTICE =
  "\n\n> ✂️ The full reports were too large for a job summary; they are in the report file (output `report-path`).\n";

export function buildImagesSummary(input: MultiCommentInput): string {
  const comment = scrub(renderImagesComment({ ...input, marker: "" }, Number.MAX_SAFE_INTEGER).trimStart());
  const room = MAX_SUMMARY_BYTES - Buffer.byteLength(CUT_NOTICE);
  // Cut by bytes, between code points: CJK text is 3 bytes a character.
  if (Buffer.byteLength(comment) > room) return truncateUtf8(comment, room) + CUT_NOTICE;
  let out = comment;
  for (const o of input.images) {
    if (!o.head) continue;
    const block = scrub(
      `\n<details><summary>Full report of ${mdCode(o.id)}</summary>\n\n${renderMarkdown(o.head)}\n</details>\n`,
    );
    if (Buffer.byteLength(out + block) > room) return out + CUT_NOTICE;
    out += block;
  }
  return out;
}

export async function writeImagesSummary(input: MultiCommentInput): Promise<void> {
  try {
    await log.summary(buildImagesSummary(input));
  } catch (e) {
    // No GITHUB_STEP_SUMMARY (running outside Actions) is not worth failing over.
    log.warning(`job summary not written: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface ImagesOutputs {
  outcomes: ImageOutcome[];
  reportPath: string;
  comment: PublishedComment | null;
}

/**
 * The single-image outputs where they have one value: the numbers of the only image (empty with
 * several), regressions summed, failed gates as `image:gate`, the baseline commit when all share it.
 */
export function imagesOutputValues(o: ImagesOutputs): Record<string, string> {
  const only = o.outcomes.length === 1 ? o.outcomes[0] : undefined;
  const numbers = only?.head
    ? outputValues({
        head: only.head,
        comparison: only.comparison,
        gates: only.gates,
        reportPath: o.reportPath,
        comment: o.comment,
        baselineCommit: null,
        ...(only.comparison ? { sizeKind: only.comparison.sizeKind } : {}),
      })
    : {};
  const pick = (k: string) => numbers[k] ?? "";
  const failed = failedImageGates(o.outcomes);
  const commits = new Set(o.outcomes.map((x) => x.baseline?.commit ?? ""));
  return {
    "cold-seconds": pick("cold-seconds"),
    "warm-seconds": pick("warm-seconds"),
    "image-size-bytes": pick("image-size-bytes"),
    "cache-hit-ratio": pick("cache-hit-ratio"),
    "rebuilt-steps": pick("rebuilt-steps"),
    regressions: String(o.outcomes.reduce((n, x) => n + (x.comparison?.cacheRegressions.length ?? 0), 0)),
    "failed-gates": failed.map((f) => `${f.id}:${f.gate.id}`).join(","),
    passed: String(failed.length === 0 && o.outcomes.every((x) => x.head)),
    "report-path": o.reportPath,
    "comment-id": o.comment?.commentId ? String(o.comment.commentId) : "",
    "comment-url": o.comment?.url ?? "",
    "baseline-commit": commits.size === 1 ? ([...commits][0] ?? "") : "",
  };
}

export function writeImagesOutputs(o: ImagesOutputs): void {
  for (const [k, v] of Object.entries(imagesOutputValues(o))) log.setOutput(k, v);
}

/** An image whose build failed: an error on its failing Dockerfile line, its last output lines in a group. */
export function annotateFailedImage(o: ImageOutcome): void {
  const error = o.failed?.error;
  if (!o.failed || !error) return;
  if (error.line)
    log.error(`${o.id}: ${error.message}`, {
      title: `docker-cache-bench: ${o.id}: ${error.phase} build failed`,
      file: dockerfilePath(o.failed),
      startLine: error.line,
    });
  if (!error.logTail.length) return;
  log.startGroup(`docker-cache-bench: ${o.id}: last lines of the failing step's output`);
  for (const line of error.logTail) log.info(`| ${line}`);
  log.endGroup();
}
