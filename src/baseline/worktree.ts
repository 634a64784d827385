// `baseline: build`: check the PR's base commit out next to the head, so both are benchmarked in
// the same job on the same machine. A git worktree shares the object store, so this costs one
// checkout, not a clone.
//
// actions/checkout clones with fetch-depth: 1, so the base commit is usually missing: we fetch just
// that commit from `origin` (its persisted credentials make this work for private repositories;
// with `persist-credentials: false` the fetch fails and the error says what to do). GitHub serves
// any reachable commit by id; so does a plain git server speaking protocol v2 (git's default).
//
// The worktree is registered in the user's repository, so it is given back on every path: a run
// guard (src/cleanup/guard.ts) is up from before `git worktree add` until the removal has ended.
// A signal during the add aborts git, which deletes a half-made worktree itself (git's
// remove_junk_on_signal), and the removal runs after it anyway. A signal during the base's
// benchmark is first handled by that benchmark's own guard (touch undone, build stopped, images
// removed); when it re-raises the signal, this guard's end step unregisters and deletes the
// worktree synchronously, as it does if the removal is still running at a second signal or when
// the grace period is over. Only our directory is ever named to git: never `git worktree prune`,
// which would also drop the user's own worktrees whose directories are away (an unmounted disk).
import { spawnSync } from "node:child_process";
import { realpathSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRunGuard, type RunGuard } from "../cleanup/guard.js";
import { execCommand, ExecError } from "../docker/exec.js";
import type { ExecResult } from "../docker/exec.js";
import { errorMessage } from "../errors.js";
import { WorktreeError } from "./errors.js";
import { gitChildEnv } from "./git-env.js";

export interface Worktree {
  /** The checked-out base commit (a fresh directory outside the repository). */
  dir: string;
  /** Throws InterruptedError once a signal has arrived (before the base's benchmark starts). */
  throwIfInterrupted(): void;
  /**
   * Unregisters the worktree and deletes the directory, local changes included, then lets a
   * pending signal end the process. Safe to call twice.
   */
  remove(): Promise<void>;
}

export interface CheckoutWorktreeOptions {
  repoDir: string;
  /** A commit id (hex). Abbreviated ids work only for commits already in the repository. */
  commit: string;
  /** Where the worktree directory is created; default os.tmpdir(). On a runner, pass RUNNER_TEMP. */
  parentDir?: string;
}

const COMMIT_ID = /^[0-9a-f]{4,64}$/i;
const HINT = "use actions/checkout with fetch-depth: 0, or baseline: cache";

export async function checkoutWorktree(opts: CheckoutWorktreeOptions): Promise<Worktree> {
  // Also keeps a value such as "--upload-pack=…" from reaching git as an option.
  if (!COMMIT_ID.test(opts.commit))
    throw new WorktreeError(`base commit "${opts.commit}" is not a commit id`);
  const guard = createRunGuard();
  try {
    return await addWorktree(opts, guard);
  } catch (e) {
    // A git step stopped by the signal fails too: the signal is the one cause to report.
    const stopped: unknown = guard.signal.aborted ? guard.signal.reason : null;
    guard.dispose();
    throw stopped ?? e;
  }
}

async function addWorktree(opts: CheckoutWorktreeOptions, guard: RunGuard): Promise<Worktree> {
  const { repoDir, commit } = opts;
  const { signal } = guard;
  if (!(await hasCommit(repoDir, commit, signal))) await fetchCommit(repoDir, commit, signal);
  guard.throwIfInterrupted();
  // The real path: git records it so, and a removal must name the worktree as git knows it.
  const dir = realpathSync(await mkdtemp(join(opts.parentDir ?? tmpdir(), "docker-cache-bench-base-")));
  let removed = false;
  guard.onInterruptEnd(() => {
    if (!removed) removeWorktreeSync(repoDir, dir);
  });
  const remove = async () => {
    try {
      await removeWorktree(repoDir, dir);
      removed = true;
    } finally {
      guard.dispose();
    }
  };
  try {
    // git accepts an existing empty directory as the target.
    const add = ["worktree", "add", "--detach", dir, commit];
    await gitOrThrow(repoDir, add, `cannot check out ${commit}`, signal);
    guard.throwIfInterrupted();
  } catch (e) {
    // An add that failed or was stopped late may have registered the worktree already.
    await removeWorktree(repoDir, dir).then(
      () => (removed = true),
      () => undefined,
    );
    throw e;
  }
  let removing: Promise<void> | undefined;
  return {
    dir,
    throwIfInterrupted: () => guard.throwIfInterrupted(),
    remove: () => (removing ??= remove()),
  };
}

async function hasCommit(repoDir: string, commit: string, signal?: AbortSignal): Promise<boolean> {
  const r = await git(repoDir, ["cat-file", "-e", `${commit}^{commit}`], signal);
  return r.exitCode === 0;
}

async function fetchCommit(repoDir: string, commit: string, signal: AbortSignal): Promise<void> {
  const missing = `base commit ${commit} is not in the repository`;
  const remote = await git(repoDir, ["remote", "get-url", "origin"]);
  if (remote.exitCode !== 0) {
    throw new WorktreeError(
      `${missing} and there is no "origin" remote to fetch it from; ${HINT}`,
      remote.stderrTail,
    );
  }
  // --depth=1 only in a shallow clone: in a full one it would make the whole repository shallow.
  const shallow = await git(repoDir, ["rev-parse", "--is-shallow-repository"]);
  const depth = shallow.stdout.trim() === "true" ? ["--depth=1"] : [];
  const fetched = await git(repoDir, ["fetch", "--no-tags", ...depth, "origin", commit], signal);
  if (fetched.exitCode !== 0 || !(await hasCommit(repoDir, commit))) {
    const detail = lastLines(fetched.stderrTail) || `git fetch exited with ${fetched.exitCode}`;
    throw new WorktreeError(`${missing} and could not be fetched: ${detail} — ${HINT}`, fetched.stderrTail);
  }
}

// Twice --force: also removes a worktree with changes, untracked files, or a lock. git refuses a
// directory that is half deleted (another removal racing, a signal mid-way); once the directory
// is gone entirely it unregisters the worktree all the same, hence the second try.
const REMOVE = ["worktree", "remove", "--force", "--force"];

async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  let r = await git(repoDir, [...REMOVE, dir]);
  // What git could not delete (or never registered: an add stopped early).
  await rm(dir, { recursive: true, force: true });
  if (r.exitCode !== 0 && (await isRegistered(repoDir, dir))) r = await git(repoDir, [...REMOVE, dir]);
  if (r.exitCode !== 0 && (await isRegistered(repoDir, dir))) {
    const detail = lastLines(r.stderrTail) || `git worktree remove exited with ${r.exitCode}`;
    throw new WorktreeError(`cannot remove the worktree ${dir}: ${detail}`, r.stderrTail);
  }
}

/** The same steps for the guard, on a signal's way out, where nothing asynchronous can run. */
function removeWorktreeSync(repoDir: string, dir: string): void {
  const remove = () =>
    spawnSync("git", ["-C", repoDir, ...REMOVE, dir], { env: gitChildEnv(), stdio: "ignore" }).status;
  const first = remove();
  rmSync(dir, { recursive: true, force: true });
  if (first !== 0) remove();
}

async function isRegistered(repoDir: string, dir: string): Promise<boolean> {
  const r = await git(repoDir, ["worktree", "list", "--porcelain"]);
  return r.stdout.split("\n").includes(`worktree ${dir}`);
}

/** Runs git without a shell; resolves with the exit code (non-zero is not an error here). */
async function git(repoDir: string, args: readonly string[], signal?: AbortSignal): Promise<ExecResult> {
  try {
    // An allowlist of the environment (git-env.ts): no job token reaches git, ssh or a helper.
    const env = gitChildEnv();
    return await execCommand(["git", "-C", repoDir, ...args], { env, captureStdout: true, signal });
  } catch (e) {
    // execCommand rejects only when git cannot be started at all.
    throw new WorktreeError(`cannot run git: ${e instanceof ExecError ? e.message : errorMessage(e)}`);
  }
}

async function gitOrThrow(
  repoDir: string,
  args: readonly string[],
  what: string,
  signal?: AbortSignal,
): Promise<ExecResult> {
  const r = await git(repoDir, args, signal);
  if (r.exitCode !== 0) {
    const detail = lastLines(r.stderrTail) || `git ${args[0] ?? ""} exited with ${r.exitCode}`;
    throw new WorktreeError(`${what}: ${detail}`, r.stderrTail);
  }
  return r;
}

/** The last few non-empty stderr lines, joined for a one-line message. */
function lastLines(tail: readonly string[]): string {
  return tail
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(" / ");
}
