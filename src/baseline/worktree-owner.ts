// Who checked a `baseline: build` worktree out, so that a run killed outright (SIGKILL, OOM, a
// runner that vanished) does not leave it registered in the user's repository for good: signals
// are handled by the checkout's guard (worktree.ts), but nothing runs after a SIGKILL. The next
// run that checks a base out collects the worktrees whose owner is provably dead.
//
// Where the owner record lives: in git's own administrative directory of that worktree,
// `<repo>/.git/worktrees/<id>/docker-cache-bench-owner.json`, not in the state directory and not
// next to the worktree's directory. That directory exists exactly as long as the registration
// does: git deletes it (record included) with the worktree, whoever removes it (us, the user's
// `git worktree remove` or `prune`), so a record never outlives what it is about; and it stays
// when the worktree's directory is gone. On a self-hosted runner that is the usual case: the
// runner empties RUNNER_TEMP (where the worktree and the Actions state directory both live) after
// the job, while the repository and its `.git/worktrees` stay for the next job. git ignores
// files it does not know in that directory.
//
// What is collected: a worktree git lists for this repository whose directory name has our
// prefix AND whose record (ours alone to write, see privateEntryProblem, naming that very
// directory) names an owner that is dead on this machine (the touch step's owner check,
// src/touch/owner.ts). Everything else is left alone: a live or remote owner is a concurrent run;
// our prefix without a record (a run of an older version, or one killed in the instant between
// `git worktree add` and writing the record) is named in a warning with the command to remove it.
// Only that worktree's path is ever named to git (`git worktree remove`), never `prune`.
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { errorMessage } from "../errors.js";
import { describeOwner, liveness, OwnerSchema, type Liveness, type Owner } from "../touch/owner.js";
import { privateEntryProblem } from "../touch/statedir.js";
import { gitOrThrow, listWorktrees, removeWorktree } from "./git.js";

/** The name of every worktree directory the tool creates starts with this. */
export const WORKTREE_PREFIX = "docker-cache-bench-base-";
export const OWNER_FILE = "docker-cache-bench-owner.json";

const WorktreeRecordSchema = z.object({
  version: z.literal(1),
  owner: OwnerSchema,
  /** The worktree's directory, as git registered it (a real path). */
  dir: z.string(),
});
export type WorktreeRecord = z.infer<typeof WorktreeRecordSchema>;

/** A registered worktree with our prefix, and what its owner record says. */
export interface OurWorktree {
  path: string;
  record: WorktreeRecord | null;
  /** Why there is no usable record. */
  problem: string | null;
}

export type WorktreeVerdict =
  | { action: "collect"; owner: Owner }
  | { action: "keep"; liveness: Liveness }
  | { action: "unproven"; reason: string };

export interface WorktreeNote {
  level: "info" | "warning";
  message: string;
}

/**
 * Writes the owner record of the worktree just added at `dir` into git's directory for it (found
 * through the `.git` file git wrote there). Written aside and renamed: never seen half written.
 */
export function recordWorktreeOwnerSync(dir: string, owner: Owner): void {
  const admin = adminDirOf(dir);
  const record: WorktreeRecord = { version: 1, owner, dir };
  const tmp = join(admin, `${OWNER_FILE}.${owner.runId}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(tmp, join(admin, OWNER_FILE));
}

/** The pure decision: collect only our prefix, our record naming this directory, a dead owner. */
export function judgeWorktree(
  wt: OurWorktree,
  self: Owner,
  isAlive: (other: Owner, self: Owner) => Liveness = liveness,
): WorktreeVerdict {
  if (!basename(wt.path).startsWith(WORKTREE_PREFIX))
    return { action: "unproven", reason: "its directory is not named like ours" };
  if (!wt.record) return { action: "unproven", reason: wt.problem ?? "it has no owner record" };
  if (wt.record.dir !== wt.path)
    return { action: "unproven", reason: `its owner record names another directory (${wt.record.dir})` };
  const state = isAlive(wt.record.owner, self);
  return state === "dead"
    ? { action: "collect", owner: wt.record.owner }
    : { action: "keep", liveness: state };
}

/**
 * Unregisters and deletes the worktrees of this repository that runs now dead left behind; never
 * throws (housekeeping must not cost the user the comparison), trouble is a warning note.
 */
export async function collectDeadWorktrees(repoDir: string, self: Owner): Promise<WorktreeNote[]> {
  let found: OurWorktree[];
  try {
    found = await findOurWorktrees(repoDir);
  } catch (e) {
    return [warning(`could not look for base worktrees left by killed runs: ${errorMessage(e)}`)];
  }
  const notes: WorktreeNote[] = [];
  for (const wt of found) {
    const verdict = judgeWorktree(wt, self);
    if (verdict.action === "keep") continue;
    if (verdict.action === "unproven") {
      notes.push(
        warning(
          `left the worktree ${wt.path} registered in ${repoDir} alone: ${verdict.reason}, so it cannot be proven to be a dead docker-cache-bench run's; if no run of yours uses it, remove it with: git -C ${repoDir} worktree remove --force ${wt.path}`,
        ),
      );
      continue;
    }
    const who = `a killed run (${describeOwner(verdict.owner)})`;
    try {
      await removeWorktree(repoDir, wt.path);
      notes.push({
        level: "info",
        message: `Collected the base worktree ${wt.path} that ${who} left registered in ${repoDir}.`,
      });
    } catch (e) {
      notes.push(warning(`could not remove the worktree ${wt.path} left by ${who}: ${errorMessage(e)}`));
    }
  }
  return notes;
}

/**
 * Every worktree git lists for this repository whose directory name has our prefix, with its
 * owner record. Found through git's own directories (`.git/worktrees/<id>/gitdir` names the
 * worktree), which are there whether the worktree's directory still is or not.
 */
async function findOurWorktrees(repoDir: string): Promise<OurWorktree[]> {
  const common = await gitOrThrow(
    repoDir,
    ["rev-parse", "--git-common-dir"],
    "cannot find the git directory",
  );
  const adminRoot = join(resolve(repoDir, common.stdout.trim()), "worktrees");
  // resolve(): git lists `C:/…` on Windows, where the paths read from its files resolve to `C:\…`.
  const registered = new Set((await listWorktrees(repoDir)).map((p) => resolve(p)));
  const out: OurWorktree[] = [];
  for (const id of readdirQuiet(adminRoot)) {
    if (!id.startsWith(WORKTREE_PREFIX)) continue;
    const admin = join(adminRoot, id);
    const path = worktreePathOf(admin);
    if (!path || !registered.has(path) || !basename(path).startsWith(WORKTREE_PREFIX)) continue;
    out.push({ path, ...readRecord(join(admin, OWNER_FILE)) });
  }
  return out;
}

function readRecord(file: string): { record: WorktreeRecord | null; problem: string | null } {
  try {
    // Acted on only when nobody else could have written it: ours, not a symlink, not group-writable.
    const untrusted = privateEntryProblem(file);
    if (untrusted)
      return { record: null, problem: `its owner record ${file} cannot be trusted: ${untrusted}` };
    const parsed = WorktreeRecordSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success
      ? { record: parsed.data, problem: null }
      : { record: null, problem: `its owner record ${file} is not one this version wrote` };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      record: null,
      problem:
        code === "ENOENT"
          ? "it has no owner record"
          : `its owner record ${file} cannot be read (${code ?? "not JSON"})`,
    };
  }
}

/** `<dir>/.git` says `gitdir: <admin>` (absolute, or relative with worktree.useRelativePaths). */
function adminDirOf(dir: string): string {
  const text = readFileSync(join(dir, ".git"), "utf8");
  const m = /^gitdir: (.+)$/m.exec(text);
  if (!m?.[1]) throw new Error(`${join(dir, ".git")} does not name a git directory`);
  return resolve(dir, m[1].trim());
}

/** `<admin>/gitdir` names `<worktree>/.git`. */
function worktreePathOf(admin: string): string | null {
  try {
    const gitFile = readFileSync(join(admin, "gitdir"), "utf8").trim();
    return gitFile ? dirname(resolve(admin, gitFile)) : null;
  } catch {
    return null;
  }
}

function readdirQuiet(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // No linked worktree at all: git creates the directory with the first one.
  }
}

function warning(message: string): WorktreeNote {
  return { level: "warning", message };
}
