// Pure: a Mermaid gantt chart of a build, one section per stage so parallel stages show side by
// side, with the critical path marked `crit`. GitHub renders ```mermaid fences in comments and
// (in practice) job summaries. Only steps that ran are drawn; cached ones take no time.
import type { BuildRun, ReportStep } from "./schema.js";
import { stepText } from "./format.js";

const MAX_TASKS = 40;

interface Task {
  step: ReportStep;
  start: number;
  end: number;
}

export function renderTimeline(title: string, run: BuildRun): string | null {
  const tasks = run.steps
    .filter((s) => s.instruction !== null && (s.status === "done" || s.status === "error"))
    .filter((s) => typeof s.startOffset === "number" && typeof s.endOffset === "number")
    .map((s): Task => ({
      step: s,
      start: s.startOffset as number,
      end: Math.max(s.endOffset as number, s.startOffset as number),
    }))
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_TASKS);
  if (!tasks.length) return null;
  const critical = criticalPath(tasks);
  const bySection = new Map<string, Task[]>();
  for (const t of tasks) {
    const section = t.step.stage ?? "build";
    bySection.set(section, [...(bySection.get(section) ?? []), t]);
  }
  const ms = (s: number) => Math.round(s * 1000);
  const lines = ["```mermaid", "gantt", `  title ${label(title)}`, "  dateFormat x", "  axisFormat %M:%S"];
  for (const [section, list] of bySection) {
    lines.push(`  section ${label(section)}`);
    for (const t of list) {
      const tags = [critical.has(t) ? "crit" : "", t.step.status === "error" ? "active" : "done"]
        .filter(Boolean)
        .join(", ");
      // At least 1 ms, or Mermaid drops the bar.
      lines.push(`  ${taskName(t.step)} :${tags}, ${ms(t.start)}, ${Math.max(ms(t.end), ms(t.start) + 1)}`);
    }
  }
  lines.push("```");
  return lines.join("\n");
}

/** Walk back from the step that finished last, each time to the step that finished latest before it started. */
export function criticalPath<T extends { start: number; end: number }>(tasks: T[]): Set<T> {
  const path = new Set<T>();
  const SLACK = 0.05;
  let current = [...tasks].sort((a, b) => b.end - a.end)[0];
  while (current) {
    path.add(current);
    const start = current.start;
    current = tasks.filter((t) => !path.has(t) && t.end <= start + SLACK).sort((a, b) => b.end - a.end)[0];
  }
  return path;
}

function taskName(s: ReportStep): string {
  return label(`${stepText(s.instruction ?? s.name ?? "step", 48)}${s.line ? ` L${s.line}` : ""}`);
}

/** Mermaid gantt syntax: `:` separates a task's name from its data, `#` and `;` end statements. */
function label(text: string): string {
  return (
    text
      .replace(/[:#;]/g, " ")
      .replace(/[`<>"]/g, "'")
      .replace(/\s+/g, " ")
      .trim() || "step"
  );
}
