// The state directory's layout. Everything a run leaves behind lives under its own directory, so
// a run killed by SIGKILL leaves one directory that the next run can judge (is its owner dead?)
// and undo (its journal) or remove (its scratch files):
//   <state>/locks/<dev>-<ino>.<runId>.claim   per-file locks (lock.ts)
//   <state>/runs/<runId>/owner.json           who the run is (owner.ts)
//   <state>/runs/<runId>/journal.json         while a touch is out (journal.ts)
//   <state>/runs/<runId>/tmp/                 the builds' scratch files (iid, metadata)
//   <state>/variants/<runId>/                 --verify-fixes' temporary copies (src/verify/workspace.ts)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newOwner, OwnerSchema, type Owner } from "./owner.js";
import { ensurePrivateDir, privateEntryProblem } from "./statedir.js";

export interface RunState {
  stateDir: string;
  owner: Owner;
  dir: string;
  locksDir: string;
  tmpDir: string;
  journalPath: string;
  /** Removes the run's directory, except a journal a failed restore left for the next run to
   *  retry; synchronous for signal and exit handlers; idempotent. */
  removeSync(): void;
}

/** Checks the state directory and creates this run's directory in it, owner file included. */
export function openRunState(stateDir: string, owner: Owner = newOwner()): RunState {
  ensurePrivateDir(stateDir);
  const locksDir = join(stateDir, "locks");
  const runsDir = join(stateDir, "runs");
  mkdirSync(locksDir, { recursive: true, mode: 0o700 });
  mkdirSync(runsDir, { recursive: true, mode: 0o700 });
  // Built aside and renamed into place: a run directory is never seen without its owner file.
  const staging = join(runsDir, `.new-${owner.runId}`);
  mkdirSync(join(staging, "tmp"), { recursive: true, mode: 0o700 });
  writeFileSync(join(staging, "owner.json"), JSON.stringify(owner), { mode: 0o600 });
  const dir = join(runsDir, owner.runId);
  renameSync(staging, dir);
  return {
    stateDir,
    owner,
    dir,
    locksDir,
    tmpDir: join(dir, "tmp"),
    journalPath: join(dir, "journal.json"),
    removeSync: () =>
      rmSync(existsSync(join(dir, "journal.json")) ? join(dir, "tmp") : dir, {
        recursive: true,
        force: true,
      }),
  };
}

export interface OtherRun {
  dir: string;
  journalPath: string;
  /** null when the directory cannot be trusted or read (see problem). */
  owner: Owner | null;
  problem: string | null;
}

/** Every other run directory in the state directory, with its owner when it can be trusted. */
export function listOtherRuns(state: RunState): OtherRun[] {
  const runsDir = join(state.stateDir, "runs");
  const out: OtherRun[] = [];
  for (const name of readdirSync(runsDir)) {
    if (name === state.owner.runId || name.startsWith(".")) continue;
    const dir = join(runsDir, name);
    out.push({ dir, journalPath: join(dir, "journal.json"), ...readOwner(dir) });
  }
  return out;
}

function readOwner(dir: string): { owner: Owner | null; problem: string | null } {
  try {
    const problem = privateEntryProblem(dir) ?? privateEntryProblem(join(dir, "owner.json"));
    if (problem) return { owner: null, problem };
    const parsed = OwnerSchema.safeParse(JSON.parse(readFileSync(join(dir, "owner.json"), "utf8")));
    return parsed.success
      ? { owner: parsed.data, problem: null }
      : { owner: null, problem: "its owner file is not ours" };
  } catch (e) {
    return {
      owner: null,
      problem: `cannot read its owner file (${(e as NodeJS.ErrnoException).code ?? "invalid"})`,
    };
  }
}
