// Pure: the COPY lines a fix puts before a step so that it finds what it reads, written relative
// to the working directory at that point, grouped by destination like a person would write them.
import { posix } from "node:path";
import type { Placed } from "./paths.js";

/**
 * `COPY` lines for files and directories (a source ending in `/`), each to where the original
 * COPY put it; `cwd` is the working directory the lines run in, `flags` the original's
 * `--chown`/`--chmod` (with a trailing space).
 */
export function copyLines(placed: Placed[], cwd: string, flags: string): string[] {
  const byDir = new Map<string, string[]>();
  const lines: string[] = [];
  const dirs: string[] = [];
  for (const p of placed) {
    if (p.source.endsWith("/")) {
      dirs.push(`COPY ${flags}${p.source} ${where(p.target, cwd)}`);
    } else if (posix.basename(p.source) === posix.basename(p.target) || /[*?[]/.test(p.source)) {
      const dir = posix.dirname(p.target);
      byDir.set(dir, [...(byDir.get(dir) ?? []), p.source]);
    } else {
      lines.push(`COPY ${flags}${p.source} ${relative(p.target, cwd)}`);
    }
  }
  const grouped = [...byDir].map(
    ([dir, sources]) => `COPY ${flags}${[...new Set(sources)].join(" ")} ${where(dir, cwd)}`,
  );
  return [...grouped, ...lines, ...dirs];
}

/** A directory as a COPY destination: `./`, `./sub/`, or absolute when outside `cwd`. */
export function where(dir: string, cwd: string): string {
  const rel = posix.relative(cwd, dir);
  if (rel === "") return "./";
  return rel.startsWith("..") ? `${dir.replace(/\/$/, "")}/` : `./${rel}/`;
}

function relative(path: string, cwd: string): string {
  const rel = posix.relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}
