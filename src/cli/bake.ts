// `run --bake FILE`: every target of a bake or compose file benchmarked in turn, one report set.
import { resolve } from "node:path";
import { resolveBake } from "../bake/resolve.js";
import { runBake } from "../bake/run.js";
import { renderFailureTerminal } from "../report/failure.js";
import { renderTerminal } from "../report/terminal.js";
import type { RunArgs } from "./args.js";
import { EXIT_NOT_RESTORED, runOptions, type CliIO } from "./io.js";
import { readReportSet } from "../baseline/report-files.js";
import { finishImages } from "./merge.js";
import type { CliOutput } from "./output.js";
import { createProgressReporter } from "./progress.js";

export async function bakeCommand(args: RunArgs, io: CliIO, output: CliOutput): Promise<number> {
  const debug = io.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io.env.RUNNER_DEBUG === "1";
  // Read before the first build: a wrong baseline should not cost every image's builds.
  const base = args.baseline ? await readReportSet([args.baseline]) : null;
  const cwd = resolve(args.context);
  const plan = await resolveBake({ docker: args.docker, files: args.bake, targets: args.bakeTargets, cwd });
  for (const d of plan.declined) output.err(`docker-cache-bench: warning: ${d}\n`);
  let restoreProblems = 0;
  const reporters: { stop: () => void }[] = [];
  const set = await runBake(
    plan,
    runOptions(args, io.env),
    { files: args.bake, targets: args.bakeTargets },
    {
      onImage: (image, i, n) => {
        output.note(`docker-cache-bench: image ${i + 1} of ${n}: ${image.id}\n`);
        const reporter = createProgressReporter(output, debug, args.quiet, args.verbose);
        reporters.push(reporter);
        return {
          ...reporter,
          onRestoreProblem: (message: string) => {
            restoreProblems++;
            reporter.onWarning?.(message);
          },
        };
      },
      onImageDone: () => reporters.pop()?.stop(),
    },
  ).finally(() => reporters.forEach((r) => r.stop()));
  // Names the comment (its title and marker) after the file, as the Action's default id does.
  set.benchmarkId ??= args.bake.join(",");
  if (args.json !== "-") {
    for (const e of set.images) {
      output.out(`\n== ${e.id}\n`);
      output.out(e.report ? renderTerminal(e.report) : `${renderFailureTerminal(e.failed!.error)}\n`);
    }
    output.out("\n");
  }
  const code = await finishImages(set, base, args, output);
  return restoreProblems > 0 ? EXIT_NOT_RESTORED : code;
}
