// Typed errors of the touch step; messages say what to do next.

/** No file in the build context could carry the synthetic touch. */
export class NoTouchTargetError extends Error {
  override name = "NoTouchTargetError";
}

/** A `--touch PATH` that is not a regular file inside the context. */
export class InvalidTouchPathError extends Error {
  override name = "InvalidTouchPathError";
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`--touch ${path}: ${why}`);
  }
}

/** A journal for this context already exists: an earlier run's touch has not been undone. */
export class TouchJournalExistsError extends Error {
  override name = "TouchJournalExistsError";
  constructor(readonly journalPath: string) {
    super(`an earlier touch of this build context is still recorded in ${journalPath}; recover it first`);
  }
}

/** The journal belongs to a run that is still alive: restoring now would pull files from under it. */
export class TouchInProgressError extends Error {
  override name = "TouchInProgressError";
  constructor(
    readonly journalPath: string,
    readonly pid: number,
  ) {
    super(
      `another docker-cache-bench run (pid ${pid}) is benchmarking this build context right now; ` +
        `wait for it to finish, or delete ${journalPath} if that process is not ours`,
    );
  }
}

/** The journal cannot be read, so nothing in it can be safely restored. */
export class TouchJournalError extends Error {
  override name = "TouchJournalError";
  constructor(
    readonly journalPath: string,
    why: string,
  ) {
    super(`cannot read the touch journal ${journalPath} (${why}); check the files it lists, then delete it`);
  }
}
