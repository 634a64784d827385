// Reading the build context: which regular files a COPY/ADD source pattern picks up (the
// matcher in dockerfile/glob.ts, shared with the diagnosis), and which ignore file applies.
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  copySourceMatcher,
  createIgnoreMatcher,
  dockerignoreCandidates,
  literalRoot,
} from "../dockerfile/index.js";

/** A bound on the walk, so a context with a huge node_modules cannot stall the run. */
export const MAX_CONTEXT_FILES = 200_000;

export interface IgnoreFile {
  /** Absolute path of the ignore file in effect, or null when there is none. */
  path: string | null;
  text: string | null;
  isExcluded: (relPath: string) => boolean;
}

export async function readIgnoreFile(contextDir: string, dockerfilePath: string): Promise<IgnoreFile> {
  for (const candidate of dockerignoreCandidates({ contextDir, dockerfilePath })) {
    const text = await readFile(candidate, "utf8").catch(() => null);
    if (text !== null) return { path: candidate, text, isExcluded: createIgnoreMatcher(text) };
  }
  return { path: null, text: null, isExcluded: () => false };
}

/** Does the source pattern copy `relPath` (itself, or a directory above it)? */
export function sourceMatcher(source: string): (relPath: string) => boolean {
  return copySourceMatcher(source);
}

export { literalRoot };

export interface ContextListing {
  files: string[];
  /** Symbolic links met on the walk (not followed: BuildKit copies the link, not its target). */
  symlinks: string[];
  /** True when MAX_CONTEXT_FILES stopped the walk. */
  truncated: boolean;
}

/**
 * Regular files under the given roots, as sorted context-relative `/` paths. Symlinks are
 * skipped (BuildKit copies the link, not its target) and so is every `.git` directory. When
 * the ignore file has no `!` exceptions, an excluded directory cannot hold a file that
 * reaches the build, so it is not walked.
 */
export async function listContextFiles(
  contextDir: string,
  roots: string[],
  ignore: IgnoreFile,
): Promise<ContextListing> {
  const canPrune = !/^\s*!/m.test(ignore.text ?? "");
  const found = new Set<string>();
  const symlinks: string[] = [];
  let truncated = false;
  const walk = async (rel: string): Promise<void> => {
    if (found.size >= MAX_CONTEXT_FILES) {
      truncated = true;
      return;
    }
    const entries = await readdir(join(contextDir, rel), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === ".git" || (canPrune && ignore.isExcluded(child))) continue;
        await walk(child);
      } else if (entry.isFile()) {
        if (found.size >= MAX_CONTEXT_FILES) truncated = true;
        else found.add(child);
      } else if (entry.isSymbolicLink() && symlinks.length < MAX_CONTEXT_FILES) symlinks.push(child);
    }
  };
  for (const root of collapseRoots(roots)) {
    const info = await lstat(join(contextDir, root)).catch(() => null);
    if (info?.isSymbolicLink()) symlinks.push(root);
    if (!info || info.isSymbolicLink()) continue;
    if (info.isFile() && root !== "") found.add(root);
    else if (info.isDirectory()) await walk(root);
  }
  return { files: [...found].sort(), symlinks: symlinks.sort(), truncated };
}

/** Drops roots inside other roots: `""` (the whole context) swallows everything. */
function collapseRoots(roots: string[]): string[] {
  const sorted = [...new Set(roots)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const r of sorted) {
    if (!kept.some((k) => k === "" || r === k || r.startsWith(`${k}/`))) kept.push(r);
  }
  return kept;
}

/** What the daemon gets as context, for the diagnosis: is there an ignore file, is `.git` sent. */
export async function inspectContext(
  contextDir: string,
  dockerfilePath: string,
): Promise<{ dockerignore: boolean; gitSent: boolean }> {
  const ignore = await readIgnoreFile(contextDir, dockerfilePath);
  const git = await stat(join(contextDir, ".git")).catch(() => null);
  // `.git` is a directory in a clone and a file in a worktree; either way it is sent unless ignored.
  const gitSent = git !== null && !ignore.isExcluded(".git") && !ignore.isExcluded(".git/HEAD");
  return { dockerignore: ignore.path !== null, gitSent };
}
