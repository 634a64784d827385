// What earlier runs left behind when they were killed outright (SIGKILL, OOM, a runner that
// vanished): their journals are undone, their scratch files and lock claims removed. Runs still
// alive, or on another host, are never touched; anything that is not provably ours is left alone
// and named in a warning instead of being acted on.
import { existsSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { TouchJournalError, TouchLockedError } from "./errors.js";
import { journalProblem, readJournalSync, type Journal } from "./journal.js";
import { lockFiles, type HeldLocks } from "./lock.js";
import { describeOwner, liveness, type Owner } from "./owner.js";
import { restoreFileSync, type RecoveredFile } from "./restore.js";
import { listOtherRuns, type OtherRun, type RunState } from "./rundir.js";
import { privateEntryProblem } from "./statedir.js";

export interface RecoveryNote {
  /** restored: a killed run's touch undone; notice: worth a warning; problem: a file still carries a
   *  killed run's bytes (the CLI exits non-zero); debug: housekeeping. */
  level: "restored" | "notice" | "problem" | "debug";
  message: string;
  file: RecoveredFile | null;
}

export async function recoverDeadRuns(state: RunState, signal?: AbortSignal): Promise<RecoveryNote[]> {
  const notes: RecoveryNote[] = [];
  for (const run of listOtherRuns(state)) {
    if (!run.owner) {
      notes.push(
        notice(`ignoring ${run.dir}: ${run.problem ?? "unreadable"}; delete it if no run of yours left it`),
      );
      continue;
    }
    if (liveness(run.owner, state.owner) !== "dead") continue;
    notes.push(...(await recoverRun(state, run, run.owner, signal)));
  }
  return notes;
}

async function recoverRun(
  state: RunState,
  run: OtherRun,
  owner: Owner,
  signal?: AbortSignal,
): Promise<RecoveryNote[]> {
  const who = `a killed run (${describeOwner(owner)})`;
  const journal = readDeadJournal(run, who);
  if (journal && "level" in journal) return [journal];
  if (!journal) {
    removeRun(state, run, owner);
    return [{ level: "debug", message: `removed the scratch files of ${who}`, file: null }];
  }
  const problem = journalProblem(journal);
  if (problem)
    return [
      notice(
        `refusing the touch journal ${run.journalPath} of ${who}: ${problem}; nothing in it was restored (check it, then delete it)`,
      ),
    ];
  let locks: HeldLocks | null = null;
  try {
    // A file deleted since has nothing to lock (and restore reports it as missing).
    const present = journal.files.filter((f) => existsSync(f.path));
    locks = await lockFiles(
      present.map((f) => ({ path: f.path, relPath: f.relPath })),
      {
        dir: state.locksDir,
        owner: state.owner,
        wait: false,
        signal,
      },
    ).catch((e: unknown) => {
      // A live run holds one of its files: that run recovers the journal itself, or has already.
      if (e instanceof TouchLockedError) return null;
      throw e;
    });
    if (locks === null) return [];
    const results = journal.files.map(restoreFileSync);
    if (results.every((r) => r.status !== "error")) removeRun(state, run, owner);
    else rmSync(join(run.dir, "tmp"), { recursive: true, force: true });
    return results.map((r) => describeRecovery(r, who));
  } finally {
    locks?.release();
  }
}

/** The journal, null when the run left none, or a notice when it cannot be trusted. */
function readDeadJournal(run: OtherRun, who: string): Journal | RecoveryNote | null {
  let untrusted: string | null;
  try {
    untrusted = privateEntryProblem(run.journalPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  if (untrusted)
    return notice(
      `refusing the touch journal ${run.journalPath} of ${who}: ${untrusted}; nothing in it was restored`,
    );
  try {
    return readJournalSync(run.journalPath);
  } catch (e) {
    if (e instanceof TouchJournalError) return notice(e.message);
    throw e;
  }
}

function describeRecovery(r: RecoveredFile, who: string): RecoveryNote {
  switch (r.status) {
    case "restored":
      return { level: "restored", message: `restored ${r.path}, left touched by ${who}`, file: r };
    case "unchanged":
      return {
        level: "debug",
        message: `${r.path} (journal of ${who}) was already as it was before`,
        file: r,
      };
    case "error":
      return {
        level: "problem",
        message: `${r.path} still carries the line ${who} appended: ${r.reason}. Fix: ${r.fix}`,
        file: r,
      };
    default:
      return { level: "notice", message: `${r.path}, touched by ${who}: ${r.reason}`, file: r };
  }
}

/** The dead run's directory and its lock claims (a claim is only ever collected lazily otherwise). */
function removeRun(state: RunState, run: OtherRun, owner: Owner): void {
  rmSync(run.dir, { recursive: true, force: true });
  for (const name of readdirSync(state.locksDir)) {
    if (name.endsWith(`.${owner.runId}.claim`)) {
      try {
        unlinkSync(join(state.locksDir, name));
      } catch {
        // Collected by another run meanwhile.
      }
    }
  }
}

function notice(message: string): RecoveryNote {
  return { level: "notice", message, file: null };
}
