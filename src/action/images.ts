// Several images in one run: a bake or compose file's targets (`bake:`), or the reports of a
// matrix's jobs (`report:` with several files). Each image is compared with its own baseline,
// judged by its own gates and keeps its own history; the PR gets one comment with a row per image.
// An image's baseline key is its id (a bake target's name, a matrix job's benchmark-id), so a
// bake run and a matrix job of the same image save and find the same baseline.
import { log } from "./log.js";
import { restoreBaseline } from "../baseline/index.js";
import { baselinesFromSet, compareImages, failedImagesMessage, NO_BASELINE } from "../compare/images.js";
import type { ImageBaseline } from "../compare/images.js";
import { GateFailure, RestoreFailure } from "../errors.js";
import { commentMarker } from "../github/comments.js";
import { renderImagesComment, type MultiCommentInput } from "../report/multi-comment.js";
import { readReportSet } from "../baseline/report-files.js";
import type { ReportSet } from "../report/report-set.js";
import { annotate } from "./annotations.js";
import { atBaseCommit, fromCache, saveAsBaseline } from "./baseline.js";
import { benchmarkBake } from "./bake.js";
import { isNoteworthy, publishBody } from "./comment.js";
import type { RunContext } from "./context.js";
import { savesBaseline } from "./event.js";
import { attachHistory } from "./history.js";
import { annotateFailedImage, writeImagesOutputs, writeImagesSummary } from "./images-output.js";
import { saveReportFile } from "./outputs.js";

/** Measures (or reads) the images, then compares, saves, comments and fails like a single image does. */
export async function reportImages(ctx: RunContext, measure: () => Promise<ReportSet>): Promise<void> {
  const { inputs } = ctx;
  // An explicit baseline file that cannot be read fails the job before the builds, not after them.
  const file =
    inputs.baseline.kind === "file"
      ? await readReportSet([inputs.baseline.path], { cwd: ctx.workspace, input: "baseline" })
      : null;
  const set = await measure();
  log.info(`docker-cache-bench: ${set.images.length} image(s): ${set.images.map((e) => e.id).join(", ")}`);
  const saves = savesBaseline(ctx.event, inputs.baselineBranches) && inputs.baseline.kind === "cache";
  for (const e of set.images) if (e.report) await attachHistory(ctx, e.report, saves, restoreBaseline, e.id);
  const reportPath = await saveReportFile(ctx, set);

  const baselineOf = file
    ? baselinesFromSet(file, null, set.images.length)
    : await loadImageBaselines(ctx, set);
  const outcomes = compareImages(set.images, baselineOf, inputs.noise, inputs.budgets);
  if (saves) for (const e of set.images) if (e.report) await saveAsBaseline(ctx, e.report, e.id);

  for (const o of outcomes) {
    if (o.head) annotate(o.head, o.comparison);
    else annotateFailedImage(o);
  }
  const input: MultiCommentInput = {
    marker: commentMarker(inputs.benchmarkId),
    benchmarkId: inputs.benchmarkId,
    images: outcomes,
    summaryUrl: ctx.summaryUrl,
    sizeKind: inputs.budgets.sizeKind,
  };
  const noteworthy = outcomes.some((o) => !o.head || isNoteworthy(o));
  const comment = await publishBody(ctx, renderImagesComment(input), noteworthy);
  await writeImagesSummary(input);
  writeImagesOutputs({ outcomes, reportPath, comment });

  const failed = failedImagesMessage(outcomes);
  if (ctx.notRestored.length) {
    const list = ctx.notRestored.map((m) => `- ${m}`).join("\n");
    throw new RestoreFailure(
      `${ctx.notRestored.length} touched file(s) not restored exactly (the warnings above say how to fix them):\n${list}${failed ? `\n${failed}` : ""}`,
    );
  }
  // Outputs and the comment are written: like a gate, a failed image build fails the step now.
  if (failed) throw new GateFailure(failed);
}

/** Each image's baseline, by id, from where the `baseline` input says (a file is read up front). */
async function loadImageBaselines(ctx: RunContext, set: ReportSet): Promise<(id: string) => ImageBaseline> {
  const { inputs, pr } = ctx;
  const b = inputs.baseline;
  if (!pr) return () => NO_BASELINE;
  const note = (text: string) => () => ({ ...NO_BASELINE, note: text });
  if (b.kind === "none") return note("Comparison with the base is off (baseline: none).");
  if (b.kind === "cache") {
    const found = new Map<string, ImageBaseline>();
    for (const e of set.images) if (e.report) found.set(e.id, await fromCache(ctx, pr, e.id));
    return (id) => found.get(id) ?? NO_BASELINE;
  }
  if (!inputs.bake.length || ctx.event.kind === "workflow_run") {
    // Report files say what was built but not how to build the base the same way; on
    // workflow_run, building would run a fork's Dockerfiles with a write token.
    log.warning(
      "baseline: build needs bake (and a pull_request event) for several images; use baseline: cache",
    );
    return note("baseline: build is not available for these images (use baseline: cache).");
  }
  const base = await atBaseCommit(ctx, pr, (root) => benchmarkBake(ctx, { root }, "base"));
  const short = pr.baseSha.slice(0, 7);
  if (!base) return note(`The base commit ${short} could not be benchmarked.`);
  const info = { source: "build" as const, commit: pr.baseSha, exact: true, branch: pr.baseRef };
  const of = baselinesFromSet(base, info, set.images.length);
  return (id) => {
    const found = of(id);
    return found.report ? found : { ...NO_BASELINE, note: `The base commit ${short} does not build ${id}.` };
  };
}
