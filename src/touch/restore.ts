// Undoing a touch, one file at a time, synchronously (it also runs inside signal handlers).
// A file is only cut back when it is exactly "original + what we appended": anything else means someone
// edited it after the touch, and their edit wins over our restore.
//
// Timestamps: fs.utimes takes seconds as a double and libuv truncates them to whole
// microseconds before calling utimensat (uv__fs_to_timespec), so Node cannot restore the
// nanoseconds ext4/xfs/btrfs keep. We pass the original microsecond plus half a microsecond,
// which survives the double's rounding (about 0.24 µs near 2026) and the truncation, so the
// restored mtime/atime equal the original to the microsecond; the sub-microsecond digits are
// lost (verified 2026-11-28 on ext4, Node 20) — unless GNU touch can set them (below). Tools that compare mtimes to the nanosecond
// (git's index, BuildKit's context sync) re-read the file, find the same bytes and move on.
// ctime cannot be set from user space at all.
import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, lstatSync, openSync, readSync, utimesSync } from "node:fs";
import type { FileRecord } from "./journal.js";
import { hashPrefixSync } from "./journal.js";

export type RestoreStatus = "restored" | "unchanged" | "edited" | "missing" | "error";

export interface RecoveredFile {
  /** Relative to the context, `/`-separated. */
  path: string;
  absolutePath: string;
  /** True when the file has its original content and times again. */
  restored: boolean;
  /** restored: touch undone; unchanged: content was already the original, times set back;
   *  edited: changed since the touch, left alone; missing: deleted since; error: see reason. */
  status: RestoreStatus;
  /** Why it was not restored; null when it was. */
  reason: string | null;
  /** How closely mtime matches the original after the restore (atime is set back the same way, but
   *  any read of the file moves it, so it is not reported). */
  mtime: "exact" | "microsecond" | "approximate" | "not-restored";
}

export function restoreFileSync(rec: FileRecord): RecoveredFile {
  const base = { path: rec.relPath, absolutePath: rec.path };
  try {
    const info = lstatSync(rec.path, { throwIfNoEntry: false });
    if (!info)
      return {
        ...base,
        restored: false,
        status: "missing",
        reason: "it was deleted after the touch",
        mtime: "not-restored",
      };
    if (!info.isFile()) return notOurs(base, "it is no longer a regular file");
    const fd = openSync(rec.path, "r+");
    try {
      const size = info.size;
      if (
        size === rec.size + Buffer.byteLength(rec.appended) &&
        tailIs(fd, rec.size, rec.appended) &&
        hashPrefixSync(fd, rec.size) === rec.sha256
      ) {
        ftruncateSync(fd, rec.size);
        return { ...base, restored: true, status: "restored", reason: null, mtime: restoreTimesSync(rec) };
      }
      if (size === rec.size && hashPrefixSync(fd, rec.size) === rec.sha256) {
        return { ...base, restored: true, status: "unchanged", reason: null, mtime: restoreTimesSync(rec) };
      }
    } finally {
      closeSync(fd);
    }
    return notOurs(
      base,
      "it was edited after the touch; left as it is (remove the blank lines we appended at its end if you want)",
    );
  } catch (e) {
    return { ...base, restored: false, status: "error", reason: (e as Error).message, mtime: "not-restored" };
  }
}

function notOurs(base: { path: string; absolutePath: string }, reason: string): RecoveredFile {
  return { ...base, restored: false, status: "edited", reason, mtime: "not-restored" };
}

function tailIs(fd: number, at: number, appended: string): boolean {
  const want = Buffer.from(appended);
  const b = Buffer.alloc(want.length);
  return readSync(fd, b, 0, want.length, at) === want.length && b.equals(want);
}

function restoreTimesSync(rec: FileRecord): RecoveredFile["mtime"] {
  const atime = BigInt(rec.atimeNs);
  const mtime = BigInt(rec.mtimeNs);
  utimesSync(rec.path, toUtimesSeconds(atime), toUtimesSeconds(mtime));
  let after = lstatSync(rec.path, { bigint: true });
  if (after.mtimeNs !== mtime && setTimesWithTouch(rec.path, atime, mtime)) {
    after = lstatSync(rec.path, { bigint: true });
  }
  if (after.mtimeNs === mtime) return "exact";
  return after.mtimeNs / 1000n === mtime / 1000n ? "microsecond" : "approximate";
}

/**
 * GNU touch takes `@seconds.nanoseconds` and calls utimensat with all nine digits, which Node
 * cannot; where it exists (Linux runners, this machine) the restore is exact. Elsewhere, or if
 * it fails, the microsecond restore above stands.
 */
function setTimesWithTouch(path: string, atime: bigint, mtime: bigint): boolean {
  const stamp = (ns: bigint) =>
    `@${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}`;
  const run = (flag: string, ns: bigint) =>
    spawnSync("touch", ["-c", flag, "-d", stamp(ns), "--", path], { stdio: "ignore", timeout: 5000 })
      .status === 0;
  return run("-a", atime) && run("-m", mtime);
}

/** Seconds as the double whose libuv truncation lands on the original microsecond. */
export function toUtimesSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  const micros = (ns % 1_000_000_000n) / 1000n;
  return Number(sec) + (Number(micros) * 1000 + 500) / 1e9;
}
