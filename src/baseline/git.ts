// The git calls of `baseline: build`, shared by the checkout (worktree.ts) and the collection of
// worktrees that killed runs left behind (worktree-owner.ts). Every call names its repository
// with -C and gets the allowlisted environment (git-env.ts).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { execCommand, ExecError } from "../docker/exec.js";
import type { ExecResult } from "../docker/exec.js";
import { errorMessage } from "../errors.js";
import { WorktreeError } from "./errors.js";
import { gitChildEnv } from "./git-env.js";

// Twice --force: also removes a worktree with changes, untracked files, or a lock. git refuses a
// directory that is half deleted (another removal racing, a signal mid-way); once the directory
// is gone entirely it unregisters the worktree all the same, hence the second try. Only ever
// called with a directory that is ours: never `git worktree prune`, which would also drop the
// user's own worktrees whose directories are away (an unmounted disk).
const REMOVE = ["worktree", "remove", "--force", "--force"];

/** Unregisters the worktree at `dir` (git deletes it too), then deletes what git left. */
export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
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
export function removeWorktreeSync(repoDir: string, dir: string): void {
  const remove = () =>
    spawnSync("git", ["-C", repoDir, ...REMOVE, dir], { env: gitChildEnv(), stdio: "ignore" }).status;
  const first = remove();
  rmSync(dir, { recursive: true, force: true });
  if (first !== 0) remove();
}

/** The paths of the repository's worktrees as git lists them (the main one first). */
export async function listWorktrees(repoDir: string): Promise<string[]> {
  const r = await gitOrThrow(repoDir, ["worktree", "list", "--porcelain"], "cannot list the worktrees");
  return r.stdout
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));
}

async function isRegistered(repoDir: string, dir: string): Promise<boolean> {
  const r = await git(repoDir, ["worktree", "list", "--porcelain"]);
  return r.stdout.split("\n").includes(`worktree ${dir}`);
}

/** Runs git without a shell; resolves with the exit code (non-zero is not an error here). */
export async function git(
  repoDir: string,
  args: readonly string[],
  signal?: AbortSignal,
): Promise<ExecResult> {
  try {
    // An allowlist of the environment (git-env.ts): no job token reaches git, ssh or a helper.
    const env = gitChildEnv();
    return await execCommand(["git", "-C", repoDir, ...args], { env, captureStdout: true, signal });
  } catch (e) {
    // execCommand rejects only when git cannot be started at all.
    throw new WorktreeError(`cannot run git: ${e instanceof ExecError ? e.message : errorMessage(e)}`);
  }
}

export async function gitOrThrow(
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
export function lastLines(tail: readonly string[]): string {
  return tail
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(" / ");
}
