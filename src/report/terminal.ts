// Pure: the report as the CLI prints it on stdout. Plain text, fixed-width columns, no colour
// (it is often piped into CI logs).
import { oneLine } from "./untrusted.js";
import { isFromRow, joinSteps, type StepRow } from "../analysis/steps.js";
import { contextCostLine, contextSizeText } from "./context-cost.js";
import { renderFindingsTerminal } from "./findings.js";
import type { Report } from "./schema.js";
import {
  coldCell,
  stepNotes,
  formatBytes,
  formatPercent,
  formatSeconds,
  statusCell,
  stepText,
  warmCell,
} from "./format.js";

const NAME_WIDTH = 56;

export function renderTerminal(report: Report): string {
  const rows = joinSteps(report.cold.steps, report.warm.steps);
  const out: string[] = [];
  const d = report.docker;
  out.push(
    `docker-cache-bench ${report.tool.version} · ${report.build.context} · ${d.mode === "buildx" ? `buildx ${d.buildxVersion} (${d.driver} driver)` : `docker ${d.clientVersion} built-in BuildKit`}`,
    "",
  );
  const context = contextCostLine(report);
  if (context) out.push(`  ${context}`, "");
  out.push(...renderTable(rows));
  out.push("", ...renderTotals(report), ...renderFindingsTerminal(report.findings));
  return out.join("\n") + "\n";
}

function renderTable(rows: StepRow[]): string[] {
  const header = ["Step", "Line", "Cold", "Warm after touch"];
  const body = rows.map((r) => [
    stepText(oneLine(r.name), NAME_WIDTH),
    r.line ? String(r.line) : "–",
    coldCell(r.cold),
    isFromRow(r) ? statusCell(r.warm) : warmCell(r.warm),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    "  " +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const note = stepNotes(rows).flatMap((n) => ["", `  ${n}`]);
  return [fmt(header), ...body.map(fmt), ...note];
}

function renderTotals(report: Report): string[] {
  const s = report.summary;
  const lines = [
    ["Cold build", `${formatSeconds(s.coldSeconds)}  (--no-cache)`],
    [
      "Warm build",
      `${formatSeconds(s.warmSeconds)}${repeats(report)}  after touching ${report.touched.map(oneLine).join(", ") || "nothing"}`,
    ],
    [
      "Cache",
      s.steps
        ? `${s.cachedSteps} of ${s.steps} steps cached (${formatPercent(s.cacheHitRatio)}); ${s.rebuiltSteps} rebuilt, ${formatSeconds(s.warmRebuiltSeconds)} of step time`
        : "no Dockerfile steps in the warm build",
    ],
  ];
  if (s.firstRebuilt) {
    lines.push([
      "First rebuilt",
      `${stepText(oneLine(s.firstRebuilt.name), NAME_WIDTH)}${s.firstRebuilt.line ? ` (Dockerfile line ${s.firstRebuilt.line})` : ""}`,
    ]);
  }
  const ctx = report.context;
  if (ctx?.files !== undefined) {
    const secs = [
      ctx.coldSeconds != null ? `${formatSeconds(ctx.coldSeconds)} cold` : "",
      ctx.warmSeconds != null ? `${formatSeconds(ctx.warmSeconds)} warm` : "",
    ].filter(Boolean);
    lines.push([
      "Context",
      `${contextSizeText(ctx)}${secs.length ? `; load build context ${secs.join(", ")}` : ""}`,
    ]);
  }
  const layers = report.image.layers.filter((l) => !l.emptyLayer).length;
  lines.push(["Image", `${describeSizes(report)}, ${layers} layers`]);
  const out = lines.map(([k, v]) => `  ${(k ?? "").padEnd(15)}${v}`);
  if (!report.touch.effective) {
    out.push(
      "",
      `  Note: the touch had no effect: the warm build rebuilt no step after changing ${report.touched.map(oneLine).join(", ")}.`,
      "  Either that file never reaches the build, or it is ignored; pick another with --touch PATH.",
    );
  }
  return out;
}

/** Every size the store measured, each labelled: `3.1 MB uncompressed (4 KiB blocks), 1.2 MB compressed`. */
function describeSizes(report: Report): string {
  const sizes = report.image.sizes;
  if (!sizes) return `${formatBytes(report.image.sizeBytes)} ${report.image.sizeKind}`;
  const rounding = sizes.uncompressedRounding === "exact" ? "" : " (4 KiB blocks)";
  const compressed = sizes.compressed === null ? "" : `, ${formatBytes(sizes.compressed)} compressed`;
  return `${formatBytes(sizes.uncompressed)} uncompressed${rounding}${compressed}`;
}

/** ", median of 3 (2.9s–3.4s)" when the warm build was repeated. */
function repeats(report: Report): string {
  const runs = report.warmRepeats ?? [];
  if (runs.length < 2) return "";
  return `, median of ${runs.length} (${formatSeconds(Math.min(...runs))}–${formatSeconds(Math.max(...runs))})`;
}
