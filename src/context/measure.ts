// I/O: what the build context sends to the daemon, counted the way BuildKit's file sync sees
// it: every file and symlink the ignore rules let through, `.git` included when not ignored.
// The count matters more than the bytes: BuildKit stats and checksums every file, so 30,000
// small files cost seconds per build (docs/rules.md#context-cost) where 3 MB would not.
import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ContextListing } from "../analysis/diagnose/files.js";
import type { IgnoreFile } from "../touch/context.js";
import { disposableKind, type DisposableKind } from "./kinds.js";

/** A bound on the walk (about 4 s here); a larger context is reported as truncated. */
export const MAX_MEASURED_FILES = 500_000;
/** Top-level directories kept in the report, heaviest first. */
export const MAX_TOP_DIRS = 8;
/** Disposable directories kept in the report, heaviest first. */
export const MAX_DISPOSABLE_DIRS = 50;
/** Paths kept in the listing the diagnosis checks its fixes against (about 5 MB of strings). */
export const MAX_LISTED_PATHS = 100_000;

export interface DirCount {
  /** Context-relative, `/`-separated. */
  path: string;
  files: number;
  bytes: number;
}

export interface DisposableDir extends DirCount {
  kind: DisposableKind;
}

export interface ContextMeasure {
  /** Files and symlinks sent (directories not counted). */
  files: number;
  bytes: number;
  /** True when MAX_MEASURED_FILES stopped the walk: the counts are lower bounds. */
  truncated: boolean;
  /** Top-level directories, heaviest (by files, then bytes) first. */
  topDirs: DirCount[];
  /** Directories that a build usually recreates or never needs (not nested in one another). */
  disposable: DisposableDir[];
  /** The files sent and the paths excluded, so that a suggested fix copies only what exists. */
  listing: ContextListing;
}

interface Walk {
  contextDir: string;
  ignore: IgnoreFile;
  /** Without `!` exceptions an excluded directory holds nothing that is sent, so it is skipped. */
  canPrune: boolean;
  total: DirCount;
  truncated: boolean;
  top: DirCount[];
  disposable: DisposableDir[];
  listing: ContextListing;
}

/** Walks the context with its ignore rules: about 0.7 s for 100,000 files here. */
export async function measureContext(contextDir: string, ignore: IgnoreFile): Promise<ContextMeasure> {
  const w: Walk = {
    contextDir,
    ignore,
    canPrune: !/^\s*!/m.test(ignore.text ?? ""),
    total: { path: "", files: 0, bytes: 0 },
    truncated: false,
    top: [],
    disposable: [],
    listing: { files: [], excluded: [], unlisted: [], complete: true },
  };
  const entries = await readEntries(contextDir, "");
  await walkEntries(w, "", entries, [w.total], false);
  const heaviest = (a: DirCount, b: DirCount) => b.files - a.files || b.bytes - a.bytes;
  return {
    files: w.total.files,
    bytes: w.total.bytes,
    truncated: w.truncated,
    topDirs: w.top
      .filter((d) => d.files > 0)
      .sort(heaviest)
      .slice(0, MAX_TOP_DIRS),
    disposable: w.disposable
      .filter((d) => d.files > 0)
      .sort(heaviest)
      .slice(0, MAX_DISPOSABLE_DIRS),
    listing: { ...w.listing, complete: w.listing.complete && !w.truncated },
  };
}

function list(w: Walk, key: "files" | "excluded" | "unlisted", path: string): void {
  const l = w.listing;
  if (l.files.length + l.excluded.length + l.unlisted.length >= MAX_LISTED_PATHS) l.complete = false;
  else l[key].push(path);
}

async function readEntries(contextDir: string, rel: string): Promise<Dirent[]> {
  return readdir(join(contextDir, rel), { withFileTypes: true }).catch(() => []);
}

async function walkEntries(
  w: Walk,
  rel: string,
  entries: Dirent[],
  counters: DirCount[],
  inDisposable: boolean,
): Promise<void> {
  const names = entries.map((e) => e.name);
  const files: string[] = [];
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (w.canPrune && w.ignore.isExcluded(child)) {
        if (!inDisposable) list(w, "excluded", child);
        continue;
      }
      await walkDir(w, child, entry.name, names, counters, inDisposable);
    } else if (!w.ignore.isExcluded(child)) {
      files.push(child);
      if (!inDisposable) list(w, "files", child);
    } else if (!inDisposable) {
      list(w, "excluded", child);
    }
  }
  if (w.total.files + files.length > MAX_MEASURED_FILES) {
    w.truncated = true;
    files.length = Math.max(0, MAX_MEASURED_FILES - w.total.files);
  }
  const sizes = await Promise.all(
    files.map((f) =>
      lstat(join(w.contextDir, f)).then(
        (s) => (s.isFile() ? s.size : 0),
        () => 0,
      ),
    ),
  );
  const bytes = sizes.reduce((a, b) => a + b, 0);
  for (const c of counters) {
    c.files += files.length;
    c.bytes += bytes;
  }
}

async function walkDir(
  w: Walk,
  rel: string,
  name: string,
  siblings: string[],
  counters: DirCount[],
  inDisposable: boolean,
): Promise<void> {
  if (w.total.files >= MAX_MEASURED_FILES) {
    w.truncated = true;
    return;
  }
  const entries = await readEntries(w.contextDir, rel);
  const own: DirCount[] = [];
  if (!rel.includes("/")) {
    own.push({ path: rel, files: 0, bytes: 0 });
    w.top.push(own[0] as DirCount);
  }
  const kind = inDisposable
    ? null
    : disposableKind(
        name,
        siblings,
        entries.map((e) => e.name),
      );
  if (kind) {
    list(w, "unlisted", rel);
    const d: DisposableDir = { path: rel, files: 0, bytes: 0, kind };
    w.disposable.push(d);
    own.push(d);
  }
  await walkEntries(w, rel, entries, [...counters, ...own], inDisposable || kind !== null);
}
