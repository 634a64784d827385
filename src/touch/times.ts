// Setting a file's times back. fs.utimes takes seconds as a double and libuv truncates them to
// whole microseconds before calling utimensat (uv__fs_to_timespec), so Node cannot restore the
// nanoseconds ext4/xfs/btrfs keep. We pass the original microsecond plus half a microsecond, which
// survives the double's rounding (about 0.24 µs near 2026) and the truncation, so the times equal
// the original to the microsecond (verified 2026-11-28 on ext4, Node 20); then GNU touch, which
// takes `@seconds.nanoseconds`, sets the mtime's last digits where it exists (Linux runners, this machine).
// Tools that compare mtimes to the nanosecond (git's index, BuildKit's context sync) re-read a
// file whose mtime moved, find the same bytes and move on. ctime cannot be set from user space.
import { spawnSync } from "node:child_process";
import { fstatSync, futimesSync } from "node:fs";

export type MtimeMatch = "exact" | "microsecond" | "approximate";

/** Sets atime and mtime of the open file (and, through GNU touch, of `path` without following a link). */
export function setTimesSync(fd: number, path: string, atimeNs: bigint, mtimeNs: bigint): MtimeMatch {
  futimesSync(fd, toUtimesSeconds(atimeNs), toUtimesSeconds(mtimeNs));
  if (fstatSync(fd, { bigint: true }).mtimeNs !== mtimeNs) setTimesWithTouch(path, mtimeNs);
  return mtimeMatch(fstatSync(fd, { bigint: true }).mtimeNs, mtimeNs);
}

export function mtimeMatch(actual: bigint, wanted: bigint): MtimeMatch {
  if (actual === wanted) return "exact";
  return actual / 1000n === wanted / 1000n ? "microsecond" : "approximate";
}

/** `@seconds.nanoseconds`, the form GNU touch -d reads. */
export function touchStamp(ns: bigint): string {
  return `@${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}`;
}

function setTimesWithTouch(path: string, mtime: bigint): boolean {
  // mtime only: atime keeps its microsecond (futimes set it), and reading the file moves it anyway.
  // One process less: each is a client start on the run's critical path.
  return (
    spawnSync("touch", ["-h", "-c", "-m", "-d", touchStamp(mtime), "--", path], {
      stdio: "ignore",
      timeout: 5000,
      // touch needs only to be found: none of the job's tokens (see src/docker/child-env.ts).
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    }).status === 0
  );
}

/** Seconds as the double whose libuv truncation lands on the original microsecond. */
export function toUtimesSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  const micros = (ns % 1_000_000_000n) / 1000n;
  return Number(sec) + (Number(micros) * 1000 + 500) / 1e9;
}

/** A path quoted for a POSIX shell, for the fix commands the warnings print. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
