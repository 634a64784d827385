// Typed errors. Helpers throw them; only an entry point (cli.ts, main.ts) reports, once.
// All of them end a CLI run with exit code 2; a failed gate is not an error (the command returns 1).

export class UsageError extends Error {
  override name = "UsageError";
}

/** Docker (or something else the tool needs) is missing or unreachable. The message says how to fix it. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

/** The user's build failed. `step` is the failing step's name when the log showed it. */
export class BuildFailedError extends Error {
  override name = "BuildFailedError";
  constructor(
    message: string,
    readonly phase: "cold" | "warm",
    readonly step: string | null,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === "string" ? e : JSON.stringify(e);
}
