// Pure: the .dockerignore a context finding suggests, written from the directories this
// context really sends (never a generic template), so it excludes nothing the build needs.
// Every line is valid .dockerignore text (comments start with `#`): src/verify/ appends the fix
// as it is to the project's ignore file to build with it.
import type { Instruction } from "../../dockerfile/index.js";
import { formatBytes } from "../../report/format.js";
import type { KeptDir, SentDir } from "./context-dirs.js";

/** A name seen this often among the directories to exclude becomes one `**\/name` pattern. */
const GLOB_AT = 3;

export interface IgnoreFixInput {
  hasIgnore: boolean;
  /** Directories to exclude (`.git` among them when it may go). */
  exclude: SentDir[];
  kept: KeptDir[];
  /** Comment lines that come first (why .git stays, or what to watch). */
  notes: string[];
  /** Heaviest top-level directories, named when nothing else is known to be unneeded. */
  heaviest: { path: string; files: number; bytes: number }[] | null;
}

export function renderIgnoreFix(f: IgnoreFixInput): string {
  const lines = [f.hasIgnore ? "# add to .dockerignore:" : "# .dockerignore", ...f.notes];
  const patterns = ignorePatterns(f.exclude, f.kept);
  lines.push(...patterns);
  if (!patterns.length && !f.heaviest?.length)
    lines.push("# list what the image does not need: data, build outputs, dependencies the build installs");
  for (const k of f.kept) lines.push(`# ${k.path}/ stays: ${keptBecause(k.neededBy)}`);
  if (f.heaviest?.length) {
    lines.push("# the heaviest directories sent; exclude what the image does not need:");
    for (const d of f.heaviest) lines.push(`#   ${d.path}/ (${countText(d)})`);
  }
  return lines.join("\n");
}

/** Exact paths, or `**\/name` for a name repeated GLOB_AT times that no kept directory shares. */
export function ignorePatterns(exclude: SentDir[], kept: KeptDir[]): string[] {
  const byName = new Map<string, string[]>();
  for (const d of exclude) {
    const name = d.path.split("/").at(-1) ?? d.path;
    byName.set(name, [...(byName.get(name) ?? []), d.path]);
  }
  const keptNames = new Set(kept.map((k) => k.path.split("/").at(-1)));
  const out: string[] = [];
  for (const [name, paths] of byName) {
    if (paths.length >= GLOB_AT && !keptNames.has(name)) out.push(`**/${name}`);
    else out.push(...paths.sort());
  }
  return out;
}

function keptBecause(ins: Instruction): string {
  const text = `${ins.keyword} ${ins.args}`.replace(/\s+/g, " ").trim();
  return `line ${ins.line} (${text.length > 60 ? `${text.slice(0, 59)}…` : text}) needs it`;
}

export function countText(d: { files: number; bytes: number }): string {
  return `${d.files.toLocaleString("en-US")} ${d.files === 1 ? "file" : "files"}, ${formatBytes(d.bytes)}`;
}
