// Annotations on the Dockerfile in the PR diff: warnings for cache regressions and for findings
// that cost time or bytes on every build, notices for advice.
import { posix } from "node:path";
import { log } from "./log.js";
import type { Comparison } from "../compare/compare.js";
import type { Report } from "../report/schema.js";

/** GitHub shows at most 10 warning and 10 notice annotations per step; keep the best ones. */
const MAX_PER_LEVEL = 10;

/** The Dockerfile relative to the repository root, from the report (so report mode annotates the measured file). */
export function dockerfilePath(report: Pick<Report, "build">): string {
  return posix.normalize(posix.join(report.build.context, report.build.dockerfile));
}

export interface Annotation {
  level: "warning" | "notice";
  title: string;
  message: string;
  line: number;
}

export function collectAnnotations(head: Report, comparison: Comparison | null): Annotation[] {
  const out: Annotation[] = [];
  for (const r of comparison?.cacheRegressions ?? []) {
    if (!r.line) continue;
    out.push({
      level: "warning",
      title: "docker-cache-bench: cache regression",
      message: `${r.instruction} stayed cached after a code change on the base branch and now rebuilds (${r.head?.seconds ?? "?"} s per build).`,
      line: r.line,
    });
  }
  for (const f of head.findings) {
    if (!f.line) continue;
    out.push({
      level: f.severity,
      title: `docker-cache-bench: ${f.rule}`,
      message: `${f.message}\nFix:\n${f.fix}`,
      line: f.line,
    });
  }
  const warnings = out.filter((a) => a.level === "warning").slice(0, MAX_PER_LEVEL);
  const notices = out.filter((a) => a.level === "notice").slice(0, MAX_PER_LEVEL);
  return [...warnings, ...notices];
}

export function annotate(head: Report, comparison: Comparison | null): void {
  const file = dockerfilePath(head);
  for (const a of collectAnnotations(head, comparison)) {
    const props = { title: a.title, file, startLine: a.line };
    if (a.level === "warning") log.warning(a.message, props);
    else log.notice(a.message, props);
  }
}
