// What every CLI command shares: its streams, the engine options of `run`'s flags, result files.
import { writeFileReplacing } from "../baseline/write-file.js";
import type { BenchmarkOptions } from "../benchmark.js";
import { defaultStateDir } from "../touch/index.js";
import type { RunArgs } from "./args.js";
import type { CliOutput } from "./output.js";

export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

/** The report is written, but a file is not exactly as it was before the touch (see the warning). */
export const EXIT_NOT_RESTORED = 3;

/**
 * What `run`'s flags ask the engine for. `dockerfile` is the file docker reads: `-f -` has been
 * copied from stdin to a temp file by then (see files.ts).
 */
export function runOptions(
  args: RunArgs,
  env: NodeJS.ProcessEnv,
  dockerfile: string | null = args.file,
): BenchmarkOptions {
  return {
    contextDir: args.context,
    dockerfile,
    target: args.target,
    platform: args.platform,
    buildArgs: args.buildArgs,
    docker: args.docker,
    builder: args.builder,
    mode: args.mode,
    progress: args.progress,
    touch: args.touch,
    keepImage: args.keepImage,
    repeat: args.repeat,
    stateDir: defaultStateDir(env),
    buildOptions: args.buildOptions,
    wait: args.wait,
  };
}

/** Writes a result file and says where, on stderr (stdout stays the results; -q says nothing). */
export async function writeReportFile(path: string, text: string, output: CliOutput): Promise<void> {
  await writeFileReplacing(path, text);
  output.note(`wrote ${path}\n`);
}
