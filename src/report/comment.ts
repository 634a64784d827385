// Pure: the sticky PR comment. It must read in five seconds: a verdict line, one small table
// (base → head → change), gates when any are set, then collapsed detail. GitHub rejects bodies
// over 65,536 characters, so detail is dropped first and only then is the text cut, with a
// visible notice and a pointer to the job summary, which always has everything.
import { isFromRow, joinSteps } from "../analysis/steps.js";
import type { Comparison, MetricDelta } from "../compare/compare.js";
import { pairSteps } from "../compare/compare.js";
import type { GateResult } from "../compare/gates.js";
import { renderGatesMarkdown } from "./gates.js";
import { formatMetric, formatMetricDelta } from "./comparison.js";
import {
  coldCell,
  stepNotes,
  sharedStep,
  SHARED_MARK,
  formatBytes,
  formatLayerSource,
  formatSeconds,
  stepText,
  truncate,
} from "./format.js";
import { contextCostLine } from "./context-cost.js";
import { renderFindingsMarkdown } from "./findings.js";
import { mdCode, mdInline, mdText } from "./markdown-escape.js";
import { renderTimeline } from "./timeline.js";
import { renderTrendMarkdown, trendOf } from "./trend.js";
import { cutAtCodePoint } from "./untrusted.js";
import type { Report, ReportStep } from "./schema.js";
import { imageSize, type SizeKind } from "./size.js";

/** GitHub's limit for issue comments, in characters. */
export const MAX_COMMENT_CHARS = 65_536;
const MAX_NAME = 100;
const MAX_FINDINGS = 8;

export interface BaselineInfo {
  /** Where the base numbers came from, for the footer. */
  source: "cache" | "build" | "file";
  commit: string | null;
  /** False when the cache held only an older commit of the base branch. */
  exact: boolean;
  branch: string | null;
}

export interface CommentInput {
  marker: string;
  benchmarkId: string;
  head: Report;
  base: Report | null;
  baseline: BaselineInfo | null;
  comparison: Comparison | null;
  gates: GateResult[];
  /** Link to the run's job summary (full report). */
  summaryUrl: string | null;
  /** Why there is no baseline, when there is none. */
  baselineNote: string | null;
  /** The kind of image size shown when there is no comparison (which carries its own); default uncompressed. */
  sizeKind?: SizeKind;
  /** What was measured: a pull request (the default; columns say "This PR") or a commit (push, dispatch). */
  subject?: Subject;
}

/** The kind of image size the comment shows: the comparison's, else the one asked for. */
export function shownSizeKind(input: CommentInput): SizeKind {
  return input.comparison?.sizeKind ?? input.sizeKind ?? "uncompressed";
}

/** Step-table lengths tried in turn when the comment is too long. */
const STEP_ROW_LEVELS = [Infinity, 200, 50, 10];

export function renderComment(input: CommentInput, limit = MAX_COMMENT_CHARS): string {
  const head = [input.marker, ...renderHead(input)];
  const footer = renderFooter(input);
  for (const detail of detailLevels(input)) {
    const body = [...head, ...detail, footer].join("\n\n") + "\n";
    if (body.length <= limit) return body;
  }
  const notice = `\n\n> ✂️ This comment was cut to fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character limit. ${input.summaryUrl ? `The [job summary](${input.summaryUrl}) has` : "The job summary has"} the full report.\n`;
  const body = [...head, footer].join("\n\n");
  return cutAtCodePoint(body, limit - notice.length) + notice;
}

/**
 * The collapsed detail under the headline, from the most to the least (the last is none): shorter
 * step tables, then no timeline or layers, then no steps, then no findings. A multi-image
 * comment walks the same levels image by image.
 */
export function detailLevels(input: CommentInput): string[][] {
  const layers = layersSection(input);
  const why = renderFindingsMarkdown(input.head.findings, MAX_FINDINGS);
  const timeline = timelineSection(input.head);
  const levels = [
    ...STEP_ROW_LEVELS.map((rows) => [why, stepsSection(input, rows), timeline, layers]),
    [why, stepsSection(input, STEP_ROW_LEVELS.at(-1) ?? 10)],
    [why],
    [],
  ];
  return levels.map((l) => l.filter((d) => d !== ""));
}

/** The title (when asked for), verdict, metrics, gates and what lost its cache or grew. */
export function renderHead(input: CommentInput, title = true): string[] {
  const out = [
    ...(title
      ? [`### 🐳 Docker build benchmark${input.benchmarkId !== "." ? ` · ${mdCode(input.benchmarkId)}` : ""}`]
      : []),
    verdict(input),
  ];
  const context = contextCostLine(input.head);
  if (context) out.push(`> 📦 ${context}`);
  out.push(metricsTable(input));
  const gates = input.gates;
  if (gates.length) {
    out.push(renderGatesMarkdown(gates));
  }
  if (input.comparison?.cacheRegressions.length) {
    out.push(
      [
        "**Lost its cache** (cached after a code change on the base, rebuilds now):",
        ...input.comparison.cacheRegressions.map(
          (s) =>
            `- ${mdCode(truncate(s.instruction, MAX_NAME))}${s.line ? ` (line ${s.line})` : ""}: ${formatSeconds(s.head?.seconds ?? null)} per build`,
        ),
      ].join("\n"),
    );
  }
  const layerChanges = input.comparison?.layerChanges ?? [];
  if (layerChanges.length) {
    out.push(
      [
        "**Image layers that changed** against the base:",
        ...layerChanges
          .slice(0, 5)
          .map(
            (c) =>
              `- layer from ${mdCode(truncate(c.instruction, MAX_NAME))}: ${c.delta > 0 ? "+" : "−"}${formatBytes(Math.abs(c.delta))}${c.base === null ? " (new)" : c.head === null ? " (removed)" : ""}`,
          ),
      ].join("\n"),
    );
  }
  // Bounded (one character per push, history-length points), so it stays when detail is dropped.
  const trend = renderTrendMarkdown(trendOf(input.base, input.head, shownSizeKind(input)));
  if (trend) out.push(trend);
  return out;
}

function verdict(input: CommentInput): string {
  const text = verdictText(input);
  const notes = input.comparison?.comparable.notes ?? [];
  return notes.length ? `${text}\n\n> ℹ️ Not compared: ${notes.map(mdInline).join("; ")}.` : text;
}

export function verdictText(input: CommentInput): string {
  const failed = input.gates.filter((g) => g.passed === false);
  if (failed.length)
    return `❌ **${failed.length} gate${failed.length === 1 ? "" : "s"} failed**: ${failed.map((g) => mdText(g.message)).join("; ")}.`;
  const regressions = input.comparison?.cacheRegressions ?? [];
  if (regressions.length) {
    const first = regressions[0];
    return `⚠️ **Cache regression**: ${mdCode(truncate(first?.instruction ?? "", MAX_NAME))}${first?.line ? ` (line ${first.line})` : ""} now rebuilds after every code change${regressions.length > 1 ? ` (and ${regressions.length - 1} more)` : ""}.`;
  }
  if (!input.head.touch.effective)
    return `⚠️ The synthetic touch had no effect: the warm build rebuilt nothing, so the cache numbers say nothing.`;
  const moved = (input.comparison?.metrics ?? []).filter((m) => m.significant && m.key !== "cacheHitRatio");
  const s = input.head.summary;
  const state = `warm build after a code change ${formatSeconds(s.warmSeconds)}, ${s.rebuiltSteps} of ${s.steps} steps rebuilt, image ${formatMetric("imageSizeBytes", imageSize(input.head, shownSizeKind(input)))}`;
  if (!input.comparison)
    return `ℹ️ No baseline yet: ${state}.${input.baselineNote ? ` ${mdText(input.baselineNote)}` : ""}`;
  if (!moved.length) return `✅ No change beyond noise against the base: ${state}.`;
  return `ℹ️ ${moved.map(describeMove).join(", ")} against the base; no step lost its cache.`;
}

function describeMove(m: MetricDelta): string {
  const what = {
    coldSeconds: "cold build",
    warmSeconds: "warm build",
    rebuiltSteps: "steps rebuilt",
    imageSizeBytes: "image",
    cacheHitRatio: "cache hit ratio",
  }[m.key];
  return `${what} ${formatMetricDelta(m)}`;
}

const ROWS: { key: MetricDelta["key"]; label: string }[] = [
  { key: "coldSeconds", label: "Cold build (`--no-cache`)" },
  { key: "warmSeconds", label: "Warm build after a code change" },
  { key: "rebuiltSteps", label: "Steps rebuilt after the change" },
  { key: "cacheHitRatio", label: "Cache hit ratio" },
  { key: "imageSizeBytes", label: "Image size" },
];

function metricsTable(input: CommentInput): string {
  const s = input.head.summary;
  const headValues: Record<MetricDelta["key"], number | null> = {
    coldSeconds: s.coldSeconds,
    warmSeconds: s.warmSeconds,
    rebuiltSteps: s.rebuiltSteps,
    cacheHitRatio: s.cacheHitRatio,
    imageSizeBytes: imageSize(input.head, shownSizeKind(input)),
  };
  if (!input.comparison) {
    return [
      `| | ${headLabel(input)} |`,
      "|---|--:|",
      ...ROWS.map((r) => `| ${r.label} | ${formatMetric(r.key, headValues[r.key])} |`),
    ].join("\n");
  }
  const byKey = new Map(input.comparison.metrics.map((m) => [m.key, m]));
  const rows = ROWS.map((r) => {
    const m = byKey.get(r.key);
    const change = m
      ? `${formatMetricDelta(m)}${m.delta !== 0 && m.delta !== null && !m.significant ? " ~" : ""}`
      : "–";
    return `| ${r.label} | ${formatMetric(r.key, m?.base ?? null)} | ${formatMetric(r.key, headValues[r.key])} | ${change} |`;
  });
  return [`| | Base | ${headLabel(input)} | Change |`, "|---|--:|--:|--:|", ...rows].join("\n");
}

export type Subject = "pull-request" | "commit";

/** Column names for what was measured: "This PR" reads wrong on a push or a workflow_dispatch. */
const SUBJECT_LABELS: Record<Subject, { column: string; short: string }> = {
  "pull-request": { column: "This PR", short: "PR" },
  commit: { column: "This commit", short: "this commit" },
};

function headLabel(input: CommentInput): string {
  return SUBJECT_LABELS[input.subject ?? "pull-request"].column;
}

function stepsSection(input: CommentInput, maxRows: number): string {
  const rows = joinSteps(input.head.cold.steps, input.head.warm.steps);
  // The same pairing the comparison uses (stage relabels, repeated instructions), keyed by head step.
  const base = new Map<ReportStep, ReportStep>();
  for (const p of pairSteps(input.base?.warm.steps ?? [], input.head.warm.steps).pairs)
    base.set(p.head, p.base);
  const warm = (s: ReportStep | null | undefined) =>
    !s
      ? "–"
      : s.status === "cached"
        ? "cached"
        : s.status === "done"
          ? `🔁 ${formatSeconds(s.seconds)}`
          : s.status;
  // The head's own shared steps are marked (the base's run warned about its own).
  const headWarm = (s: ReportStep | null) => `${warm(s)}${sharedStep(s, "warm") ? ` ${SHARED_MARK}` : ""}`;
  const lines = rows.map((r) => {
    const b = r.warm ? base.get(r.warm) : undefined;
    const from = isFromRow(r);
    return `| ${mdCode(stepText(r.name, MAX_NAME))} | ${r.line ?? "–"} | ${coldCell(r.cold)} | ${from ? "" : input.base ? `${warm(b)} → ` : ""}${from ? formatSeconds(r.warm?.seconds ?? null) : headWarm(r.warm)} |`;
  });
  const hidden = lines.length - Math.min(lines.length, maxRows);
  // Notes for the rows shown (the job summary has the rest, with their own).
  const notes = stepNotes(rows.slice(0, lines.length - hidden));
  if (hidden > 0)
    lines.splice(
      maxRows,
      hidden,
      `| … ${hidden} more step${hidden === 1 ? "" : "s"} in the ${input.summaryUrl ? `[job summary](${input.summaryUrl})` : "job summary"} | | | |`,
    );
  const headers = input.base
    ? `| Step | Line | Cold | Warm after touch (base → ${SUBJECT_LABELS[input.subject ?? "pull-request"].short}) |`
    : "| Step | Line | Cold | Warm after touch |";
  return [
    "<details><summary>Per-step times</summary>",
    "",
    headers,
    "|---|--:|--:|---|",
    ...lines,
    "",
    ...notes.flatMap((note) => [mdText(note), ""]),
    `Touched: ${input.head.touched.map(mdCode).join(", ")}`,
    "</details>",
  ].join("\n");
}

function timelineSection(head: Report): string {
  const charts = [
    renderTimeline("Cold build", head.cold),
    renderTimeline("Warm build after a code change", head.warm),
  ].filter((c): c is string => c !== null);
  if (!charts.length) return "";
  return [
    "<details><summary>Timeline (critical path in red)</summary>",
    "",
    charts.join("\n\n"),
    "",
    "</details>",
  ].join("\n");
}

function layersSection(input: CommentInput): string {
  const head = input.head;
  const layers = head.image.layers
    .filter((l) => l.sizeBytes > 0)
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, 8);
  if (!layers.length) return "";
  return [
    "<details><summary>Largest layers</summary>",
    "",
    "| Layer | From | Size |",
    "|---|---|--:|",
    ...layers.map(
      (l) =>
        `| ${mdCode(truncate(l.instruction, MAX_NAME))} | ${formatLayerSource(l.source)} | ${formatBytes(l.sizeBytes)} |`,
    ),
    "</details>",
  ].join("\n");
}

/** Where an image's base numbers came from, for footers. */
export function baselineText(b: BaselineInfo | null): string {
  if (!b) return "no baseline";
  const how =
    b.source === "build"
      ? "built in this job from"
      : b.source === "file"
        ? "report file for"
        : "cached report of";
  // The commit comes from a baseline report, which someone else may have written: escaped.
  return `baseline: ${how} ${b.commit ? mdCode(b.commit.slice(0, 7)) : "an unknown commit"}${b.branch ? ` on ${mdText(b.branch)}` : ""}${b.exact ? "" : " (the newest available; the PR's base commit had none)"}`;
}

function renderFooter(input: CommentInput): string {
  const summary = input.summaryUrl ? ` · [full report](${input.summaryUrl})` : "";
  return `<sub>${baselineText(input.baseline)} · ~ = within the noise floor · size is ${shownSizeKind(input)}${summary} · docker-cache-bench ${mdText(input.head.tool.version)}</sub>`;
}
