// Apply the touch and guarantee it is undone: by restore(), by a signal handler if the run is
// interrupted, or by recoverJournal() in the next run if this one is SIGKILLed.
//
// What is appended: a newline and a line of blanks that spells a random 32-bit nonce in spaces
// and tabs. A plain "\n" changes the content hash, but it changes it to the *same* hash every
// run, and BuildKit keeps the previous run's warm result in its cache, so from the second run
// on the "warm" build was fully cached (seen on the real engine, 2026-11-28). Trailing blank
// lines are inert in every language and data format we touch (code, JSON, YAML, templates).
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { resolve, sep } from "node:path";
import { TouchInProgressError, TouchJournalExistsError } from "./errors.js";
import {
  deleteJournalSync,
  isProcessAlive,
  journalPath,
  newJournal,
  readJournalSync,
  writeJournalSync,
  type FileRecord,
} from "./journal.js";
import { restoreFileSync, type RecoveredFile } from "./restore.js";
import type { TouchPlan } from "./select.js";

/** Signals whose default action would end the run with files still touched. */
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface TouchPaths {
  contextDir: string;
  stateDir: string;
}

export interface TouchSession {
  /** What each touched file looked like before the touch. */
  readonly files: readonly FileRecord[];
  readonly journalPath: string;
  /** Undo the touch; safe to call more than once (later calls return the first result). */
  restore(): Promise<RecoveredFile[]>;
  /** The same, synchronously, for signal and exit handlers. */
  restoreSync(): RecoveredFile[];
}

export async function applyTouch(plans: TouchPlan[], paths: TouchPaths): Promise<TouchSession> {
  const contextDir = resolve(paths.contextDir);
  mkdirSync(paths.stateDir, { recursive: true });
  const journal = journalPath(contextDir, paths.stateDir);
  if (existsSync(journal)) throw new TouchJournalExistsError(journal);

  const unique = [...new Set(plans.map((p) => p.path))];
  const appended = touchSuffix();
  const files = unique.map((rel) => ({ ...recordOf(contextDir, rel), appended }));
  writeJournalSync(journal, newJournal(contextDir, files));

  const session = createSession(files, journal);
  try {
    for (const f of files) appendFileSync(f.path, f.appended);
  } catch (e) {
    session.restoreSync();
    throw e;
  }
  return session;
}

/**
 * Undo what an earlier, killed run left touched in this context. Files edited since the touch
 * are left alone and reported with `restored: false`. The journal is removed once every file
 * is settled; a file that hit an I/O error keeps it, so the next run tries again.
 */
export async function recoverJournal(paths: TouchPaths): Promise<RecoveredFile[]> {
  const path = journalPath(paths.contextDir, paths.stateDir);
  const journal = readJournalSync(path);
  if (!journal) return [];
  if (journal.pid !== process.pid && journal.hostname === hostname() && isProcessAlive(journal.pid)) {
    throw new TouchInProgressError(path, journal.pid);
  }
  const results = journal.files.map(restoreFileSync);
  if (results.every((r) => r.status !== "error")) deleteJournalSync(path);
  return results;
}

/** "\n" then 32 blanks (space = 0, tab = 1) from a random nonce; starts with a space, so a
 *  Makefile never sees a tab-led line outside a rule. */
export function touchSuffix(): string {
  const bits = [...randomBytes(4)].flatMap((byte) => [...Array(8).keys()].map((i) => (byte >> i) & 1));
  return "\n " + bits.map((b) => (b ? "\t" : " ")).join("");
}

function recordOf(contextDir: string, rel: string): Omit<FileRecord, "appended"> {
  const abs = resolve(contextDir, rel);
  if (!abs.startsWith(contextDir + sep)) throw new Error(`touch path ${rel} is outside ${contextDir}`);
  const info = statSync(abs, { bigint: true });
  if (!info.isFile()) throw new Error(`touch path ${rel} is not a regular file`);
  const content = readFileSync(abs);
  return {
    path: abs,
    relPath: rel,
    size: content.length,
    sha256: createHash("sha256").update(content).digest("hex"),
    mode: Number(info.mode),
    atimeNs: info.atimeNs.toString(),
    mtimeNs: info.mtimeNs.toString(),
  };
}

function createSession(files: FileRecord[], journal: string): TouchSession {
  let results: RecoveredFile[] | null = null;
  const handlers = new Map<NodeJS.Signals, () => void>();

  const restoreSync = (): RecoveredFile[] => {
    if (results) return results;
    for (const [sig, h] of handlers) process.removeListener(sig, h);
    process.removeListener("exit", onExit);
    results = files.map(restoreFileSync);
    if (results.every((r) => r.status !== "error")) deleteJournalSync(journal);
    return results;
  };
  // Restore, then let the signal do what it would have done: with our handler gone and no
  // other listener, re-raising it runs the default action (the process ends by that signal).
  for (const sig of SIGNALS) {
    const h = () => {
      restoreSync();
      process.kill(process.pid, sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  // process.exit() while touched (an unhandled error path) still gets the restore.
  const onExit = () => void restoreSync();
  process.on("exit", onExit);

  return {
    files,
    journalPath: journal,
    restore: async () => restoreSync(),
    restoreSync,
  };
}
