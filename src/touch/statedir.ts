// Where the tool keeps what it needs to undo a touch after a crash (journals, locks, a run's
// scratch files): a directory only the current user can write. A shared default such as
// /tmp/docker-cache-bench let any local user create it first and plant a journal that the next
// run would "restore" (issue 7), so every directory and file read from here is checked first.
import { lstatSync, mkdirSync, statSync, type Stats } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { UntrustedStateError } from "./errors.js";

export const STATE_DIR_ENV = "DOCKER_CACHE_BENCH_STATE_DIR";

/**
 * DOCKER_CACHE_BENCH_STATE_DIR; in a GitHub Actions job the runner's temp dir (private to the
 * job and emptied after it); else the XDG state dir (relative values are ignored, as the XDG
 * spec says), else ~/.local/state.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[STATE_DIR_ENV];
  if (explicit) return resolve(explicit);
  if (env.GITHUB_ACTIONS === "true" && env.RUNNER_TEMP && isAbsolute(env.RUNNER_TEMP))
    return join(env.RUNNER_TEMP, "docker-cache-bench-state");
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".local", "state");
  return join(base, "docker-cache-bench");
}

/** Creates `dir` (0700) if needed and checks it is ours alone; throws UntrustedStateError if not. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const why = privateDirProblem(dir);
  if (why) throw new UntrustedStateError(dir, why);
}

/** Why `dir` cannot be trusted with journals, or null when it can. */
export function privateDirProblem(dir: string): string | null {
  const info = statSync(dir);
  if (!info.isDirectory()) return "it is not a directory";
  const own = ownershipProblem(info);
  if (own) return own;
  if (process.platform === "win32") return null;
  // Someone who can rename an ancestor can swap our directory for theirs after the check.
  for (let p = dirname(dir); ; p = dirname(p)) {
    const a = statSync(p);
    if ((a.mode & 0o022) !== 0 && (a.mode & 0o1000) === 0)
      return `its parent ${p} is writable by other users and not sticky`;
    if (p === dirname(p)) return null;
  }
}

/** Why a journal file (or a run directory) cannot be trusted, or null. Symlinks never are. */
export function privateEntryProblem(path: string): string | null {
  const info = lstatSync(path);
  if (info.isSymbolicLink()) return "it is a symbolic link";
  return ownershipProblem(info);
}

function ownershipProblem(info: Stats): string | null {
  // Windows has no POSIX owner or mode bits to check (its ACLs keep the profile private).
  if (process.platform === "win32") return null;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `it belongs to uid ${info.uid}, not to you (uid ${uid})`;
  if ((info.mode & 0o022) !== 0)
    return `it is writable by other users (mode ${(info.mode & 0o777).toString(8)})`;
  return null;
}
