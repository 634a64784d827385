// Pure: why a build failed: the failing step, its Dockerfile lines, the exit code BuildKit reported
// and the step's last output lines (`error: missing semicolon at main.c:3`), every text through the
// redactor (build-arg and secret values). Two sources: the parsed progress log, and where the
// engine keeps build records, the failed build's record, whose structured error (the source
// ranges the frontend attached) is preferred for the location; where both speak, they are compared.
import type { RecordedFailure } from "../docker/records-error.js";
import { lineForStep, type DockerfileModel } from "../dockerfile/index.js";
import type { BuildTrace } from "../progress/model.js";
import { linesText } from "../report/failure.js";
import { redactNullable, type Redactor } from "../report/redact.js";
import type { BuildError, RecordedError } from "../report/schema.js";

// The cold build passed, so the touch itself may be what the step rejects (a formatter or
// linter check seeing trailing blank lines): say so instead of leaving the user to guess. Only
// for a command that ran and exited non-zero: a base image that could not be resolved on the warm
// build (a registry outage, a stand-in tag removed in between) has nothing to do with the touch.
const WARM_HINT =
  " (the cold build passed: if this step checks formatting, it may reject the blank lines the touch appended; pick another file with --touch / touch:)";

/** BuildKit resolves every base image in a vertex of this name before any step runs. */
const LOAD_METADATA = /^\[internal\] load metadata for (\S+)$/;

function hint(phase: "cold" | "warm", step: string | null, code: number | null): string {
  const base = step ? LOAD_METADATA.exec(step)?.[1] : undefined;
  if (base)
    return ` (the base image ${base} could not be resolved: it is not in the local image store and the registry did not answer with it; check its name, a \`docker login\` for a private registry, and the network)`;
  return phase === "warm" && code !== null ? WARM_HINT : "";
}

/** What the parsed log says about the failure. */
interface LogFacts {
  step: string | null;
  line: number | null;
  exitCode: number | null;
  error: string | null;
  logTail: string[];
}

export function describeBuildFailure(
  phase: "cold" | "warm",
  build: { trace: BuildTrace; exitCode: number; stderrTail: string[] },
  model: DockerfileModel,
  target: string | null,
  redact: Redactor,
  recorded: RecordedFailure | null = null,
): BuildError {
  const log = logFacts(build.trace, model, target);
  const error =
    log.error ??
    recorded?.message ??
    build.trace.errors.at(-1) ??
    build.stderrTail.at(-1) ??
    `docker exited with ${build.exitCode}`;
  const fromRecord = recorded !== null && (recorded.lines !== null || recorded.step !== null);
  const step = (fromRecord ? recorded.step : null) ?? log.step;
  const line = (fromRecord ? recorded.lines?.line : null) ?? log.line;
  const endLine = fromRecord ? (recorded.lines?.endLine ?? null) : null;
  const code = recorded?.exitCode ?? log.exitCode ?? exitCodeIn(error);
  // A Dockerfile the frontend rejects has no failing step, but its record points at the line.
  const where = step
    ? ` at step "${step}"${line ? ` (${linesText(line, endLine)})` : ""}`
    : line
      ? ` at ${linesText(line, endLine)}`
      : "";
  return {
    phase,
    step: redactNullable(redact, step),
    line,
    exitCode: code,
    message: redact(
      `${phase} build failed${where}${code !== null ? ` with exit code ${code}` : ""}: ${error}${hint(phase, step, code)}`,
    ),
    logTail: (log.logTail.length ? log.logTail : (recorded?.logTail ?? [])).map(redact),
    ...(recorded && {
      endLine,
      source: fromRecord ? ("record" as const) : ("log" as const),
      record: recordedError(recorded, log, redact),
    }),
  };
}

function logFacts(trace: BuildTrace, model: DockerfileModel, target: string | null): LogFacts {
  const failed = trace.steps.find((s) => s.status === "error");
  const error = failed?.error ?? null;
  return {
    step: failed?.name ?? null,
    line: failed?.instruction ? lineForStep(model, failed, target ?? undefined) : null,
    exitCode: error ? exitCodeIn(error) : null,
    error,
    logTail: failed?.logTail ?? [],
  };
}

function exitCodeIn(error: string): number | null {
  const code = /exit code: (\d+)/.exec(error)?.[1];
  return code ? Number(code) : null;
}

/** The record's facts, redacted, and where they differ from the parsed log's. */
function recordedError(r: RecordedFailure, log: LogFacts, redact: Redactor): RecordedError {
  const disagreements: string[] = [];
  const differ = (what: string, logged: string | number | null, kept: string | number | null) => {
    if (logged !== null && kept !== null && logged !== kept)
      disagreements.push(
        redact(`${what}: the log says ${JSON.stringify(logged)}, the record ${JSON.stringify(kept)}`),
      );
  };
  differ("step", log.step, r.step);
  differ("Dockerfile line", log.line, r.lines?.line ?? null);
  differ("exit code", log.exitCode, r.exitCode);
  return {
    message: redact(r.message),
    file: redactNullable(redact, r.file),
    line: r.lines?.line ?? null,
    endLine: r.lines?.endLine ?? null,
    step: redactNullable(redact, r.step),
    exitCode: r.exitCode,
    logTail: r.logTail.map(redact),
    disagreements,
  };
}
