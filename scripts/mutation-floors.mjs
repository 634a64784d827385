// Mutation scores per folder and per file from Stryker's JSON report, held against the floors
// below: exits 1 when a folder or file drops under its floor (or has no mutants left), so CI
// keeps the tests as strong as they were measured (docs/testing.md).
//   node scripts/mutation-floors.mjs [report.json] [--markdown]
import { readFileSync } from "node:fs";

/**
 * Floors in percent, a few points under the score measured when they were set (docs/testing.md),
 * so a small change elsewhere does not turn CI red; raise them when the tests get stronger.
 */
export const FLOORS = {
  "src/progress/": 74,
  "src/dockerfile/": 82,
  "src/compare/": 95,
  "src/report/": 88,
  "src/touch/": 90,
};

/** Stryker's score: detected (killed, timed out) over valid (detected, survived, not covered). */
const DETECTED = new Set(["Killed", "Timeout"]);

export function scores(report, floors = FLOORS) {
  const files = Object.keys(report.files).sort();
  const folders = [...new Set(files.map((f) => f.slice(0, f.lastIndexOf("/") + 1)))];
  const keys = [
    ...new Set([
      ...folders.flatMap((d) => [d, ...files.filter((f) => f.startsWith(d))]),
      ...Object.keys(floors),
    ]),
  ];
  return keys.map((key) => {
    const counts = { detected: 0, survived: 0, noCoverage: 0 };
    for (const path of files.filter((f) => f === key || (key.endsWith("/") && f.startsWith(key)))) {
      for (const m of report.files[path].mutants) {
        if (DETECTED.has(m.status)) counts.detected++;
        else if (m.status === "Survived") counts.survived++;
        else if (m.status === "NoCoverage") counts.noCoverage++;
      }
    }
    const valid = counts.detected + counts.survived + counts.noCoverage;
    const score = valid ? Math.floor((counts.detected / valid) * 1000) / 10 : null;
    const floor = floors[key] ?? null;
    return { key, floor, ...counts, score, ok: floor === null || (score !== null && score >= floor) };
  });
}

function render(rows, markdown) {
  const cells = (r) => [
    markdown ? `\`${r.key}\`` : r.key.endsWith("/") ? r.key : `  ${r.key}`,
    r.score === null ? "no mutants" : `${r.score.toFixed(1)} %`,
    r.floor === null ? "" : `${r.floor} %`,
    String(r.detected),
    String(r.survived),
    String(r.noCoverage),
    r.ok ? "" : "BELOW FLOOR",
  ];
  const head = ["folder / file", "score", "floor", "killed", "survived", "no coverage", ""];
  if (markdown) {
    return [head, head.map((_, i) => (i && i < 6 ? "--:" : "---")), ...rows.map(cells)]
      .map((l) => `| ${l.slice(0, 6).join(" | ")} |`)
      .join("\n");
  }
  const lines = [head, ...rows.map(cells)];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith("--")) ?? "reports/mutation/mutation.json";
  const rows = scores(JSON.parse(readFileSync(path, "utf8")));
  console.log(render(rows, args.includes("--markdown")));
  const low = rows.filter((r) => !r.ok);
  if (low.length) {
    console.error(
      `\nMutation score under its floor (or no mutants) for: ${low.map((r) => r.key).join(", ")}. ` +
        "Add tests that kill the survivors (reports/mutation/mutation.json lists them).",
    );
    process.exit(1);
  }
}
