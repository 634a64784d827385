#!/usr/bin/env node
// CLI entry: parse argv, run one command, report any error once, exit with its code.
import { parseCliArgs, usageFor } from "./cli/args.js";
import { compareCommand, parseCommand, runCommand, type CliIO } from "./cli/commands.js";
import { mergeCommand } from "./cli/merge.js";
import { historyCommand } from "./cli/history.js";
import { BuildFailedError, errorMessage, UsageError } from "./errors.js";
import { renderFailureTerminal } from "./report/failure.js";
import { TOOL_VERSION } from "./version.js";

async function main(argv: string[], io: CliIO): Promise<number> {
  const args = parseCliArgs(argv, io.env);
  switch (args.command) {
    case "help":
      io.stdout.write(`${usageFor(args.topic)}\n`);
      return 0;
    case "version":
      io.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    case "run":
      return runCommand(args, io);
    case "parse":
      return parseCommand(args, io);
    case "compare":
      return compareCommand(args, io);
    case "merge":
      return mergeCommand(args, io);
    case "history":
      return historyCommand(args, io.stdout);
  }
}

const io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // One line, no stack trace: every error we throw says what failed and how to fix it.
    const text = e instanceof BuildFailedError ? renderFailureTerminal(e.failure) : errorMessage(e);
    io.stderr.write(`docker-cache-bench: ${text}\n`);
    if (e instanceof UsageError) io.stderr.write("run `docker-cache-bench --help` for usage\n");
    if (io.env.DOCKER_CACHE_BENCH_DEBUG === "1" && e instanceof Error && e.stack)
      io.stderr.write(`${e.stack}\n`);
    process.exitCode = 2;
  },
);
