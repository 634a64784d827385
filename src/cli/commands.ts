// The three CLI commands. Results go to stdout (or files); progress and warnings to stderr.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { runBenchmark } from "../benchmark.js";
import { compareReports } from "../compare/compare.js";
import { imageSize, type SizeKind } from "../report/size.js";
import { renderTrendTerminal, trendOf } from "../report/trend.js";
import { evaluateGates, failedGatesMessage, type GateResult } from "../compare/gates.js";
import { BuildFailedError, UsageError } from "../errors.js";
import { createProgressParser } from "../progress/index.js";
import { createLineSplitter } from "../progress/split.js";
import { renderComparisonMarkdown, renderComparisonTerminal } from "../report/comparison.js";
import { renderFailureMarkdown } from "../report/failure.js";
import { renderGatesMarkdown, renderGatesTerminal } from "../report/gates.js";
import { renderMarkdown } from "../report/markdown.js";
import type { Report } from "../report/schema.js";
import { renderTerminal } from "../report/terminal.js";
import { versioned } from "../report/versioned.js";
import { verifyFixes } from "../verify/index.js";
import type { CompareArgs, ParseArgs, RunArgs } from "./args.js";
import { bakeCommand } from "./bake.js";
import { EXIT_NOT_RESTORED, runOptions, writeReportFile, type CliIO } from "./io.js";

export { EXIT_NOT_RESTORED, type CliIO };
import { createProgressReporter } from "./progress.js";
import { readReport } from "./read-report.js";

export async function runCommand(args: RunArgs, io: CliIO): Promise<number> {
  if (args.bake.length) return bakeCommand(args, io);
  const debug = io.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io.env.RUNNER_DEBUG === "1";
  const reporter = createProgressReporter(io.stderr, debug, args.quiet, args.verbose);
  let restoreProblems = 0;
  let report: Report;
  try {
    const opts = runOptions(args, io.env);
    const hooks = {
      ...reporter,
      onRestoreProblem: (message: string) => {
        restoreProblems++;
        reporter.onWarning?.(message);
      },
    };
    report = await runBenchmark(opts, hooks);
    if (args.verifyFixes)
      report = await verifyFixes(opts, report, (o) => runBenchmark(o, reporter), reporter.onInfo);
  } catch (e) {
    if (e instanceof BuildFailedError) await writeFailedReport(args, e, io);
    throw e;
  } finally {
    reporter.stop();
  }
  const base = args.baseline ? await readReport(args.baseline) : null;
  const kind = args.gates.sizeKind ?? "uncompressed";
  const comparison = base ? compareReports(base, report, args.noise, kind) : null;
  const gates = evaluateGates(report, comparison, base ? imageSize(base, kind) : null, args.gates);
  const json = JSON.stringify(report, null, 2) + "\n";
  if (args.json === "-") io.stdout.write(json);
  else {
    if (args.json) await writeReportFile(args.json, json, io);
    io.stdout.write(renderTerminal(report));
    if (comparison && base) {
      io.stdout.write(`\nAgainst ${args.baseline}:\n${renderComparisonTerminal(comparison)}`);
      io.stdout.write(trendText(base, report, kind));
    }
  }
  if (args.markdown) {
    const extra = comparison ? `\n${renderComparisonMarkdown(comparison)}` : "";
    await writeReportFile(args.markdown, renderMarkdown(report) + extra + gatesMarkdown(gates), io);
  }
  const code = finishGates(gates, args.json === "-" ? io.stderr : io.stdout, io);
  // A file left changed outranks a gate: the gate's lines are printed all the same.
  return restoreProblems > 0 ? EXIT_NOT_RESTORED : code;
}

/** The base branch's trend when the base report carries a history (a baseline the Action saved). */
function trendText(base: Report, head: Report, kind: SizeKind): string {
  const lines = renderTrendTerminal(trendOf(base, head, kind));
  return lines.length ? `\n${lines.join("\n")}\n` : "";
}

function gatesMarkdown(gates: GateResult[]): string {
  return gates.length ? `\n${renderGatesMarkdown(gates)}\n` : "";
}

/** The gate table (where the results go), the failed gates on stderr; exit 1 when one failed. */
function finishGates(gates: GateResult[], table: NodeJS.WritableStream, io: CliIO): number {
  if (!gates.length) return 0;
  table.write(`\nGates:\n${renderGatesTerminal(gates)}`);
  const failed = failedGatesMessage(gates);
  if (!failed) return 0;
  io.stderr.write(`docker-cache-bench: ${failed}\n`);
  return 1;
}

/** A failed build still leaves its partial report (and the failure in markdown) where asked. */
async function writeFailedReport(args: RunArgs, e: BuildFailedError, io: CliIO): Promise<void> {
  const json = JSON.stringify(e.partial, null, 2) + "\n";
  if (args.json === "-") io.stdout.write(json);
  else if (args.json) await writeReportFile(args.json, json, io);
  if (args.markdown) await writeReportFile(args.markdown, renderFailureMarkdown(e.message, e.partial), io);
}

/** `parse`: a saved progress log → `{ format, steps, imageId }`, streamed so any size works. */
export async function parseCommand(args: ParseArgs, io: CliIO): Promise<number> {
  if (args.input !== "-") {
    const st = await stat(args.input).catch(() => null);
    if (!st?.isFile()) throw new UsageError(`no such log file: ${args.input} (use - to read standard input)`);
  }
  const input = args.input === "-" ? io.stdin : createReadStream(args.input);
  const parser = createProgressParser();
  const splitter = createLineSplitter((line) => parser.line(line));
  input.setEncoding("utf8");
  for await (const chunk of input) splitter.push(chunk as string);
  splitter.end();
  const trace = parser.result();
  const out = versioned("parse", {
    format: trace.format,
    steps: trace.steps.map((s) => ({
      name: s.name,
      status: s.status,
      seconds: s.seconds,
      stage: s.stage,
      instruction: s.instruction,
      platform: s.platform,
      error: s.error,
    })),
    imageId: trace.imageId,
    warnings: trace.warnings,
    errors: trace.errors,
  });
  io.stdout.write(JSON.stringify(out, null, 2) + "\n");
  return 0;
}

export async function compareCommand(args: CompareArgs, io: CliIO): Promise<number> {
  const [base, head] = await Promise.all([readReport(args.base), readReport(args.head)]);
  const kind = args.gates.sizeKind ?? "uncompressed";
  const c = compareReports(base, head, args.noise, kind);
  const gates = evaluateGates(head, c, imageSize(base, kind), args.gates);
  const json = JSON.stringify(versioned("comparison", c), null, 2) + "\n";
  if (args.json === "-") io.stdout.write(json);
  else {
    if (args.json) await writeReportFile(args.json, json, io);
    io.stdout.write(renderComparisonTerminal(c));
    io.stdout.write(trendText(base, head, kind));
  }
  if (args.markdown)
    await writeReportFile(args.markdown, renderComparisonMarkdown(c) + gatesMarkdown(gates), io);
  return finishGates(gates, args.json === "-" ? io.stderr : io.stdout, io);
}
