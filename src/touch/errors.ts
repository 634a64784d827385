// Typed errors of the touch step; messages say what to do next.
import type { Owner } from "./owner.js";
import { describeOwner } from "./owner.js";

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

/** The file to touch cannot be written and cut back (read-only, append-only, immutable). */
export class TouchNotWritableError extends Error {
  override name = "TouchNotWritableError";
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(
      `cannot touch ${path}: ${why}. The touch appends a line and cuts it off again, so the file must be writable and not append-only (lsattr shows an "a" or "i" flag); fix that or pick another file with --touch / touch:`,
    );
  }
}

/** Another live run holds the lock on a file this run would touch. */
export class TouchLockedError extends Error {
  override name = "TouchLockedError";
  constructor(
    readonly path: string,
    readonly holder: Owner,
  ) {
    super(
      `another docker-cache-bench run (${describeOwner(holder)}) is touching ${path}; wait for it to finish, or pass --wait to wait for it`,
    );
  }
}

/** The state directory (journals, locks) is not private to the current user. */
export class UntrustedStateError extends Error {
  override name = "UntrustedStateError";
  constructor(
    readonly dir: string,
    why: string,
  ) {
    super(
      `refusing to keep touch journals in ${dir}: ${why}. Use a directory only you can write (chmod 700 it, or set DOCKER_CACHE_BENCH_STATE_DIR)`,
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
    super(`cannot use the touch journal ${journalPath} (${why}); check the files it lists, then delete it`);
  }
}
