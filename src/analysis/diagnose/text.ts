// How instructions and paths appear in messages and fixes.
import { copySourceCovers, type ContextCopy, type Instruction } from "../../dockerfile/index.js";
import { truncate } from "../../report/format.js";

const MAX_QUOTED = 80;

/** An instruction as the Dockerfile has it, on one line (for a fix). */
export function instructionText(ins: Instruction): string {
  return `${ins.keyword} ${ins.args}`;
}

/** An instruction quoted in a message: one line, shortened. */
export function quote(ins: Instruction | string): string {
  const text = typeof ins === "string" ? ins : instructionText(ins);
  return `\`${truncate(text.replace(/\s+/g, " ").trim(), MAX_QUOTED)}\``;
}

/**
 * Does a COPY source pattern take `path` (the file itself, or a directory above it)? The same
 * matcher as the touch's, with BuildKit's rules (dockerfile/glob.ts).
 */
export function sourceCovers(source: string, path: string): boolean {
  return copySourceCovers(source, path);
}

/** Why a copy reaches the touched file, in words: "copies the whole context" / "copies app/, which contains app/main.py". */
export function copyReach(copy: ContextCopy, touched: string): string {
  if (copy.sources.includes(".")) return "copies the whole context";
  const src = copy.sources.find((s) => sourceCovers(s, touched)) ?? copy.sources[0] ?? "";
  return src === touched
    ? `copies ${touched}`
    : `copies ${src.replace(/\/?$/, "/")}, which contains ${touched}`;
}

/** The directory a multi-file COPY should name: the copy's own destination, ending in `/`. */
export function destinationDir(copy: ContextCopy): string {
  const d = copy.destination;
  return d === "." ? "./" : d.endsWith("/") ? d : `${d}/`;
}

/** `--chown`, `--chmod`, `--link` of a COPY, so the suggested COPY keeps the same ownership. */
export function copyFlags(ins: Instruction): string {
  const m = /^(\s*--\S+)+/.exec(ins.args);
  return m ? `${m[0].trim()} ` : "";
}
