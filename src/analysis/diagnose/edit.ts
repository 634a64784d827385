// The machine-applicable form of a reorder fix (report/schema.ts DockerfileEdit), made from the
// same lines as the fix text, so the two cannot say different things. A reorder fix's text is
// Dockerfile lines to put before the anchor instruction, the anchor itself, then lines for after
// it; `#` lines are explanations for the reader and are not applied.
import type { Instruction } from "../../dockerfile/index.js";
import type { DockerfileEdit } from "../../report/schema.js";
import type { DiagnosisContext } from "./context.js";
import { instructionText } from "./text.js";

const span = (ins: Instruction) => ({ line: ins.line, endLine: ins.endLine });

/** Inserted lines that move a step (not a WORKDIR the fix adds around it, which must stay). */
const MOVABLE = new Set(["RUN", "COPY", "ADD"]);

/**
 * The edit for `fixLines` around `anchor`; `moved` are the instructions the fix runs earlier,
 * removed from their place. A RUN/COPY/ADD line the fix inserts that is, word for word, a later
 * instruction of the anchor's stage moves too (a step the fix carries along with the install,
 * such as the installer's installer): its first such instruction is removed. Undefined when the
 * fix is advice only (no anchor in its lines, nothing to insert).
 */
export function reorderEdit(
  ctx: DiagnosisContext,
  fixLines: readonly string[],
  anchor: Instruction,
  moved: readonly Instruction[],
): DockerfileEdit | undefined {
  const at = fixLines.indexOf(instructionText(anchor));
  if (at === -1) return undefined;
  const applied = (l: string) => l.trim() !== "" && !l.trimStart().startsWith("#");
  const before = fixLines.slice(0, at).filter(applied);
  if (!before.length) return undefined;
  const taken = new Set(moved);
  const later = ctx.stageOf(anchor).instructions.filter((i) => i.line > anchor.endLine);
  for (const line of before) {
    if (!MOVABLE.has(line.split(/\s/, 1)[0] ?? "")) continue;
    const same = later.find((i) => !taken.has(i) && instructionText(i) === line);
    if (same) taken.add(same);
  }
  const remove = [...taken].sort((a, b) => a.line - b.line).map(span);
  return { anchor: span(anchor), before, after: fixLines.slice(at + 1).filter(applied), remove };
}
