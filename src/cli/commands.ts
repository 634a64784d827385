// The three CLI commands. Results go to stdout (or files); progress and warnings to stderr, all
// through one CliOutput. Inputs and output paths are checked before any build starts.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { runBenchmark } from "../benchmark.js";
import { compareReports } from "../compare/compare.js";
import { imageSize, type SizeKind } from "../report/size.js";
import { renderTrendTerminal, trendOf } from "../report/trend.js";
import { evaluateGates, failedGatesMessage, type GateResult } from "../compare/gates.js";
import { BuildFailedError, UsageError } from "../errors.js";
import { createProgressParser, detectFormat } from "../progress/index.js";
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
import { checkOutputPath, dockerfileFromStdin } from "./files.js";
import { EXIT_NOT_RESTORED, runOptions, writeReportFile, type CliIO } from "./io.js";
import type { CliOutput } from "./output.js";
import { parseVerdict } from "./parse-verdict.js";
import { createProgressReporter } from "./progress.js";
import { readReport } from "./read-report.js";

export { EXIT_NOT_RESTORED, type CliIO };

export async function runCommand(args: RunArgs, io: CliIO, output: CliOutput): Promise<number> {
  // Everything that can be wrong without a build is found before the first one.
  await Promise.all([checkOutputPath("--json", args.json), checkOutputPath("--markdown", args.markdown)]);
  if (args.bake.length) return bakeCommand(args, io, output);
  const base = args.baseline ? await readReport(args.baseline) : null;
  const debug = io.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io.env.RUNNER_DEBUG === "1";
  // `quiet` drops progress but never warnings (a warning may say a file was not restored).
  const reporter = createProgressReporter(output, debug, args.quiet, args.verbose);
  const stdinFile = args.file === "-" ? await dockerfileFromStdin(io.stdin) : null;
  let restoreProblems = 0;
  let report: Report;
  try {
    const opts = runOptions(args, io.env, stdinFile?.path ?? args.file);
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
    if (e instanceof BuildFailedError) await writeFailedReport(args, e, output);
    throw e;
  } finally {
    reporter.stop();
    await stdinFile?.remove();
  }
  const kind = args.gates.sizeKind ?? "uncompressed";
  const comparison = base ? compareReports(base, report, args.noise, kind) : null;
  const gates = evaluateGates(report, comparison, base ? imageSize(base, kind) : null, args.gates);
  // The temp file's path means nothing to a reader: say where the Dockerfile came from.
  if (stdinFile) report.build.dockerfile = "-";
  const json = JSON.stringify(report, null, 2) + "\n";
  if (args.json === "-") output.out(json);
  else {
    if (args.json) await writeReportFile(args.json, json, output);
    output.out(renderTerminal(report));
    if (comparison && base) {
      output.out(`\nAgainst ${args.baseline}:\n${renderComparisonTerminal(comparison)}`);
      output.out(trendText(base, report, kind));
    }
  }
  if (args.markdown) {
    const extra = comparison ? `\n${renderComparisonMarkdown(comparison)}` : "";
    await writeReportFile(args.markdown, renderMarkdown(report) + extra + gatesMarkdown(gates), output);
  }
  const code = finishGates(gates, args.json === "-", output);
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

/** The gate table (with the results, or on stderr when stdout holds JSON), the failed gates on stderr; exit 1 when one failed. */
function finishGates(gates: GateResult[], jsonOnStdout: boolean, output: CliOutput): number {
  if (!gates.length) return 0;
  const table = `\nGates:\n${renderGatesTerminal(gates)}`;
  if (jsonOnStdout) output.err(table);
  else output.out(table);
  const failed = failedGatesMessage(gates);
  if (!failed) return 0;
  output.err(`docker-cache-bench: ${failed}\n`);
  return 1;
}

/** A failed build still leaves its partial report (and the failure in markdown) where asked. */
async function writeFailedReport(args: RunArgs, e: BuildFailedError, output: CliOutput): Promise<void> {
  const json = JSON.stringify(e.partial, null, 2) + "\n";
  if (args.json === "-") output.out(json);
  else if (args.json) await writeReportFile(args.json, json, output);
  if (args.markdown)
    await writeReportFile(args.markdown, renderFailureMarkdown(e.message, e.partial), output);
}

/**
 * `parse`: a saved progress log → `{ format, steps, imageId }`, streamed so any size works.
 * Exit 0 for a complete log, 1 for one that stops mid-build (the JSON is still printed), 2 for
 * input with no BuildKit progress in it at all (empty, or something else).
 */
export async function parseCommand(args: ParseArgs, io: CliIO, output: CliOutput): Promise<number> {
  if (args.input !== "-") {
    const st = await stat(args.input).catch(() => null);
    if (!st?.isFile()) throw new UsageError(`no such log file: ${args.input} (use - to read standard input)`);
  }
  const input = args.input === "-" ? io.stdin : createReadStream(args.input);
  const parser = createProgressParser();
  const seen = { lines: 0, progressLines: 0 };
  const splitter = createLineSplitter((line) => {
    seen.lines++;
    if (detectFormat(line) !== null) seen.progressLines++;
    parser.line(line);
  });
  input.setEncoding("utf8");
  for await (const chunk of input) splitter.push(chunk as string);
  splitter.end();
  const trace = parser.result();
  const verdict = parseVerdict(trace, seen);
  const name = args.input === "-" ? "standard input" : args.input;
  if (verdict.code === 2) throw new UsageError(`${name}: ${verdict.message}`);
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
  output.out(JSON.stringify(out, null, 2) + "\n");
  if (verdict.message) output.err(`docker-cache-bench: ${name}: ${verdict.message}\n`);
  return verdict.code;
}

export async function compareCommand(args: CompareArgs, output: CliOutput): Promise<number> {
  await Promise.all([checkOutputPath("--json", args.json), checkOutputPath("--markdown", args.markdown)]);
  const [base, head] = await Promise.all([readReport(args.base), readReport(args.head)]);
  const kind = args.gates.sizeKind ?? "uncompressed";
  const c = compareReports(base, head, args.noise, kind);
  const gates = evaluateGates(head, c, imageSize(base, kind), args.gates);
  const json = JSON.stringify(versioned("comparison", c), null, 2) + "\n";
  if (args.json === "-") output.out(json);
  else {
    if (args.json) await writeReportFile(args.json, json, output);
    output.out(renderComparisonTerminal(c));
    output.out(trendText(base, head, kind));
  }
  if (args.markdown)
    await writeReportFile(args.markdown, renderComparisonMarkdown(c) + gatesMarkdown(gates), output);
  return finishGates(gates, args.json === "-", output);
}
