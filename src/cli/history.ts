// `history FILE`: the points a baseline carries (docs/report.md#history), as a table and a trend,
// or as JSON. A report without a history (an older baseline, a pull request's report) is its own
// single point, as the Action would start from it.
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import type { HistoryPoint } from "../report/history-schema.js";
import { historyOf } from "../report/history.js";
import { formatBytes, formatPercent, formatSeconds } from "../report/format.js";
import { SIZE_KINDS, type SizeKind } from "../report/size.js";
import { renderTrendTerminal } from "../report/trend.js";
import { versioned } from "../report/versioned.js";
import type { CliOutput } from "./output.js";
import { readReport } from "./read-report.js";

export interface HistoryArgs {
  command: "history";
  file: string;
  json: boolean;
  /** The size kind of the point made for a report without a history. */
  sizeKind: SizeKind;
}

export function parseHistoryArgs(args: string[]): HistoryArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, "size-kind": { type: "string" } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError("history takes one report file (a baseline)");
  const kind = values["size-kind"] ?? "uncompressed";
  if (!SIZE_KINDS.includes(kind as SizeKind))
    throw new UsageError(`--size-kind must be ${SIZE_KINDS.join(" or ")}, got "${kind}"`);
  return { command: "history", file, json: values.json ?? false, sizeKind: kind as SizeKind };
}

export async function historyCommand(args: HistoryArgs, output: CliOutput): Promise<number> {
  const report = await readReport(args.file);
  const points = historyOf(report, args.sizeKind);
  const stored = report.history !== undefined;
  const branch = report.source?.branch ?? null;
  if (args.json) {
    const doc = versioned("history", { benchmarkId: report.benchmarkId ?? null, branch, stored, points });
    output.out(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  const lines = [
    `History of ${args.file}${branch ? ` (${branch})` : ""}: ${points.length} point${points.length === 1 ? "" : "s"}, oldest first`,
    ...(stored
      ? []
      : [
          "  No history stored (a pull request's report, an older baseline, or history-length: 0):",
          "  its own run is the only point.",
        ]),
    "",
    ...pointsTable(points),
  ];
  const trend = renderTrendTerminal({ branch, points, current: null });
  if (trend.length) lines.push("", ...trend);
  output.out(lines.join("\n") + "\n");
  return 0;
}

function pointsTable(points: HistoryPoint[]): string[] {
  const header = ["Commit", "Finished (UTC)", "Cold", "Warm", "Cache hit", "Image"];
  const rows = points.map((p) =>
    p.status === "missing"
      ? [p.commit.slice(0, 7), "–", "no baseline saved for this push"]
      : [
          p.commit?.slice(0, 7) ?? "?",
          p.date.slice(0, 16).replace("T", " "),
          formatSeconds(p.coldSeconds),
          formatSeconds(p.warmSeconds),
          formatPercent(p.cacheHitRatio),
          p.sizeBytes === null
            ? `– ${p.sizeKind}`
            : `${formatBytes(p.sizeBytes)} ${p.sizeKind}${p.sizeRounding === "4KiB-blocks" ? " (4 KiB blocks)" : ""}`,
        ],
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.length > 3).map((r) => (r[i] ?? "").length)),
  );
  const fmt = (cells: string[]) =>
    "  " + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [fmt(header), ...rows.map(fmt)];
}
