// Pure: where context files land in the image and back. A fix that moves a step above a COPY
// must copy what the step reads first, from the context path the COPY took it from (a
// `COPY src/ .` puts src/requirements.txt at ./requirements.txt), to the same place.
import { posix } from "node:path";
import type { ContextCopy, Instruction } from "../../dockerfile/index.js";
import { lineage, type DiagnosisContext } from "./context.js";
import { runCommands, type Command } from "./shell.js";
import { globRegExp } from "./files.js";
import { sourceCovers } from "./text.js";

/** A context file (or directory) and the absolute image path a COPY put it at. */
export interface Placed {
  source: string;
  target: string;
}

/** The absolute directory a COPY writes to, and whether it is a directory at all. */
export function copyTarget(ctx: DiagnosisContext, copy: ContextCopy): { path: string; dir: boolean } {
  const path = posix.resolve(ctx.workdirAt(copy.instruction), copy.destination);
  const dir =
    copy.destination.endsWith("/") ||
    copy.destination === "." ||
    copy.sources.length > 1 ||
    copy.sources.some((s) => s === "." || isDirSource(ctx, s) || /[*?[]/.test(s));
  return { path, dir };
}

/** A source is a directory when the listing says so; without one, when its name has no extension. */
function isDirSource(ctx: DiagnosisContext, source: string): boolean {
  if (source === ".") return true;
  const status = ctx.files.status(source);
  if (status === "sent") return ctx.files.isDir(source);
  return !posix.basename(source).includes(".");
}

/** The context path `copy` took the image path `target` from, or null when it did not write there. */
export function sourceOf(ctx: DiagnosisContext, copy: ContextCopy, target: string): string | null {
  const dest = copyTarget(ctx, copy);
  const rel = posix.relative(dest.path, target);
  for (const s of [...copy.sources].reverse()) {
    if (!dest.dir) {
      if (target === dest.path) return s;
      continue;
    }
    if (rel.startsWith("..") || rel === "") continue;
    if (s === ".") return rel;
    if (isDirSource(ctx, s) && !/[*?[]/.test(s)) return `${s}/${rel}`;
    const first = rel.split("/")[0] as string;
    const candidate = posix.join(posix.dirname(s), first);
    if (first === posix.basename(s) || (/[*?[]/.test(s) && sourceCovers(s, candidate)))
      return rel === first ? candidate : `${candidate}/${rel.slice(first.length + 1)}`;
  }
  return null;
}

/** The image path a context path lands at through `copy`, or null when the copy does not take it. */
export function targetOf(ctx: DiagnosisContext, copy: ContextCopy, source: string): string | null {
  const dest = copyTarget(ctx, copy);
  for (const s of copy.sources) {
    if (s === ".") return posix.join(dest.path, source);
    if (!sourceCovers(s, source)) continue;
    if (!dest.dir) return source === s ? dest.path : null;
    if (isDirSource(ctx, s) && !/[*?[]/.test(s)) return posix.join(dest.path, posix.relative(s, source));
    return posix.join(dest.path, posix.relative(posix.dirname(s), source));
  }
  return null;
}

/** The context copies before `ins` that its stage (or a stage it is built FROM) ran, last first. */
export function copiesBefore(ctx: DiagnosisContext, ins: Instruction): ContextCopy[] {
  const stage = ctx.stageOf(ins);
  const chain = lineage(ctx.model, stage);
  return ctx.copies
    .filter((c) => chain.includes(c.stage) && (c.stage !== stage || c.line < ins.line))
    .reverse();
}

/** Where the image path `target` came from: the last copy before `ins` that wrote it. */
export function placedBy(
  ctx: DiagnosisContext,
  ins: Instruction,
  target: string,
): { copy: ContextCopy; source: string } | null {
  for (const copy of copiesBefore(ctx, ins)) {
    const source = sourceOf(ctx, copy, target);
    if (source !== null) return { copy, source };
  }
  return null;
}

/**
 * The directory a command of a RUN runs in: the WORKDIR, then every `cd DIR` before the first
 * command named `name` (`cd /var/www && composer install` reads /var/www/composer.json).
 */
export function commandCwd(ctx: DiagnosisContext, ins: Instruction, name: string): string {
  let cwd = ctx.workdirAt(ins);
  for (const cmd of runCommands(ins)) {
    if (cmd[0] === name) break;
    const dir = cmd[1];
    if (cmd[0] === "cd" && cmd.length === 2 && dir && !dir.startsWith("-") && !dir.includes("$"))
      cwd = posix.resolve(cwd, dir);
  }
  return cwd;
}

/** Commands that change or remove the paths they name: run on what a COPY wrote, they need it. */
const MUTATORS = new Set(["rm", "mv", "chmod", "chown", "chgrp", "unlink", "truncate", "ln"]);
/** Commands that walk a directory, the working directory when they name none. */
const WALKERS = new Set(["ls", "find", "du", "tree"]);

/**
 * Whether a RUN changes, removes or walks what `copy` wrote (`rm -rf /var/www/.git` after
 * `COPY . /var/www/`, `ls` in the directory it filled): moved above the copy it would act on
 * nothing, whatever the context sends.
 */
export function actsOnCopied(ctx: DiagnosisContext, ins: Instruction, copy: ContextCopy): boolean {
  const cwd = ctx.workdirAt(ins);
  const dest = copyTarget(ctx, copy);
  const inside = (p: string) => p === dest.path || p.startsWith(`${dest.path.replace(/\/$/, "")}/`);
  const copied = (w: string) => {
    const path = posix.resolve(cwd, w);
    return (dest.dir && inside(path)) || sourceOf(ctx, copy, path) !== null;
  };
  return runCommands(ins).some((cmd) => {
    const name = cmd[0] ?? "";
    const paths = cmd.slice(1).filter((w) => !w.startsWith("-") && FILE_WORD.test(w));
    if (MUTATORS.has(name)) return paths.some(copied);
    return WALKERS.has(name) && (paths.length ? paths.some(copied) : copied("."));
  });
}

/** `@scope/name`, optionally `@version`: https://docs.npmjs.com/cli/using-npm/scope */
const SCOPED_PACKAGE = /^@[\w.-]+\/[\w.-]+(@\S*)?$/;

/** A word that names a file: a relative or absolute path, or a name with an extension. */
const FILE_WORD = /^(\.{0,2}\/)?[\w@+-][\w.@+-]*(\/[\w.@+-]+)*\/?$/;

/**
 * The context files a RUN names that `copy` brought (`cat requirements.txt` after `COPY . .`):
 * the step reads them, so it cannot run before the copy without them. With the context listing
 * only files it really sends count; without one, any word shaped like a file name inside the
 * copy's destination does (`cat requirements.txt`, `./scripts/setup`), which errs on the safe
 * side: the step is then not moved.
 */
export function namedFiles(
  ctx: DiagnosisContext,
  ins: Instruction,
  copy: ContextCopy,
  commands: readonly Command[] = runCommands(ins),
): Placed[] {
  const cwd = ctx.workdirAt(ins);
  const out = new Map<string, Placed>();
  for (const cmd of commands) {
    for (const word of cmd) {
      if (!FILE_WORD.test(word) || word.includes("://")) continue;
      const target = posix.resolve(cwd, word);
      const source = sourceOf(ctx, copy, target);
      if (source === null || !looksRead(ctx, word, source)) continue;
      out.set(source, { source, target });
    }
  }
  return [...out.values()];
}

function looksRead(ctx: DiagnosisContext, word: string, source: string): boolean {
  const status = ctx.files.status(source);
  if (status === "sent") return true;
  if (status !== "unknown") return false;
  // `yarn global add @vue/cli`: a scoped npm package, not a file; copying it cannot build.
  if (SCOPED_PACKAGE.test(word)) return false;
  return word.includes("/") || /\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(word);
}

/** Files matching a base-name glob among the listing's, e.g. every `*.csproj`. */
export function matching(files: string[], glob: string): string[] {
  const re = globRegExp(posix.basename(glob));
  const dir = posix.dirname(glob);
  return files.filter((f) => re.test(posix.basename(f)) && (dir === "." || posix.dirname(f) === dir));
}
