// The CLI: parse argv, run one command, report any error once, exit with its code. Every
// write goes through one CliOutput (redaction of build-arg values, control characters removed).
import { parseCliArgs, usageFor, type CliArgs } from "./args.js";
import { compareCommand, parseCommand, runCommand, type CliIO } from "./commands.js";
import { mergeCommand } from "./merge.js";
import { historyCommand } from "./history.js";
import { createCliOutput, type CliOutput } from "./output.js";
import { readSecretValues } from "../docker/build-options.js";
import { BuildFailedError, errorMessage, UsageError } from "../errors.js";
import { renderFailureTerminal } from "../report/failure.js";
import { TOOL_VERSION } from "../version.js";

async function main(args: CliArgs, io: CliIO, output: CliOutput): Promise<number> {
  switch (args.command) {
    case "help":
      output.out(`${usageFor(args.topic)}\n`);
      return 0;
    case "version":
      output.out(`${TOOL_VERSION}\n`);
      return 0;
    case "run":
      return runCommand(args, io, output);
    case "parse":
      return parseCommand(args, io, output);
    case "compare":
      return compareCommand(args, output);
    case "merge":
      return mergeCommand(args, output);
    case "history":
      return historyCommand(args, output);
  }
}

function reportError(e: unknown, io: CliIO, output: CliOutput): void {
  // One line, no stack trace: every error we throw says what failed and how to fix it.
  const text = e instanceof BuildFailedError ? renderFailureTerminal(e.failure) : errorMessage(e);
  output.err(`docker-cache-bench: ${text}\n`);
  if (e instanceof UsageError) output.err("run `docker-cache-bench --help` for usage\n");
  if (io.env.DOCKER_CACHE_BENCH_DEBUG === "1" && e instanceof Error && e.stack) output.err(`${e.stack}\n`);
  process.exitCode = 2;
}

const io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
/** Build-arg and secret values: every write of a `run` is redacted of them. */
async function secretsOf(args: CliArgs): Promise<Record<string, string>> {
  if (args.command !== "run") return {};
  // A secret that cannot be read is reported by the run itself, with its id.
  const secrets = await readSecretValues(args.buildOptions.secrets, io.env).catch(() => ({}));
  return { ...secrets, ...args.buildArgs };
}

let args: CliArgs | null = null;
try {
  args = parseCliArgs(process.argv.slice(2), io.env);
} catch (e) {
  reportError(e, io, createCliOutput(io));
}
if (args) {
  const parsed = args;
  const quiet = parsed.command === "run" && parsed.quiet;
  const output = createCliOutput(io, await secretsOf(parsed), { quiet });
  main(parsed, io, output).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => reportError(e, io, output),
  );
}
