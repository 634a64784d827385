// Pure: a Comparison as terminal text and as markdown.
import type { Comparison, MetricDelta, MetricKey, StepChange } from "../compare/compare.js";
import { stripDigests } from "../progress/index.js";
import { formatBytes, formatPercent, formatSeconds, formatSigned, truncate } from "./format.js";
import { mdCode } from "./markdown-escape.js";

const LABELS: Record<MetricKey, string> = {
  coldSeconds: "Cold build",
  warmSeconds: "Warm build after touch",
  rebuiltSteps: "Steps rebuilt after touch",
  cacheHitRatio: "Cache hit ratio",
  imageSizeBytes: "Image size",
};

/** A metric's value as the tables show it. */
export function formatMetric(key: MetricKey, v: number | null): string {
  if (v === null) return "–";
  if (key === "imageSizeBytes") return formatBytes(v);
  if (key === "cacheHitRatio") return formatPercent(v);
  if (key === "rebuiltSteps") return String(v);
  return formatSeconds(v);
}

/** A metric's change: absolute, plus the relative change where it means something. */
export function formatMetricDelta(m: MetricDelta): string {
  if (m.delta === null) return "–";
  if (m.delta === 0) return "±0";
  // Below the display precision (0.1 s) a sign and a percentage would only be noise.
  if ((m.key === "coldSeconds" || m.key === "warmSeconds") && Math.abs(m.delta) < 0.05) return "±0.0s";
  const abs =
    m.key === "cacheHitRatio"
      ? formatSigned(Math.round(m.delta * 100), (v) => `${v} pt`)
      : formatSigned(m.delta, (v) => formatMetric(m.key, v));
  const rel =
    m.ratio !== null && m.key !== "cacheHitRatio" && m.key !== "rebuiltSteps" ? formatRelative(m.ratio) : "";
  return rel ? `${abs} (${rel})` : abs;
}

/**
 * A relative change to two significant digits: `+4.3%`, `+37%`, `−94%`, and from a doubling on a
 * factor, `×17` rather than `+1559.1%`. Timings are compared against a noise floor of 2 s and 10 %
 * (compare.ts), so a third digit would claim a precision no run has; and past +100 % a percentage
 * is read more slowly than "17 times". A decrease cannot pass −100 %, so it stays a percentage.
 * Empty when the change rounds to 0.0 %.
 */
export function formatRelative(ratio: number): string {
  if (ratio >= 1) return `×${twoDigits(ratio + 1)}`;
  const pct = Math.abs(ratio) * 100;
  const shown = pct < 10 ? Math.round(pct * 10) / 10 : Math.round(pct);
  if (shown === 0) return "";
  return `${ratio > 0 ? "+" : "−"}${shown}%`;
}

/** 2.5, 17, 160: two significant digits, no trailing `.0`. */
function twoDigits(v: number): string {
  return String(Number(v.toPrecision(2)));
}

/** With `~` when the change is within the noise floor. */
function delta(m: MetricDelta): string {
  const text = formatMetricDelta(m);
  return m.delta !== null && m.delta !== 0 && !m.significant ? `${text} ~` : text;
}

function stepLabel(c: StepChange): string {
  return `${c.stage ? `[${c.stage}] ` : ""}${stripDigests(c.instruction)}`;
}

export function renderComparisonTerminal(c: Comparison): string {
  const out = ["  Metric                      Base        Head        Change"];
  for (const m of c.metrics) {
    out.push(
      `  ${LABELS[m.key].padEnd(28)}${formatMetric(m.key, m.base).padEnd(12)}${formatMetric(m.key, m.head).padEnd(12)}${delta(m)}`,
    );
  }
  out.push("  (~ = within the noise floor)");
  const list = (title: string, steps: StepChange[], detail: (s: StepChange) => string) => {
    if (!steps.length) return;
    out.push("", `  ${title}:`);
    for (const s of steps)
      out.push(`    ${truncate(stepLabel(s), 70)}${s.line ? ` (line ${s.line})` : ""}${detail(s)}`);
  };
  list(
    "Cache regressions (cached on base after the touch, rebuilt on head)",
    c.cacheRegressions,
    (s) => `: rebuilt in ${formatSeconds(s.head?.seconds ?? null)}`,
  );
  list("Cache improvements", c.cacheImprovements, () => "");
  list("New steps", c.addedSteps, () => "");
  list("Removed steps", c.removedSteps, () => "");
  return out.join("\n") + "\n";
}

export function renderComparisonMarkdown(c: Comparison): string {
  const out = ["| | Base | Head | Change |", "|---|--:|--:|--:|"];
  for (const m of c.metrics)
    out.push(
      `| ${LABELS[m.key]} | ${formatMetric(m.key, m.base)} | ${formatMetric(m.key, m.head)} | ${delta(m)} |`,
    );
  out.push("", "<sub>~ = within the noise floor</sub>");
  if (c.cacheRegressions.length) {
    out.push(
      "",
      "**Cache regressions**: these steps stayed cached after a code change on the base branch and rebuild now:",
      "",
    );
    for (const s of c.cacheRegressions) {
      out.push(
        `- ${mdCode(truncate(stepLabel(s), 120))}${s.line ? ` (line ${s.line})` : ""}: rebuilt in ${formatSeconds(s.head?.seconds ?? null)}`,
      );
    }
  }
  return out.join("\n") + "\n";
}
