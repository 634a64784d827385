// Pure: why a build failed, from its trace: the failing step, its Dockerfile line, the exit code
// BuildKit reported and the step's last output lines (`error: missing semicolon at main.c:3`),
// every text through the redactor (build-arg and secret values).
import { lineForStep, type DockerfileModel } from "../dockerfile/index.js";
import type { BuildTrace } from "../progress/model.js";
import { redactNullable, type Redactor } from "../report/redact.js";
import type { BuildError } from "../report/schema.js";

// The cold build passed, so the touch itself may be what the step rejects (a formatter or
// linter check seeing trailing blank lines): say so instead of leaving the user to guess.
const WARM_HINT =
  " (the cold build passed: if this step checks formatting, it may reject the blank lines the touch appended; pick another file with --touch / touch:)";

export function describeBuildFailure(
  phase: "cold" | "warm",
  build: { trace: BuildTrace; exitCode: number; stderrTail: string[] },
  model: DockerfileModel,
  target: string | null,
  redact: Redactor,
): BuildError {
  const { trace } = build;
  const failed = trace.steps.find((s) => s.status === "error");
  const line = failed?.instruction ? lineForStep(model, failed, target ?? undefined) : null;
  const error =
    failed?.error ?? trace.errors.at(-1) ?? build.stderrTail.at(-1) ?? `docker exited with ${build.exitCode}`;
  const code = /exit code: (\d+)/.exec(error)?.[1];
  const where = failed?.name ? ` at step "${failed.name}"${line ? ` (Dockerfile line ${line})` : ""}` : "";
  return {
    phase,
    step: redactNullable(redact, failed?.name ?? null),
    line,
    exitCode: code ? Number(code) : null,
    message: redact(
      `${phase} build failed${where}${code ? ` with exit code ${code}` : ""}: ${error}${phase === "warm" ? WARM_HINT : ""}`,
    ),
    logTail: (failed?.logTail ?? []).map(redact),
  };
}
