// Typed errors. Helpers throw them; only an entry point (cli.ts, main.ts) reports, once.
// All of them end a CLI run with exit code 2; a failed gate is not an error (the command returns 1).
import type { BuildError, FailedReport } from "./report/schema.js";

export class UsageError extends Error {
  override name = "UsageError";
}

/** Docker (or something else the tool needs) is missing or unreachable. The message says how to fix it. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

/**
 * The user's build failed. `failure` says where and why (step, Dockerfile line, exit code, the
 * step's last output lines, all redacted); `partial` is the report of what ran, for `--json`
 * and the Action's report file.
 */
export class BuildFailedError extends Error {
  override name = "BuildFailedError";
  constructor(
    readonly failure: BuildError,
    readonly partial: FailedReport,
  ) {
    super(failure.message);
  }
  get phase(): "cold" | "warm" {
    return this.failure.phase;
  }
  get step(): string | null {
    return this.failure.step;
  }
  get exitCode(): number | null {
    return this.failure.exitCode;
  }
}

/** A budget the user set was exceeded: the Action's outputs and summary are written, then the step fails. */
export class GateFailure extends Error {
  override name = "GateFailure";
}

/** A touched file was left different from before (after the outputs were written, like a gate). */
export class RestoreFailure extends Error {
  override name = "RestoreFailure";
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === "string" ? e : JSON.stringify(e);
}
