// Fails when a tracked text file still holds a merge conflict: helpers rebase onto main all day,
// and a conflict resolved in a hurry can leave git's markers behind in a doc or a fixture, where
// neither tsc nor eslint would notice. Part of `npm run lint`.
//
// Only git's whole shape counts, in order: a `<<<<<<<` line, optionally a `|||||||` line (diff3
// and zdiff3), a `=======` line, a `>>>>>>>` line, each exactly seven characters at the line start
// followed by a space or the line's end. So a Markdown setext heading (`=======` under a title of
// any length) or a quote nested seven deep is not one, and a lone marker is not either.
// Usage: node --import tsx scripts/check-conflict-markers.ts [DIR=.]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ConflictMarker {
  /** 1-based line of the `<<<<<<<` that opens the conflict. */
  line: number;
}

const marker = (char: string) => new RegExp(`^\\${char}{7}(?: .*)?\\r?$`);
const OPEN = marker("<");
const SPLIT = /^={7}\r?$/;
const CLOSE = marker(">");

/** Each complete conflict in `text` (open, split, close; a diff3 base section is just lines between), by its opening line. */
export function findConflictMarkers(text: string): ConflictMarker[] {
  const found: ConflictMarker[] = [];
  let open: number | null = null;
  let split = false;
  const lines = text.split("\n");
  for (const [i, l] of lines.entries()) {
    if (OPEN.test(l)) [open, split] = [i + 1, false];
    else if (open !== null && !split) split = SPLIT.test(l);
    else if (open !== null && CLOSE.test(l)) {
      found.push({ line: open });
      open = null;
    }
  }
  return found;
}

/** `file:line` of every conflict in the files git tracks under `dir`; binary files are skipped. */
export function conflictsInRepo(dir: string): string[] {
  // A path in a conflicted merge is listed once per stage.
  const listed = execFileSync("git", ["-C", dir, "ls-files", "-z"], { encoding: "utf8" }).split("\0");
  const files = [...new Set(listed.filter(Boolean))];
  const out: string[] = [];
  for (const file of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(join(dir, file));
    } catch {
      continue; // tracked but deleted in the work tree: nothing to read
    }
    if (buf.includes(0)) continue;
    for (const m of findConflictMarkers(buf.toString("utf8"))) out.push(`${file}:${m.line}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = conflictsInRepo(process.argv[2] ?? ".");
  if (found.length > 0) {
    console.error(`merge conflict markers left in:\n${found.map((f) => `  ${f}`).join("\n")}`);
    process.exit(1);
  }
}
