// Pure: the cold and warm builds side by side, one row per Dockerfile step.
import { normalizeStepName } from "../progress/index.js";
import type { ReportStep } from "../report/schema.js";

export interface StepRow {
  name: string;
  instruction: string | null;
  stage: string | null;
  line: number | null;
  cold: ReportStep | null;
  warm: ReportStep | null;
}

/** Dockerfile steps only (internal vertexes such as `[internal] load build context` are left out). */
export function joinSteps(cold: ReportStep[], warm: ReportStep[]): StepRow[] {
  const key = (s: ReportStep) => normalizeStepName(s.name ?? "");
  const warmByKey = new Map<string, ReportStep>();
  for (const s of warm) if (s.instruction !== null && s.name) warmByKey.set(key(s), s);
  const rows: StepRow[] = [];
  const used = new Set<ReportStep>();
  const unmatched: StepRow[] = [];
  for (const c of cold) {
    if (c.instruction === null || !c.name) continue;
    const w = warmByKey.get(key(c)) ?? null;
    if (w) used.add(w);
    const r = row(c, c, w);
    rows.push(r);
    if (!w) unmatched.push(r);
  }
  // BuildKit runs identical steps of two stages once and labels the vertex with whichever stage
  // asked first, which can differ between the cold and the warm build: match those by instruction.
  for (const w of warm) {
    if (w.instruction === null || !w.name || used.has(w)) continue;
    const r = unmatched.find((u) => u.instruction === w.instruction && !u.warm);
    if (r) r.warm = w;
    else rows.push(row(w, null, w));
  }
  // Dockerfile order: parallel stages print in whatever order they ran, which differs run to run.
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.line ?? Infinity) - (b.r.line ?? Infinity) || a.i - b.i)
    .map(({ r }) => r);
}

function row(s: ReportStep, cold: ReportStep | null, warm: ReportStep | null): StepRow {
  return { name: s.name ?? "", instruction: s.instruction, stage: s.stage, line: s.line, cold, warm };
}

/** FROM resolves the base image; it is neither cached nor rebuilt in the sense the table shows. */
export function isFromRow(row: Pick<StepRow, "instruction">): boolean {
  return row.instruction !== null && /^FROM\s/i.test(row.instruction);
}
