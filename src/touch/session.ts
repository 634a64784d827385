// Apply the touch so that it can always be undone: the files are checked writable before any
// build, the journal is on disk before the first byte changes, and the returned session's
// restoreSync() is what the run's guard calls on a signal or exit (src/cleanup/guard.ts); a run
// killed outright is undone by the next one (recover.ts).
//
// What is appended: a newline and a line of blanks that spells a random 32-bit nonce in spaces
// and tabs. A plain "\n" changes the content hash, but it changes it to the *same* hash every
// run, and BuildKit keeps the previous run's warm result in its cache, so from the second run
// on the "warm" build was fully cached (seen on the real engine, 2026-11-28). Trailing blank
// lines are inert in every language and data format we touch (code, JSON, YAML, templates).
import { createHash, randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InvalidTouchPathError, TouchNotWritableError } from "./errors.js";
import { deleteJournalSync, writeJournalSync, type FileRecord } from "./journal.js";
import { restoreFileSync, type RecoveredFile } from "./restore.js";
import type { RunState } from "./rundir.js";
import type { TouchPlan } from "./select.js";

export interface TouchSession {
  /** What each touched file looked like before the touch. */
  readonly files: readonly FileRecord[];
  readonly journalPath: string;
  /** Undo the touch; safe to call more than once (later calls return the first result). */
  restoreSync(): RecoveredFile[];
}

/** The real path of each planned file, refusing any reached through a symbolic link. */
export function touchTargets(contextDir: string, plans: TouchPlan[]): { path: string; relPath: string }[] {
  const context = realpathSync(contextDir);
  return [...new Set(plans.map((p) => p.path))].map((rel) => {
    const path = join(context, ...rel.split("/"));
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      throw new InvalidTouchPathError(rel, `no such file (looked for ${path})`);
    }
    if (real !== path)
      throw new InvalidTouchPathError(rel, `is reached through a symbolic link (it is ${real})`);
    return { path, relPath: rel };
  });
}

/**
 * Fails before any build when a file cannot be touched and cut back: opening it read-write
 * (without O_APPEND) is refused for read-only mounts and for append-only and immutable files,
 * which accept an append but would never let the restore truncate it again.
 */
export function checkTouchable(targets: { path: string; relPath: string }[]): void {
  for (const t of targets) {
    try {
      closeSync(openSync(t.path, constants.O_RDWR | constants.O_NOFOLLOW));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new TouchNotWritableError(
        t.relPath,
        code === "EPERM" ? "EPERM (append-only or immutable)" : code,
      );
    }
  }
}

export function applyTouch(
  contextDir: string,
  targets: { path: string; relPath: string }[],
  state: RunState,
): TouchSession {
  const appended = touchSuffix();
  const files = targets.map((t) => ({ ...recordOf(t.path, t.relPath), appended }));
  writeJournalSync(state.journalPath, {
    version: 2,
    owner: state.owner,
    contextDir: realpathSync(contextDir),
    createdAt: new Date().toISOString(),
    files,
  });
  let results: RecoveredFile[] | null = null;
  const session: TouchSession = {
    files,
    journalPath: state.journalPath,
    restoreSync() {
      results ??= files.map(restoreFileSync);
      // Kept while a file still carries our bytes, so the next run tries again.
      if (results.every((r) => r.status !== "error")) deleteJournalSync(state.journalPath);
      return results;
    },
  };
  try {
    for (const f of files) appendNoFollow(f.path, f.appended);
  } catch (e) {
    session.restoreSync();
    throw e;
  }
  return session;
}

function appendNoFollow(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** "\n" then 32 blanks (space = 0, tab = 1) from a random nonce; starts with a space, so a
 *  Makefile never sees a tab-led line outside a rule. */
export function touchSuffix(): string {
  const bits = [...randomBytes(4)].flatMap((byte) => [...Array(8).keys()].map((i) => (byte >> i) & 1));
  return "\n " + bits.map((b) => (b ? "\t" : " ")).join("");
}

function recordOf(path: string, relPath: string): Omit<FileRecord, "appended"> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = fstatSync(fd, { bigint: true });
    if (!info.isFile()) throw new InvalidTouchPathError(relPath, "is not a regular file");
    const content = readFileSync(fd);
    return {
      path,
      relPath,
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      mode: Number(info.mode),
      atimeNs: info.atimeNs.toString(),
      mtimeNs: info.mtimeNs.toString(),
    };
  } finally {
    closeSync(fd);
  }
}
