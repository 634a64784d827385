// Undoing a touch, one file at a time, synchronously (it also runs inside signal and exit
// handlers), and checking the result. A file is cut back only when it is exactly "original +
// what we appended". If someone edited it meanwhile, their edit wins: we remove only our exact
// bytes when they are still there as a whole, keep their times, and say so; otherwise we leave the
// file alone and say that too. The file is re-checked just before each write, so an edit that
// lands while we look (the same size or not) is never cut off.
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
  type BigIntStats,
} from "node:fs";
import { hashPrefixSync, type FileRecord } from "./journal.js";
import { mtimeMatch, setTimesSync, shellQuote, touchStamp } from "./times.js";

/** Files larger than this are not searched for our line after an edit (source files are far smaller). */
const MAX_EDIT_SCAN_BYTES = 64 << 20;

export type RestoreStatus = "restored" | "unchanged" | "kept-edit" | "edited" | "missing" | "error";

export interface RecoveredFile {
  /** Relative to the context, `/`-separated. */
  path: string;
  absolutePath: string;
  /** restored: touch undone; unchanged: content was already the original, times set back;
   *  kept-edit: changed since the touch, our line removed, the change kept; edited: changed
   *  since, our line not found whole, left alone; missing: deleted since; error: see reason. */
  status: RestoreStatus;
  /** Byte for byte the original again, mtime included (at least to the microsecond). */
  exact: boolean;
  /** Why it is not exact; null when it is. */
  reason: string | null;
  /** What to do by hand to finish the undo (a shell command when one is right), or null. */
  fix: string | null;
  mtime: "exact" | "microsecond" | "approximate" | "not-restored";
}

type Look =
  | { kind: "original" }
  | { kind: "ours" }
  | { kind: "found"; content: Buffer; at: number }
  | { kind: "not-found"; why: string };

export function restoreFileSync(rec: FileRecord): RecoveredFile {
  let fd: number;
  try {
    fd = openSync(rec.path, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch (e) {
    return cannotOpen(rec, e as NodeJS.ErrnoException);
  }
  try {
    for (let tries = 0; tries < 3; tries++) {
      const before = fstatSync(fd, { bigint: true });
      if (!before.isFile()) return result(rec, "edited", "it is no longer a regular file; left alone");
      const look = lookAt(fd, rec, before);
      // Act only if nobody wrote to the file while we looked; otherwise look again.
      if (!sameVersion(before, fstatSync(fd, { bigint: true }))) continue;
      return act(fd, rec, look, before);
    }
    return result(
      rec,
      "edited",
      "it kept changing while we tried to restore it; left as it is",
      leftoverFix(rec),
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return result(rec, "error", `${err.code ?? err.message}${appendOnlyHint(err)}`, truncateFix(rec));
  } finally {
    closeSync(fd);
  }
}

function lookAt(fd: number, rec: FileRecord, st: BigIntStats): Look {
  const size = Number(st.size);
  const ours = Buffer.from(rec.appended);
  if (size >= rec.size && size <= rec.size + ours.length) {
    const tail = readAt(fd, rec.size, size - rec.size);
    // The whole suffix, or a part of it (an append cut short by a full disk), after the original.
    if (ours.subarray(0, tail.length).equals(tail) && hashPrefixSync(fd, rec.size) === rec.sha256)
      return size === rec.size ? { kind: "original" } : { kind: "ours" };
  }
  if (size > MAX_EDIT_SCAN_BYTES)
    return { kind: "not-found", why: "it is too large to search for the touch's line" };
  const content = readAt(fd, 0, size);
  const at = content.indexOf(ours);
  if (at === -1)
    return { kind: "not-found", why: "the line the touch appended is no longer in it as a whole" };
  if (content.indexOf(ours, at + 1) !== -1)
    return { kind: "not-found", why: "the line the touch appended is in it more than once" };
  return { kind: "found", content, at };
}

function act(fd: number, rec: FileRecord, look: Look, before: BigIntStats): RecoveredFile {
  const times = () => setTimesSync(fd, rec.path, BigInt(rec.atimeNs), BigInt(rec.mtimeNs));
  switch (look.kind) {
    case "ours":
      ftruncateSync(fd, rec.size);
      return verified(fd, rec, "restored", times());
    case "original": {
      // Set the times back only if they moved, so a touch that never happened changes nothing.
      const same = before.mtimeNs === BigInt(rec.mtimeNs);
      return verified(fd, rec, "unchanged", same ? "exact" : times());
    }
    case "found": {
      const ours = Buffer.byteLength(rec.appended);
      const kept = Buffer.concat([look.content.subarray(0, look.at), look.content.subarray(look.at + ours)]);
      writeSync(fd, kept, look.at, kept.length - look.at, look.at);
      ftruncateSync(fd, kept.length);
      // The edit is the user's: its times stay theirs.
      setTimesSync(fd, rec.path, before.atimeNs, before.mtimeNs);
      if (!readAt(fd, 0, kept.length + 1).equals(kept))
        return result(rec, "error", "the file does not read back as the edit without the touch's line");
      return result(
        rec,
        "kept-edit",
        "it was edited during the run: your edit is kept and only the line the touch appended was removed (the warm build may have measured your edit too)",
      );
    }
    case "not-found":
      return result(
        rec,
        "edited",
        `it was edited during the run and ${look.why}; left as it is`,
        leftoverFix(rec),
      );
  }
}

/** After the undo: the bytes hash to the original and the mtime is the original's. */
function verified(
  fd: number,
  rec: FileRecord,
  status: "restored" | "unchanged",
  m: RecoveredFile["mtime"],
): RecoveredFile {
  const st = fstatSync(fd, { bigint: true });
  if (Number(st.size) !== rec.size || hashPrefixSync(fd, rec.size) !== rec.sha256)
    return result(rec, "error", "after the restore its bytes are not the original ones", truncateFix(rec));
  const match = mtimeMatch(st.mtimeNs, BigInt(rec.mtimeNs));
  if (match === "approximate" || m === "approximate") {
    const fix = `touch -m -d ${touchStamp(BigInt(rec.mtimeNs))} -- ${shellQuote(rec.path)}`;
    return {
      ...result(rec, status, "its content is restored but its modification time could not be set back", fix),
      mtime: "approximate",
    };
  }
  return {
    path: rec.relPath,
    absolutePath: rec.path,
    status,
    exact: true,
    reason: null,
    fix: null,
    mtime: match,
  };
}

function result(
  rec: FileRecord,
  status: RestoreStatus,
  reason: string,
  fix: string | null = null,
): RecoveredFile {
  return {
    path: rec.relPath,
    absolutePath: rec.path,
    status,
    exact: false,
    reason,
    fix,
    mtime: "not-restored",
  };
}

function cannotOpen(rec: FileRecord, e: NodeJS.ErrnoException): RecoveredFile {
  if (e.code === "ENOENT") return result(rec, "missing", "it was deleted during the run");
  if (e.code === "ELOOP") return result(rec, "edited", "it was replaced by a symbolic link; left alone");
  const why = `cannot open it for writing: ${e.code ?? e.message}${appendOnlyHint(e)}`;
  // Still say what is in it, so the fix printed is the right one.
  let fd: number;
  try {
    fd = openSync(rec.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return result(rec, "error", why, leftoverFix(rec));
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const look = st.isFile() ? lookAt(fd, rec, st) : null;
    if (look?.kind === "original" && st.mtimeNs === BigInt(rec.mtimeNs))
      return verified(fd, rec, "unchanged", "exact");
    return result(rec, "error", why, look?.kind === "ours" ? truncateFix(rec) : leftoverFix(rec));
  } finally {
    closeSync(fd);
  }
}

function appendOnlyHint(e: NodeJS.ErrnoException): string {
  return e.code === "EPERM"
    ? " (an append-only or immutable file? `lsattr` shows it, `chattr -a` clears it)"
    : "";
}

/** Cut the file back to its original length and set its mtime: right when only our suffix is extra. */
function truncateFix(rec: FileRecord): string {
  const p = shellQuote(rec.path);
  return `truncate -s ${rec.size} -- ${p} && touch -m -d ${touchStamp(BigInt(rec.mtimeNs))} -- ${p}`;
}

function leftoverFix(rec: FileRecord): string {
  return `check the end of ${shellQuote(rec.path)} for a line of ${Buffer.byteLength(rec.appended) - 1} spaces and tabs the touch appended, and delete it`;
}

function sameVersion(a: BigIntStats, b: BigIntStats): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
