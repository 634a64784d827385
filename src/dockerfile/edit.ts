// Pure: apply a finding's edit (report/schema.ts DockerfileEdit) to the Dockerfile's text. The edit
// names lines of the original file, so the whole edit is applied in one pass over it; the line
// endings of the file are kept.

export interface LineSpan {
  line: number;
  endLine: number;
}

export interface Edit {
  anchor: LineSpan;
  before: readonly string[];
  after: readonly string[];
  remove: readonly LineSpan[];
}

export interface EditedDockerfile {
  text: string;
  /** 1-based line in the new text of each inserted line (`before` lines, then `after` lines). */
  inserted: number[];
}

export class EditError extends Error {
  override name = "EditError";
}

/** The Dockerfile with `edit` applied; throws EditError when the edit does not fit this text. */
export function applyEdit(text: string, edit: Edit): EditedDockerfile {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const trailing = lines.at(-1) === "" ? lines.pop() : undefined;
  const spans = [edit.anchor, ...edit.remove];
  if (spans.some((s) => s.line < 1 || s.endLine < s.line || s.endLine > lines.length))
    throw new EditError(`the edit names lines beyond the Dockerfile's ${lines.length}`);
  if (edit.remove.some((r) => r.line <= edit.anchor.endLine && r.endLine >= edit.anchor.line))
    throw new EditError("the edit removes the instruction it inserts around");
  const removed = (n: number) => edit.remove.some((r) => n >= r.line && n <= r.endLine);
  const out: string[] = [];
  const inserted: number[] = [];
  const insert = (added: readonly string[]) => {
    for (const l of added) {
      out.push(l);
      inserted.push(out.length);
    }
  };
  lines.forEach((l, i) => {
    const n = i + 1;
    if (n === edit.anchor.line) insert(edit.before);
    if (!removed(n)) out.push(l);
    if (n === edit.anchor.endLine) insert(edit.after);
  });
  if (trailing !== undefined) out.push(trailing);
  return { text: out.join(eol), inserted };
}
