// The benchmark's options from the Action's inputs, for the workspace or for a worktree of the
// PR's base commit (`root`): paths the user wrote relative to the repository follow the checkout.
import { join, relative, resolve } from "node:path";
import type { BenchmarkOptions } from "../benchmark.js";
import type { RunContext } from "./context.js";

export function benchmarkOptions(
  ctx: Pick<RunContext, "inputs" | "workspace" | "runnerTemp">,
  root: string,
): BenchmarkOptions {
  const { inputs } = ctx;
  const at = (p: string) => join(root, relative(ctx.workspace, resolve(ctx.workspace, p)));
  return {
    contextDir: at(inputs.context),
    dockerfile: inputs.file ? at(inputs.file) : null,
    target: inputs.target,
    platform: inputs.platform,
    buildArgs: inputs.buildArgs,
    docker: inputs.docker,
    builder: inputs.builder,
    mode: null,
    progress: "auto",
    touch: inputs.touch,
    keepImage: false,
    stateDir: join(ctx.runnerTemp, "docker-cache-bench-state"),
    repeat: inputs.repeat,
    buildOptions: { ...inputs.buildOptions, buildContexts: mapLocal(inputs.buildOptions.buildContexts, at) },
    // A job's steps run one at a time, so another run touching the same file means a background
    // process or a shared self-hosted workspace: fail with the holder's pid at once rather than
    // spend runner minutes waiting on something the job cannot see.
    wait: false,
  };
}

/** Named contexts that are local paths follow the checkout being measured (the base's worktree). */
function mapLocal(contexts: Record<string, string>, at: (p: string) => string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(contexts).map(([name, value]) => [
      name,
      /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : at(value),
    ]),
  );
}
