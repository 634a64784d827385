// Typed errors of the baseline step. Cache trouble never throws (it degrades to a warning);
// these are for the paths the user chose explicitly: a `baseline: <file>` and `baseline: build`.

/** A `baseline: <path>` file that cannot be read or is not a docker-cache-bench report. */
export class BaselineFileError extends Error {
  override name = "BaselineFileError";
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(
      `baseline file ${path}: ${why} ` +
        "(expected a report written by `docker-cache-bench run --json FILE`, schemaVersion 1)",
    );
  }
}

/** A git step of `baseline: build` failed; `stderrTail` holds git's last lines of stderr. */
export class WorktreeError extends Error {
  override name = "WorktreeError";
  constructor(
    message: string,
    readonly stderrTail: readonly string[] = [],
  ) {
    super(message);
  }
}
