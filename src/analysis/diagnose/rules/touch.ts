// touch-invalidated: the code touch invalidated a COPY, and steps after it rebuilt that neither
// read the code nor are dependency installs (those are dependency-install-after-context-copy's).
// Only the user knows whether they need the code, so this is a notice with the measured cost.
import { formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { reorderEdit } from "../edit.js";
import type { AvoidableInstall, RebuildAnalysis } from "../explain.js";
import { installLines } from "./dependency-order.js";
import { copyLines } from "../copy-lines.js";
import { actsOnCopied, namedFiles, type Placed } from "../paths.js";
import type { ContextCopy, Instruction } from "../../../dockerfile/index.js";
import { copyFlags, instructionText, quote, sourceCovers } from "../text.js";

export const TOUCH_INVALIDATED = "touch-invalidated";

/** Below a second in all, moving steps around is not worth a notice. */
export const MIN_UNEXPLAINED_SECONDS = 1;

export function touchInvalidated(ctx: DiagnosisContext, analysis: RebuildAnalysis): Finding[] {
  const [first] = analysis.rebuilt;
  if (!first || (first.ins.keyword !== "COPY" && first.ins.keyword !== "ADD")) return [];
  const copy = ctx.copies.find((c) => c.instruction === first.ins);
  const touched = copy && ctx.touched.find((t) => copy.sources.some((s) => sourceCovers(s, t)));
  if (!copy || !touched) return [];

  const explained = new Set([
    ...analysis.expected.map((e) => e.line),
    ...analysis.avoidable.map((a) => a.ins.line),
  ]);
  // A step that names a directory the copy brought reads the code, and one that removes,
  // changes or lists what it wrote acts on the code: their rebuilds are expected.
  const unexplained = analysis.rebuilt
    .filter((r) => r.ins.keyword === "RUN" && !explained.has(r.ins.line) && ctx.stageOf(r.ins) === copy.stage)
    .filter((r) => !actsOnCopied(ctx, r.ins, copy))
    .map((r) => ({ ...r, reads: namedFiles(ctx, r.ins, copy) }))
    .filter((r) => !r.reads.some((p) => isDirectory(ctx, p.source)));
  const seconds = unexplained.reduce((t, r) => t + (r.step.seconds ?? 0), 0);
  if (seconds < MIN_UNEXPLAINED_SECONDS) return [];

  const listed = unexplained
    .slice(0, 3)
    .map((r) => `${quote(r.ins)} (line ${r.ins.line}, ${formatSeconds(r.step.seconds)})`)
    .join(", ");
  const more = unexplained.length > 3 ? ` and ${unexplained.length - 3} more` : "";
  const installs = installsBefore(analysis.avoidable, copy, unexplained.at(-1)?.ins.line ?? 0);
  const fix = movedAbove(ctx, copy, unexplained, installs);
  return [
    makeFinding({
      rule: TOUCH_INVALIDATED,
      line: copy.line,
      severity: "notice",
      message:
        `The change to ${touched} invalidated ${quote(copy.instruction)} on line ${copy.line}; after it ${listed}${more} ` +
        `rebuilt (${formatSeconds(seconds)} in all) although they do not obviously read the code.`,
      fix: fix.join("\n"),
      edit: reorderEdit(ctx, fix, copy.instruction, [
        ...unexplained.map((r) => r.ins),
        ...installs.map((a) => a.ins),
      ]),
      seconds,
    }),
  ];
}

/**
 * The steps, each after a COPY of the files it names, in the directory it ran in, then the
 * original copy (in its own directory again when its destination is relative).
 */
function movedAbove(
  ctx: DiagnosisContext,
  copy: ContextCopy,
  steps: { ins: Instruction; reads: Placed[] }[],
  installs: AvoidableInstall[],
): string[] {
  const copyDir = ctx.workdirAt(copy.instruction);
  const lines = [`# if they do not read the code, run them before line ${copy.line}:`];
  // An install before them may provide what they run (`pip install nltk`, then a download
  // with it): it moves too, with its manifests, and keeps its place before them.
  const ordered = [
    ...steps.map((s) => ({ ins: s.ins, step: s, install: null })),
    ...installs.map((a) => ({ ins: a.ins, step: null, install: a })),
  ].sort((x, y) => x.ins.line - y.ins.line);
  let cwd = copyDir;
  for (const o of ordered) {
    if (o.install) {
      const moved = installLines(ctx, o.install);
      if ("blocker" in moved)
        return [
          `# line ${o.ins.line} runs before them and cannot move above line ${copy.line}: ${moved.blocker}`,
        ];
      lines.push(`# line ${o.ins.line} moves too: they may need what it installs`, ...moved.lines);
      cwd = ctx.workdirAt(o.ins);
      continue;
    }
    const dir = ctx.workdirAt(o.ins);
    if (dir !== cwd) lines.push(`WORKDIR ${dir}`);
    cwd = dir;
    lines.push(...copyLines(o.step?.reads ?? [], cwd, copyFlags(copy.instruction)), instructionText(o.ins));
  }
  if (cwd !== copyDir && !copy.destination.startsWith("/")) lines.push(`WORKDIR ${copyDir}`);
  lines.push(instructionText(copy.instruction));
  return lines;
}

/** The avoidable installs after the copy in its stage and before the last step that moves. */
function installsBefore(avoidable: AvoidableInstall[], copy: ContextCopy, last: number): AvoidableInstall[] {
  return avoidable.filter((a) => a.copy === copy && a.stage === copy.stage && a.ins.line < last);
}

/** The whole context or a directory of it, as opposed to a file such as requirements.txt. */
function isDirectory(ctx: DiagnosisContext, source: string): boolean {
  if (source === "." || source === "" || source.endsWith("/")) return true;
  return ctx.files.known ? ctx.files.isDir(source) : !/\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(source);
}
