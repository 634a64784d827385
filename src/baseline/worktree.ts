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
//
// A SIGKILL (OOM, a vanished runner) cannot be handled: the worktree stays registered. So the
// worktree carries an owner record (worktree-owner.ts), and every checkout first collects the
// worktrees of this repository whose owner is dead. That is done by the runs that check a base
// out, not by every run: only they create worktrees, and the others never need to run git in the
// user's repository (which may not even be one).
//
// The add is `--no-checkout`, followed by the checkout (the `reset --hard` git's add runs itself):
// the record is written the moment git has registered the worktree, so a run killed during a
// long checkout is still provably ours. Unlike the add's own checkout, this one runs no
// post-checkout hook of the user's in our temporary directory.
import { realpathSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRunGuard, type RunGuard } from "../cleanup/guard.js";
import { newOwner, type Owner } from "../touch/owner.js";
import { WorktreeError } from "./errors.js";
import { git, gitOrThrow, lastLines, removeWorktree, removeWorktreeSync } from "./git.js";
import {
  collectDeadWorktrees,
  recordWorktreeOwnerSync,
  WORKTREE_PREFIX,
  type WorktreeNote,
} from "./worktree-owner.js";

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
  /** What the collection of killed runs' worktrees did (one line per worktree collected or left). */
  onNote?: (note: WorktreeNote) => void;
}

const COMMIT_ID = /^[0-9a-f]{4,64}$/i;
const HINT = "use actions/checkout with fetch-depth: 0, or baseline: cache";

export async function checkoutWorktree(opts: CheckoutWorktreeOptions): Promise<Worktree> {
  // Also keeps a value such as "--upload-pack=…" from reaching git as an option.
  if (!COMMIT_ID.test(opts.commit))
    throw new WorktreeError(`base commit "${opts.commit}" is not a commit id`);
  const guard = createRunGuard();
  const owner = newOwner();
  try {
    for (const note of await collectDeadWorktrees(opts.repoDir, owner)) opts.onNote?.(note);
    guard.throwIfInterrupted();
    return await addWorktree(opts, guard, owner);
  } catch (e) {
    // A git step stopped by the signal fails too: the signal is the one cause to report.
    const stopped: unknown = guard.signal.aborted ? guard.signal.reason : null;
    guard.dispose();
    throw stopped ?? e;
  }
}

async function addWorktree(opts: CheckoutWorktreeOptions, guard: RunGuard, owner: Owner): Promise<Worktree> {
  const { repoDir, commit } = opts;
  const { signal } = guard;
  if (!(await hasCommit(repoDir, commit, signal))) await fetchCommit(repoDir, commit, signal);
  guard.throwIfInterrupted();
  // The real path: git records it so, and a removal must name the worktree as git knows it.
  const dir = realpathSync(await mkdtemp(join(opts.parentDir ?? tmpdir(), WORKTREE_PREFIX)));
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
    const add = ["worktree", "add", "--detach", "--no-checkout", dir, commit];
    await gitOrThrow(repoDir, add, `cannot check out ${commit}`, signal);
    recordWorktreeOwnerSync(dir, owner);
    guard.throwIfInterrupted();
    // What `worktree add` runs for its checkout (GIT_DIR and GIT_WORK_TREE are those of `-C dir`).
    const checkout = ["reset", "--hard", "--no-recurse-submodules", "--quiet"];
    await gitOrThrow(dir, checkout, `cannot check out ${commit}`, signal);
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
