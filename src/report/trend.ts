// Pure: the trend of the base branch (a baseline's history, src/report/history.ts) plus this run,
// as a sparkline table: one row per metric, one character per push, the run last.
//
// Why sparklines and not Mermaid `xychart-beta` (which GitHub renders): the four metrics have three
// units, and an xychart has one y-axis, so it would take four charts of a few hundred pixels each
// for what four text rows say; GitHub's Mermaid 11 draws no legend for xychart series (mermaid
// #5292, added in 2026 behind a config flag) and takes no empty values, so a gap cannot be shown.
// Text also reads the same in the terminal, notification e-mails and the job summary, and sits
// next to the exact numbers.
import type { HistoryPoint, MeasuredPoint } from "./history-schema.js";
import { sameSizeKind } from "./history.js";
import { pointOf } from "./history.js";
import { formatBytes, formatPercent, formatSeconds } from "./format.js";
import { mdCode } from "./markdown-escape.js";
import type { Report } from "./schema.js";
import type { SizeKind } from "./size.js";

/** Branch points needed before a trend says more than the base column of the metrics table. */
const MIN_POINTS = 2;
const BLOCKS = "▁▂▃▄▅▆▇█";
/** A push without a baseline, or a size of another kind than the one shown. */
export const GAP = "·";

export interface Trend {
  branch: string | null;
  /** The branch's points, oldest first. */
  points: HistoryPoint[];
  /** This run, drawn last and scaled with the rest; `label` as in a sentence ("this PR"). */
  current: { label: string; point: MeasuredPoint } | null;
}

export interface TrendRow {
  label: string;
  spark: string;
  /** Lowest and highest on the branch, the branch's newest, this run: formatted. */
  range: string;
  newest: string;
  current: string;
}

/**
 * A pull request: the base's history, then the head. A push that saved its baseline (the head has
 * a history): that history, its last point being this push. Null when there is too little to draw.
 */
export function trendOf(base: Report | null, head: Report, kind: SizeKind): Trend | null {
  if (base?.history) {
    const label = head.source?.pullRequest ? "this PR" : "this run";
    const trend = { branch: base.source?.branch ?? null, points: base.history };
    return enough({ ...trend, current: { label, point: pointOf(head, kind) } });
  }
  const last = head.history?.at(-1);
  if (!head.history || last?.status !== "measured") return null;
  const points = head.history.slice(0, -1);
  return enough({
    branch: head.source?.branch ?? null,
    points,
    current: { label: "this push", point: last },
  });
}

function enough(t: Trend): Trend | null {
  return t.points.filter((p) => p.status === "measured").length >= MIN_POINTS ? t : null;
}

/** One character per value, scaled between the lowest and the highest; null is a gap. */
export function sparkline(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const top = BLOCKS.length - 1;
  return values
    .map((v) => {
      if (v === null) return GAP;
      const at = hi === lo ? Math.floor(top / 2) : Math.round(((v - lo) / (hi - lo)) * top);
      return BLOCKS[at] ?? GAP;
    })
    .join("");
}

interface Metric {
  label: string;
  value: (p: MeasuredPoint) => number | null;
  format: (v: number) => string;
}

export function trendRows(t: Trend): TrendRow[] {
  const measured = t.points.filter((p): p is MeasuredPoint => p.status === "measured");
  const sizeRef = t.current?.point ?? measured.at(-1);
  const metrics: Metric[] = [
    { label: "Cold build", value: (p) => p.coldSeconds, format: formatSeconds },
    { label: "Warm build after a code change", value: (p) => p.warmSeconds, format: formatSeconds },
    { label: "Cache hit ratio", value: (p) => p.cacheHitRatio, format: formatPercent },
    {
      label: `Image size${sizeRef ? ` (${sizeRef.sizeKind})` : ""}`,
      // Sizes of another kind or rounding are never put on one scale with these.
      value: (p) => (sizeRef && sameSizeKind(p, sizeRef) ? p.sizeBytes : null),
      format: formatBytes,
    },
  ];
  const rows: TrendRow[] = [];
  for (const m of metrics) {
    const branch = t.points.map((p) => (p.status === "measured" ? m.value(p) : null));
    const current = t.current ? m.value(t.current.point) : null;
    const known = branch.filter((v): v is number => v !== null);
    if (!known.length) continue;
    const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "–" : m.format(v));
    const lo = Math.min(...known);
    const hi = Math.max(...known);
    const spark = sparkline(t.current ? [...branch, current] : branch);
    rows.push({
      label: m.label,
      spark: t.current ? `${spark.slice(0, -1)} ${spark.slice(-1)}` : spark,
      range: lo === hi ? fmt(lo) : `${fmt(lo)} – ${fmt(hi)}`,
      newest: fmt(known.at(-1)),
      current: fmt(current),
    });
  }
  return rows;
}

/** Markdown for the comment and the job summary: collapsed, a few hundred characters; "" without a trend. */
export function renderTrendMarkdown(t: Trend | null): string {
  if (!t) return "";
  const rows = trendRows(t);
  if (!rows.length) return "";
  const on = t.branch ? mdCode(t.branch) : "the base branch";
  const label = t.current?.label ?? "";
  const then = label ? ` and ${label}` : "";
  const head = `| | ${on}, oldest first${label ? ` · ${label}` : ""} | Range on ${on} | Newest on ${on} |${label ? ` ${capitalize(label)} |` : ""}`;
  const align = `|---|---|--:|--:|${t.current ? "--:|" : ""}`;
  const body = rows.map(
    (r) =>
      `| ${r.label} | \`${r.spark}\` | ${r.range} | ${r.newest} |${t.current ? ` **${r.current}** |` : ""}`,
  );
  return [
    `<details><summary>📈 Trend on ${on}: last ${t.points.length} push${t.points.length === 1 ? "" : "es"}${then}</summary>`,
    "",
    head,
    align,
    ...body,
    "",
    `<sub>${span(t.points, mdCode)} One character per push; ${GAP} = a push that saved no baseline (its run failed or was cancelled), or an image size of another kind.</sub>`,
    "</details>",
  ].join("\n");
}

/** Plain text for the CLI: a heading and one line per metric; [] without a trend. */
export function renderTrendTerminal(t: Trend | null): string[] {
  if (!t) return [];
  const rows = trendRows(t);
  if (!rows.length) return [];
  const on = t.branch ?? "the base branch";
  const width = Math.max(...rows.map((r) => r.label.length));
  return [
    `Trend on ${on}, oldest first (${GAP} = a push that saved no baseline)${t.current ? `, then ${t.current.label}` : ""}:`,
    ...rows.map(
      (r) =>
        `  ${r.label.padEnd(width)}  ${r.spark}  ${r.range}, newest ${r.newest}${t.current ? `, ${t.current.label} ${r.current}` : ""}`,
    ),
    `  ${span(t.points)}`,
  ];
}

/** `From a1b2c3d (2026-11-20) to f9e8d7c (2026-11-30).` */
function span(points: HistoryPoint[], code: (s: string) => string = (s) => s): string {
  const measured = points.filter((p): p is MeasuredPoint => p.status === "measured");
  const first = measured[0];
  const last = measured.at(-1);
  if (!first || !last) return "";
  const at = (p: MeasuredPoint) =>
    `${p.commit ? `${code(p.commit.slice(0, 7))} ` : ""}(${p.date.slice(0, 10)})`;
  return `From ${at(first)} to ${at(last)}.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
