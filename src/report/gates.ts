// Pure: the gate table, the same rows in the PR comment, the job summary and the CLI.
import type { GateResult } from "../compare/gates.js";

const mark = (g: GateResult, icons: boolean) =>
  g.passed === null ? "–" : g.passed ? (icons ? "✅" : "ok") : icons ? "❌" : "FAILED";

export function renderGatesMarkdown(gates: readonly GateResult[]): string {
  return [
    "| Gate | Limit | Actual | |",
    "|---|--:|--:|:-:|",
    ...gates.map((g) => `| \`${g.id}\` | ${g.limit} | ${g.actual} | ${mark(g, true)} |`),
  ].join("\n");
}

/** Fixed-width columns, then one line per gate that failed or could not be checked. */
export function renderGatesTerminal(gates: readonly GateResult[]): string {
  const rows = [
    ["Gate", "Limit", "Actual", ""],
    ...gates.map((g) => [g.id, g.limit, g.actual, mark(g, false)]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const out = rows.map((r) =>
    `  ${r.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join("  ")}`.trimEnd(),
  );
  for (const g of gates)
    if (g.passed !== true) out.push(`  ${g.passed === null ? "not checked" : "failed"}: ${g.message}`);
  return out.join("\n") + "\n";
}
