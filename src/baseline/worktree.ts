// `baseline: build`: check the PR's base commit out next to the head, so both are benchmarked in
// the same job on the same machine. A git worktree shares the object store, so this costs one
// checkout, not a clone.
//
// actions/checkout clones with fetch-depth: 1, so the base commit is usually missing: we fetch just
// that commit from `origin` (its persisted credentials make this work for private repositories;
// with `persist-credentials: false` the fetch fails and the error says what to do). GitHub serves
// any reachable commit by id; so does a plain git server speaking protocol v2 (git's default).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execCommand, ExecError } from "../docker/exec.js";
import type { ExecResult } from "../docker/exec.js";
import { errorMessage } from "../errors.js";
import { WorktreeError } from "./errors.js";
import { gitChildEnv } from "./git-env.js";

export interface Worktree {
  /** The checked-out base commit (a fresh directory outside the repository). */
  dir: string;
  /** Unregisters the worktree and deletes the directory, local changes included. Safe to call twice. */
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
  const { repoDir, commit } = opts;
  // Also keeps a value such as "--upload-pack=…" from reaching git as an option.
  if (!COMMIT_ID.test(commit)) throw new WorktreeError(`base commit "${commit}" is not a commit id`);
  if (!(await hasCommit(repoDir, commit))) await fetchCommit(repoDir, commit);

  const dir = await mkdtemp(join(opts.parentDir ?? tmpdir(), "docker-cache-bench-base-"));
  try {
    // git accepts an existing empty directory as the target.
    await gitOrThrow(repoDir, ["worktree", "add", "--detach", dir, commit], `cannot check out ${commit}`);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  let removed: Promise<void> | undefined;
  return { dir, remove: () => (removed ??= removeWorktree(repoDir, dir)) };
}

async function hasCommit(repoDir: string, commit: string): Promise<boolean> {
  const r = await git(repoDir, ["cat-file", "-e", `${commit}^{commit}`]);
  return r.exitCode === 0;
}

async function fetchCommit(repoDir: string, commit: string): Promise<void> {
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
  const fetched = await git(repoDir, ["fetch", "--no-tags", ...depth, "origin", commit]);
  if (fetched.exitCode !== 0 || !(await hasCommit(repoDir, commit))) {
    const detail = lastLines(fetched.stderrTail) || `git fetch exited with ${fetched.exitCode}`;
    throw new WorktreeError(`${missing} and could not be fetched: ${detail} — ${HINT}`, fetched.stderrTail);
  }
}

async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  // Twice --force: also removes a worktree with changes, untracked files, or a lock.
  const r = await git(repoDir, ["worktree", "remove", "--force", "--force", dir]);
  if (r.exitCode === 0) return;
  // e.g. the directory was already deleted: delete what is left and let git forget it.
  await rm(dir, { recursive: true, force: true });
  await gitOrThrow(repoDir, ["worktree", "prune"], `cannot remove the worktree ${dir}`);
}

/** Runs git without a shell; resolves with the exit code (non-zero is not an error here). */
async function git(repoDir: string, args: readonly string[]): Promise<ExecResult> {
  try {
    // An allowlist of the environment (git-env.ts): no job token reaches git, ssh or a helper.
    return await execCommand(["git", "-C", repoDir, ...args], { env: gitChildEnv(), captureStdout: true });
  } catch (e) {
    // execCommand rejects only when git cannot be started at all.
    throw new WorktreeError(`cannot run git: ${e instanceof ExecError ? e.message : errorMessage(e)}`);
  }
}

async function gitOrThrow(repoDir: string, args: readonly string[], what: string): Promise<ExecResult> {
  const r = await git(repoDir, args);
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
