// `bake:` in the Action: the bake or compose file's targets, resolved by `docker buildx bake
// --print` in `context` (as the CLI's `run DIR --bake FILE`), each benchmarked in turn with the
// Action's settings on top of the target's own (src/bake/run.ts), into one report set.
import { relative, resolve } from "node:path";
import { log } from "./log.js";
import { resolveBake } from "../bake/resolve.js";
import { runBake } from "../bake/run.js";
import type { ReportSet } from "../report/report-set.js";
import type { RunContext } from "./context.js";
import { benchmarkOptions } from "./options.js";
import { createActionProgress } from "./progress.js";

/** Benchmarks every target of the bake file in the workspace, or (for the base) in a worktree `root`. */
export async function benchmarkBake(
  ctx: RunContext,
  over: { root?: string },
  label: "head" | "base",
): Promise<ReportSet> {
  const { inputs } = ctx;
  const root = over.root ?? ctx.workspace;
  const opts = benchmarkOptions(ctx, root);
  const plan = await resolveBake({
    docker: inputs.docker,
    files: inputs.bake,
    targets: inputs.bakeTargets,
    cwd: opts.contextDir,
  });
  // The base's file may differ; what it declines was said for the head already.
  if (label === "head") for (const d of plan.declined) log.warning(`bake: ${d}`);
  if (inputs.verifyFixes && label === "head")
    log.warning(
      "verify-fixes: not run for bake targets (two more builds per fix and target); run a single-image job with verify-fixes for the target whose fix you want measured",
    );
  let progress: ReturnType<typeof createActionProgress> | null = null;
  const stop = () => {
    progress?.stop();
    progress = null;
  };
  const ids = plan.images.map((i) => i.id).join(", ");
  log.info(`docker-cache-bench: benchmark ${label}${over.root ? ` (${over.root})` : ""}: ${ids}`);
  try {
    const set = await runBake(
      plan,
      opts,
      { files: inputs.bake, targets: inputs.bakeTargets },
      {
        onImage: (image, i, n) => {
          log.info(`docker-cache-bench: image ${i + 1} of ${n}: ${image.id} (${label})`);
          progress = createActionProgress(`${label}, ${image.id}`);
          return {
            ...progress,
            onRestoreProblem: (m: string) => {
              log.warning(m);
              ctx.notRestored.push(m);
            },
          };
        },
        onImageDone: stop,
      },
    );
    set.benchmarkId = inputs.benchmarkId;
    for (const e of set.images) relativeContext(e.report ?? e.failed, root);
    return set;
  } finally {
    stop();
  }
}

/** The context as a path in the repository, as a single image's report has it: annotations find the Dockerfile by it. */
function relativeContext(r: { build: { context: string } } | null, root: string): void {
  if (r) r.build.context = relative(root, resolve(root, r.build.context)).split("\\").join("/") || ".";
}
