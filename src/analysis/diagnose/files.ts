// Pure: which files the build context really sends, so that a fix copies only files that exist
// and that the ignore file lets through (a `COPY pnpm-lock.yaml` the .dockerignore excludes fails
// the build: "failed to compute cache key: … not found"). The listing comes from the tool's own
// walk of the context (src/context/measure.ts); without it every answer is "unknown" and the
// rules write their fixes as before.
import { posix } from "node:path";

export interface ContextListing {
  /** Files and symlinks sent, context-relative, outside the disposable directories (node_modules, .git, …). */
  files: string[];
  /** Paths the ignore rules exclude: files, and directories the walk did not enter. */
  excluded: string[];
  /** Directories the walk counted but did not list (disposable ones): nothing is known inside them. */
  unlisted: string[];
  /** False when the walk stopped at its bound: a missing path proves nothing. */
  complete: boolean;
}

export type FileStatus = "sent" | "excluded" | "absent" | "unknown";

export interface ContextFiles {
  /** Whether there is a listing at all. */
  known: boolean;
  /** A file or directory (`dir/` or `dir`) of the context: sent, excluded by the ignore file, absent. */
  status(path: string): FileStatus;
  /** Whether the context sends files under `path`. */
  isDir(path: string): boolean;
  /** Files sent whose base name matches `glob` (`package.json`, `*.csproj`), anywhere, sorted. */
  named(glob: string): string[];
}

/** Reads a listing; null (no listing) answers "unknown" everywhere. */
export function contextFiles(listing: ContextListing | null | undefined): ContextFiles {
  if (!listing) return { known: false, status: () => "unknown", isDir: () => false, named: () => [] };
  const files = new Set(listing.files);
  const dirs = new Set<string>();
  for (const f of listing.files) for (let d = posix.dirname(f); d !== "."; d = posix.dirname(d)) dirs.add(d);
  const under = (path: string, roots: string[]) => roots.some((r) => path === r || path.startsWith(`${r}/`));
  return {
    known: true,
    status(raw) {
      const path = clean(raw);
      if (path === "" || files.has(path) || dirs.has(path)) return "sent";
      if (under(path, listing.unlisted)) return "unknown";
      if (under(path, listing.excluded)) return "excluded";
      return listing.complete ? "absent" : "unknown";
    },
    isDir: (raw) => clean(raw) === "" || dirs.has(clean(raw)),
    named(glob) {
      const re = globRegExp(glob);
      return listing.files.filter((f) => re.test(posix.basename(f))).sort();
    },
  };
}

/** `./a/b/` → `a/b`. */
function clean(path: string): string {
  // posix.normalize keeps a leading `./` only for `./`; `.npmrc` must keep its dot.
  const p = posix.normalize(path).replace(/\/$/, "");
  return p === "." ? "" : p.replace(/^\.\//, "");
}

/** A base-name glob (`*`, `?`) as a RegExp. */
export function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}
