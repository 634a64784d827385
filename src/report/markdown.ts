// Pure: the report as GitHub-flavoured markdown (job summary, --markdown FILE). Everything taken
// from the Dockerfile or the log goes through mdCode/mdText.
import { isFromRow, joinSteps } from "../analysis/steps.js";
import { contextCostLine } from "./context-cost.js";
import { renderFindingsMarkdown } from "./findings.js";
import type { Report } from "./schema.js";
import { renderTimeline } from "./timeline.js";
import {
  coldCell,
  stepNotes,
  formatBytes,
  formatLayerSource,
  formatPercent,
  formatSeconds,
  statusCell,
  stepText,
  truncate,
  warmCell,
} from "./format.js";
import { mdCode, mdText } from "./markdown-escape.js";

const MAX_STEP_NAME = 120;
const MAX_LAYERS = 10;

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`### 🐳 docker-cache-bench: ${mdText(report.build.context)}`, "");
  out.push(verdict(report), "");
  const context = contextCostLine(report);
  if (context) out.push(`> 📦 ${context}`, "");
  out.push("| | |", "|---|---|");
  out.push(`| Cold build (\`--no-cache\`) | ${formatSeconds(s.coldSeconds)} |`);
  out.push(`| Warm build after touch | ${formatSeconds(s.warmSeconds)} |`);
  out.push(
    `| Steps rebuilt after touch | ${s.rebuiltSteps} of ${s.steps} (${formatSeconds(s.warmRebuiltSeconds)}) |`,
  );
  out.push(`| Cache hit ratio | ${formatPercent(s.cacheHitRatio)} |`);
  out.push(`| Image size | ${formatBytes(report.image.sizeBytes)} (${report.image.sizeKind}) |`);
  const why = renderFindingsMarkdown(report.findings);
  if (why) out.push("", why);
  out.push("", ...stepsTable(report), "", ...layersTable(report));
  for (const [title, run] of [
    ["Cold build", report.cold],
    ["Warm build after the touch", report.warm],
  ] as const) {
    const chart = renderTimeline(title, run);
    if (chart)
      out.push(
        "",
        `<details><summary>Timeline: ${title.toLowerCase()}</summary>`,
        "",
        chart,
        "",
        "</details>",
      );
  }
  out.push("", footer(report));
  return out.join("\n") + "\n";
}

function verdict(report: Report): string {
  const s = report.summary;
  const touched = report.touched.map(mdCode).join(", ");
  if (!report.touch.effective) {
    return `⚠️ The touch of ${touched} had no effect: the warm build rebuilt nothing, so it says nothing about the cache.`;
  }
  const first = s.firstRebuilt
    ? ` The first step to rebuild was ${mdCode(stepText(s.firstRebuilt.name, MAX_STEP_NAME))}${s.firstRebuilt.line ? ` (line ${s.firstRebuilt.line})` : ""}.`
    : "";
  return `After touching ${touched}, ${s.rebuiltSteps} of ${s.steps} steps rebuilt in ${formatSeconds(s.warmSeconds)}.${first}`;
}

function stepsTable(report: Report): string[] {
  const rows = joinSteps(report.cold.steps, report.warm.steps);
  const out = [
    "<details><summary>Steps</summary>",
    "",
    "| Step | Line | Cold | Warm after touch |",
    "|---|--:|--:|---|",
  ];
  for (const r of rows) {
    out.push(
      `| ${mdCode(stepText(r.name, MAX_STEP_NAME))} | ${r.line ?? "–"} | ${coldCell(r.cold)} | ${isFromRow(r) ? statusCell(r.warm) : warmCell(r.warm, true)} |`,
    );
  }
  for (const note of stepNotes(rows)) out.push("", mdText(note));
  out.push("", "</details>");
  return out;
}

function layersTable(report: Report): string[] {
  const layers = report.image.layers
    .filter((l) => l.sizeBytes > 0)
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, MAX_LAYERS);
  const out = ["<details><summary>Largest layers</summary>", "", "| Layer | From | Size |", "|---|---|--:|"];
  for (const l of layers)
    out.push(
      `| ${mdCode(truncate(l.instruction, MAX_STEP_NAME))} | ${formatLayerSource(l.source)} | ${formatBytes(l.sizeBytes)} |`,
    );
  out.push("", "</details>");
  return out;
}

function footer(report: Report): string {
  const d = report.docker;
  const how =
    d.mode === "buildx"
      ? `buildx ${d.buildxVersion}, ${d.driver} driver`
      : `Docker ${d.clientVersion} built-in BuildKit`;
  return `<sub>docker-cache-bench ${mdText(report.tool.version)} · ${mdText(how)} · engine ${mdText(d.serverVersion)} · size is ${report.image.sizeKind}</sub>`;
}
