// The Action's failure path. Whatever ends a run early (the user's build, an input, the event)
// still leaves what a reader looks for: outputs (`passed=false`, `failure`), a job summary, and
// for a failed build the partial report file, the step's last output lines in a collapsible
// group, and an error annotation on the failing Dockerfile line (see failStep).
import * as core from "@actions/core";
import { BuildFailedError, errorMessage, GateFailure, RestoreFailure } from "../errors.js";
import { renderFailureMarkdown } from "../report/failure.js";
import { dockerfilePath } from "./annotations.js";
import { log } from "./log.js";
import { saveReportFile } from "./outputs.js";
import type { RunContext } from "./context.js";

/** Writes the outputs and the summary of a run that ended in `e`; never throws. */
export async function reportFailure(ctx: RunContext | null, e: unknown): Promise<void> {
  const message = errorMessage(e);
  log.setOutput("failure", message);
  // A failed gate (or a file left changed) already wrote the full summary and every output.
  if (e instanceof GateFailure || e instanceof RestoreFailure) return;
  log.setOutput("passed", "false");
  const failed = e instanceof BuildFailedError ? e : null;
  if (failed && ctx) {
    const path = await saveReportFile(ctx, failed.partial).catch(() => null);
    if (path) log.setOutput("report-path", path);
  }
  if (failed?.failure.logTail.length) {
    log.startGroup(`docker-cache-bench: last lines of the failing step's output`);
    for (const line of failed.failure.logTail) log.info(`| ${line}`);
    log.endGroup();
  }
  try {
    await log.summary(renderFailureMarkdown(message, failed?.partial ?? null));
  } catch (err) {
    log.warning(`job summary not written: ${errorMessage(err)}`);
  }
}

/** Fails the step with one error: on the failing Dockerfile line when a build failed. */
export function failStep(e: unknown): void {
  const message = `docker-cache-bench: ${errorMessage(e)}`;
  if (e instanceof BuildFailedError && e.failure.line) {
    const tail = e.failure.logTail.length ? `\n${e.failure.logTail.join("\n")}` : "";
    log.error(message + tail, {
      title: `docker-cache-bench: ${e.failure.phase} build failed`,
      file: dockerfilePath(e.partial),
      startLine: e.failure.line,
      // A RUN continued over lines: the annotation spans the instruction the record points at.
      ...(e.failure.endLine && e.failure.endLine !== e.failure.line && { endLine: e.failure.endLine }),
    });
    process.exitCode = core.ExitCode.Failure;
  } else {
    log.fail(message);
  }
}
