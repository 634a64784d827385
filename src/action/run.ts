// The Action: one run() that wires inputs, the event, the engine, the baseline, the comparison,
// the gates, the comment, the summary and the outputs. Everything that is not the user's build
// or the user's budget degrades to a warning (no baseline, cache down, read-only fork token).
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as github from "@actions/github";
import { runBenchmark } from "../benchmark.js";
import { verifyFixes } from "../verify/index.js";
import { compareReports, type Comparison } from "../compare/compare.js";
import { evaluateGates, failedGatesMessage, type GateResult } from "../compare/gates.js";
import { BuildFailedError, GateFailure, RestoreFailure, UsageError } from "../errors.js";
import { readInputs, type Inputs } from "../inputs.js";
import { TOOL_VERSION } from "../version.js";
import { type BaselineInfo } from "../report/comment.js";
import { soleReport, type ReportSet } from "../report/report-set.js";
import type { Report } from "../report/schema.js";
import { imageSize } from "../report/size.js";
import { cutAtCodePoint } from "../report/untrusted.js";
import { parseEvent, reportSource, savesBaseline, type ActionEvent } from "./event.js";
import { resolvePullRequest } from "./pull-request.js";
import { readBaselineFile } from "../baseline/index.js";
import { readSecretValues } from "../docker/build-options.js";
import { prepullBaseImages } from "../docker/pull.js";
import { annotate } from "./annotations.js";
import type { RunContext } from "./context.js";
import { loadBaseline, saveAsBaseline } from "./baseline.js";
import { attachHistory } from "./history.js";
import { publishComment, type CommentData } from "./comment.js";
import { reportFailure } from "./failure.js";
import { configureLog, log } from "./log.js";
import { benchmarkBake } from "./bake.js";
import { reportImages } from "./images.js";
import { readReportSet } from "../baseline/report-files.js";
import { benchmarkOptions } from "./options.js";
import { createActionProgress } from "./progress.js";
import { renderJobSummary, saveReportFile, writeOutputs } from "./outputs.js";

/** Longest benchmark id taken from a report file (it names the comment and the baseline). */
const MAX_BENCHMARK_ID = 200;

/** Runs the Action; whatever ends it early still leaves a job summary and outputs (reportFailure). */
export async function run(read: () => Inputs = readInputs): Promise<void> {
  let ctx: RunContext | null = null;
  // The runtime first: the runner picks the Node (action.yml `using`), and a log shows which it was.
  log.info(`docker-cache-bench ${TOOL_VERSION} on Node ${process.version}`);
  try {
    const inputs = read();
    const secrets = await readSecretValues(inputs.buildOptions.secrets, process.env).catch(() => ({}));
    configureLog({ ...secrets, ...inputs.buildArgs }, [inputs.githubToken]);
    ctx = readContext(inputs);
    await benchmarkAndReport(ctx);
  } catch (e) {
    await reportFailure(ctx, e);
    throw e;
  }
}

async function benchmarkAndReport(ctx: RunContext): Promise<void> {
  const { inputs } = ctx;
  log.info(`docker-cache-bench: ${describeEvent(ctx.event)}, benchmark "${inputs.benchmarkId}"`);

  ctx.pr = await resolvePullRequest(ctx.event, {
    token: inputs.githubToken,
    apiUrl: ctx.apiUrl,
    ...ctx.repo,
  });
  if (inputs.bake.length) return reportImages(ctx, () => measureBake(ctx));
  const given = inputs.report.length ? await readGivenReports(ctx) : null;
  if (given && !("report" in given)) return reportImages(ctx, () => Promise.resolve(given.set));
  if (inputs.baseline.kind === "build" && ctx.pr && !given) {
    await prepullBaseImages(
      {
        docker: inputs.docker,
        dockerfilePath: resolve(ctx.workspace, inputs.file ?? join(inputs.context, "Dockerfile")),
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        platform: inputs.platform,
      },
      (m) => log.info(m),
    );
  }
  // A baseline file that cannot be read fails the job before the build, not after it.
  if (inputs.baseline.kind === "file") await readBaselineFile(inputs.baseline.path);
  const head = given?.report ?? (await measureHead(ctx));
  const saves = savesBaseline(ctx.event, inputs.baselineBranches) && inputs.baseline.kind === "cache";
  await attachHistory(ctx, head, saves);
  const reportPath = await saveReportFile(ctx, head);

  const baseline = await loadBaseline(ctx, (root) => benchmark(ctx, { root }, "base"));
  const base = baseline.report;
  const kind = inputs.budgets.sizeKind;
  const comparison: Comparison | null = base ? compareReports(base, head, inputs.noise, kind) : null;
  const gates: GateResult[] = evaluateGates(
    head,
    comparison,
    base ? imageSize(base, kind) : null,
    inputs.budgets,
  );

  if (saves) await saveAsBaseline(ctx, head);

  const baselineInfo: BaselineInfo | null = baseline.report ? baseline.info : null;
  annotate(head, comparison);
  const outcome: CommentData = {
    head,
    base,
    comparison,
    gates,
    baseline: baselineInfo,
    baselineNote: baseline.note,
    sizeKind: kind,
    subject: ctx.pr ? "pull-request" : "commit",
  };
  const comment = await publishComment(ctx, outcome);
  await renderJobSummary(ctx, outcome);
  writeOutputs({
    head,
    comparison,
    gates,
    reportPath,
    comment,
    baselineCommit: baselineInfo?.commit ?? null,
    sizeKind: kind,
  });

  const failed = failedGatesMessage(gates);
  // After the comment and outputs, like a gate: the numbers stand, but a later step of the job
  // (an auto-commit, a release build) must not pick up a file the touch left changed.
  if (ctx.notRestored.length) {
    const list = ctx.notRestored.map((m) => `- ${m}`).join("\n");
    throw new RestoreFailure(
      `${ctx.notRestored.length} touched file(s) not restored exactly (the warnings above say how to fix them):\n${list}${failed ? `\n${failed}` : ""}`,
    );
  }
  if (failed) throw new GateFailure(failed);
}

function readContext(inputs: Inputs): RunContext {
  const c = github.context;
  const event = parseEvent(c.eventName, c.payload, c.sha, c.ref);
  const serverUrl = c.serverUrl || "https://github.com";
  const { owner, repo } = process.env.GITHUB_REPOSITORY ? c.repo : { owner: "", repo: "" };
  return {
    inputs,
    event,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    repo: { owner, repo },
    summaryUrl: c.runId && owner ? `${serverUrl}/${owner}/${repo}/actions/runs/${c.runId}` : null,
    apiUrl: c.apiUrl || "https://api.github.com",
    runnerTemp: process.env.RUNNER_TEMP ?? tmpdir(),
    pr: null,
    notRestored: [],
  };
}

function describeEvent(e: ActionEvent): string {
  switch (e.kind) {
    case "pull_request":
      return `pull request #${e.number} (${e.headRef} → ${e.baseRef})`;
    case "push":
      return `push to ${e.branch ?? "a tag"}`;
    case "workflow_run":
      return `workflow_run for ${e.headSha.slice(0, 7)}`;
    default:
      return `${e.name} event`;
  }
}

/**
 * The `report:` files: one image's report (the single-image path, as before sets existed), or a
 * set of several images (merged matrix artifacts, a bake run's report).
 */
async function readGivenReports(ctx: RunContext): Promise<{ report: Report } | { set: ReportSet }> {
  const { inputs } = ctx;
  log.info(`Reading ${inputs.report.join(", ")} instead of building (report input).`);
  const set = await readReportSet(inputs.report, { cwd: ctx.workspace, input: "report" });
  const sole = set.bake ? null : soleReport(set);
  // The measuring workflow named the benchmark; the commenting one need not repeat it.
  // (Capped: the report may come from a fork; the id lands in the comment and in paths.)
  const named = sole ? sole.benchmarkId : set.benchmarkId;
  if (!inputs.benchmarkIdGiven && named)
    ctx.inputs = { ...inputs, benchmarkId: cutAtCodePoint(named, MAX_BENCHMARK_ID) };
  return sole ? { report: sole } : { set };
}

async function measureBake(ctx: RunContext): Promise<ReportSet> {
  refuseToBuild(ctx.event);
  const set = await benchmarkBake(ctx, {}, "head");
  for (const e of set.images) if (e.report) e.report.source = reportSource(ctx.event);
  return set;
}

function refuseToBuild(event: ActionEvent): void {
  if (event.kind === "pull_request" && event.viaTarget) {
    // Building there either measures the base branch (the default checkout) while calling it the
    // PR, or runs the PR's Dockerfile with a write token in reach of its RUN steps.
    throw new UsageError(
      "pull_request_target is not supported for building: measure on pull_request and compare and comment on workflow_run (the fork-safe setup in the README), or set `report:` to a report file",
    );
  }
  if (event.kind === "workflow_run") {
    throw new UsageError(
      "on workflow_run the action compares and comments without building: set `report:` to the report file the pull_request workflow uploaded (see the fork-safe setup in the README)",
    );
  }
}

async function measureHead(ctx: RunContext): Promise<Report> {
  const { inputs, event } = ctx;
  refuseToBuild(event);
  const report = await benchmark(ctx, {}, "head");
  report.benchmarkId = inputs.benchmarkId;
  report.source = reportSource(event);
  return report;
}

/** Benchmarks the workspace (or, for the base, a worktree given as `root`) with the inputs' settings. */
export async function benchmark(
  ctx: RunContext,
  over: { root?: string },
  label: "head" | "base",
): Promise<Report> {
  const { inputs } = ctx;
  const opts = benchmarkOptions(ctx, over.root ?? ctx.workspace);
  log.info(`docker-cache-bench: benchmark ${label}${over.root ? ` (${over.root})` : ""}`);
  const progress = createActionProgress(label);
  // A fix's builds run on a temporary copy: their groups say so, and a restore problem there
  // touches no file of the user's (a warning, not a failed run).
  const verifying = createActionProgress(`${label}, a suggested fix`);
  try {
    const hooks = {
      ...progress,
      onRestoreProblem: (m: string) => {
        log.warning(m);
        ctx.notRestored.push(m);
      },
    };
    let report = await runBenchmark(opts, hooks);
    // The base is measured for comparison only: its fixes are not this PR's to verify.
    if (inputs.verifyFixes && label === "head")
      report = await verifyFixes(opts, report, (o) => runBenchmark(o, verifying), verifying.onInfo);
    report.build.context = inputs.context;
    return report;
  } catch (e) {
    // As for a report: the context as the user wrote it, so the annotation finds the Dockerfile.
    if (e instanceof BuildFailedError) e.partial.build.context = inputs.context;
    throw e;
  } finally {
    progress.stop();
    verifying.stop();
  }
}
