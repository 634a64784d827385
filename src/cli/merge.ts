// `merge`: many images' reports (a matrix's artifacts, or a bake run's set) → one report set,
// each image compared with its own baseline, and the PR comment the Action would post.
import { baselinesFromSet, compareImages, failedImagesMessage, NO_BASELINE } from "../compare/images.js";
import { commentMarker } from "../github/marker.js";
import { renderGatesTerminal } from "../report/gates.js";
import { renderImagesComment } from "../report/multi-comment.js";
import { renderImagesTerminal } from "../report/multi-terminal.js";
import { readReportSet } from "../baseline/report-files.js";
import type { ReportSet } from "../report/report-set.js";
import type { MergeArgs } from "./args.js";
import { checkOutputPath } from "./files.js";
import { writeReportFile } from "./io.js";
import type { CliOutput } from "./output.js";

/** Exit code when an image's build failed (as `run`'s). */
const EXIT_BUILD_FAILED = 2;

export async function mergeCommand(args: MergeArgs, output: CliOutput): Promise<number> {
  await Promise.all([checkOutputPath("--json", args.json), checkOutputPath("--markdown", args.markdown)]);
  const head = await readReportSet(args.reports);
  const base = args.baselines.length ? await readReportSet(args.baselines) : null;
  return finishImages(head, base, args, output);
}

/**
 * Every image against its own baseline (in `base`, matched by id), then the merged report
 * (`--json`), the comment (`--markdown`), one row per image and each image's gates. Exit 1 when
 * a gate failed, 2 when a build failed.
 */
export async function finishImages(
  head: ReportSet,
  base: ReportSet | null,
  args: Pick<MergeArgs, "json" | "markdown" | "gates" | "noise">,
  output: CliOutput,
): Promise<number> {
  const outcomes = compareImages(
    head.images,
    base ? baselinesFromSet(base, null, head.images.length) : () => NO_BASELINE,
    args.noise,
    args.gates,
  );
  const json = JSON.stringify(head, null, 2) + "\n";
  if (args.json === "-") output.out(json);
  else if (args.json) await writeReportFile(args.json, json, output);
  if (args.markdown)
    await writeReportFile(
      args.markdown,
      renderImagesComment({
        marker: commentMarker(head.benchmarkId ?? "merged"),
        benchmarkId: head.benchmarkId ?? "merged",
        images: outcomes,
        summaryUrl: null,
      }),
      output,
    );
  // With the JSON on stdout, the readable result goes to stderr.
  const out = (text: string) => (args.json === "-" ? output.err(text) : output.out(text));
  out(renderImagesTerminal(outcomes, args.gates.sizeKind ?? "uncompressed"));
  for (const o of outcomes.filter((x) => x.gates.length))
    out(`\nGates of ${o.id}:\n${renderGatesTerminal(o.gates)}`);
  const failed = failedImagesMessage(outcomes);
  if (!failed) return 0;
  output.err(`docker-cache-bench: ${failed}\n`);
  return outcomes.some((o) => !o.head) ? EXIT_BUILD_FAILED : 1;
}
