// The journal: what every touched file looked like before the touch, written before the
// first byte changes, so that a run killed mid-benchmark (SIGKILL, OOM, a cancelled CI job)
// can be undone by the next run. One journal per build context.
import { createHash } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { TouchJournalError } from "./errors.js";

export const STATE_DIR_ENV = "DOCKER_CACHE_BENCH_STATE_DIR";

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[STATE_DIR_ENV] || join(tmpdir(), "docker-cache-bench");
}

const FileRecord = z.object({
  path: z.string(),
  relPath: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.number().int(),
  /** Nanoseconds since the epoch, as decimal strings (JSON has no bigint). */
  atimeNs: z.string().regex(/^\d+$/),
  mtimeNs: z.string().regex(/^\d+$/),
  /** The exact bytes the touch appended (journals written before this field appended "\n"). */
  appended: z.string().default("\n"),
});
export type FileRecord = z.infer<typeof FileRecord>;

const Journal = z.object({
  version: z.literal(1),
  contextDir: z.string(),
  pid: z.number().int(),
  hostname: z.string(),
  createdAt: z.string(),
  files: z.array(FileRecord),
});
export type Journal = z.infer<typeof Journal>;

/** The context's real path when it exists, so `/tmp/x` and a symlink to it share one journal. */
export function canonicalContext(contextDir: string): string {
  const abs = resolve(contextDir);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

export function journalPath(contextDir: string, stateDir: string): string {
  const digest = createHash("sha256").update(canonicalContext(contextDir)).digest("hex").slice(0, 16);
  return join(stateDir, `journal-${digest}.json`);
}

export function newJournal(contextDir: string, files: FileRecord[]): Journal {
  return {
    version: 1,
    contextDir: canonicalContext(contextDir),
    pid: process.pid,
    hostname: hostname(),
    createdAt: new Date().toISOString(),
    files,
  };
}

/** Write to a temporary file, flush it, then rename: a reader sees the old journal or the whole new one. */
export function writeJournalSync(path: string, journal: Journal): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(journal, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** null when there is no journal; TouchJournalError when there is one that cannot be trusted. */
export function readJournalSync(path: string): Journal | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new TouchJournalError(path, (e as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TouchJournalError(path, "not valid JSON");
  }
  const parsed = Journal.safeParse(data);
  if (!parsed.success)
    throw new TouchJournalError(path, parsed.error.issues[0]?.message ?? "unexpected shape");
  return parsed.data;
}

export function deleteJournalSync(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** sha256 of the first `length` bytes of an open file, read in bounded chunks. */
export function hashPrefixSync(fd: number, length: number): string {
  const hash = createHash("sha256");
  const buf = Buffer.alloc(Math.min(length, 1 << 20) || 1);
  let pos = 0;
  while (pos < length) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, length - pos), pos);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    pos += n;
  }
  return hash.digest("hex");
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
