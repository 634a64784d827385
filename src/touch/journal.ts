// The journal: what every touched file looked like before the touch, written before the first
// byte changes, so that a run killed mid-benchmark (SIGKILL, OOM, a cancelled CI job) can be
// undone by the next run. One journal per run, in the run's own directory (see rundir.ts).
//
// A journal is only acted on after checks (journalProblem): a journal names files by absolute
// path, and restoring means truncating them, so a journal that names anything but a regular file
// inside its own build context, or appended bytes that are not our nonce line, is refused whole.
import { createHash } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { z } from "zod";
import { TouchJournalError } from "./errors.js";
import { OwnerSchema } from "./owner.js";

/** What a touch appends: a newline, then a line of 32 blanks spelling a random nonce (session.ts). */
export const TOUCH_SUFFIX = /^\n [ \t]{32}$/;

const FileRecordSchema = z.object({
  /** Absolute, inside contextDir. */
  path: z.string(),
  /** Relative to contextDir, `/`-separated. */
  relPath: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.number().int(),
  /** Nanoseconds since the epoch, as decimal strings (JSON has no bigint). */
  atimeNs: z.string().regex(/^\d+$/),
  mtimeNs: z.string().regex(/^\d+$/),
  /** The exact bytes the touch appended. */
  appended: z.string().regex(TOUCH_SUFFIX),
});
export type FileRecord = z.infer<typeof FileRecordSchema>;

const JournalSchema = z.object({
  version: z.literal(2),
  owner: OwnerSchema,
  /** The context's real path. */
  contextDir: z.string(),
  createdAt: z.string(),
  files: z.array(FileRecordSchema),
});
export type Journal = z.infer<typeof JournalSchema>;

/** Write to a temporary file, flush it, then rename: a reader sees the old journal or the whole new one. */
export function writeJournalSync(path: string, journal: Journal): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(journal, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** null when there is no journal; TouchJournalError when there is one that cannot be read. */
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
  const parsed = JournalSchema.safeParse(data);
  if (!parsed.success) throw new TouchJournalError(path, "not a journal this version of the tool wrote");
  return parsed.data;
}

/** Why the files a journal names must not be touched, or null when every one is safe to restore. */
export function journalProblem(journal: Journal): string | null {
  const context = journal.contextDir;
  if (!isAbsolute(context)) return "its build context is not an absolute path";
  let realContext: string;
  try {
    realContext = realpathSync(context);
  } catch {
    return `its build context ${context} no longer exists`;
  }
  if (realContext !== context) return `its build context ${context} is a symbolic link to ${realContext}`;
  for (const f of journal.files) {
    const rel = f.relPath.split("/");
    if (isAbsolute(f.relPath) || rel.includes("..") || rel.includes("") || f.path !== join(context, ...rel))
      return `it names ${f.path}, which is not ${f.relPath} inside its build context`;
    const problem = fileProblem(f.path, context);
    if (problem) return `it names ${f.path}, which ${problem}`;
  }
  return null;
}

function fileProblem(path: string, context: string): string | null {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info) return null; // deleted since: restore reports it as missing and writes nothing.
  if (info.isSymbolicLink()) return "is a symbolic link";
  if (!info.isFile()) return "is not a regular file";
  // A directory on the way may be a symlink out of the context.
  const rel = relative(context, realpathSync(path));
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel))
    return "resolves to a file outside its build context";
  return null;
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
