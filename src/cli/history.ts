// `history FILE`: the points a baseline carries (docs/report.md#history), as a table and a trend,
// or as JSON. A report without a history (an older baseline, a pull request's report) is its own
// single point, as the Action would start from it. A report set (a bake run, a matrix merged) holds
// one baseline per image, each with its own history: each is printed on its own, `--image` picks.
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import type { HistoryPoint } from "../report/history-schema.js";
import { historyOf } from "../report/history.js";
import { formatBytes, formatPercent, formatSeconds } from "../report/format.js";
import type { ImageEntry } from "../report/report-set.js";
import { SIZE_KINDS, type SizeKind } from "../report/size.js";
import { renderTrendTerminal } from "../report/trend.js";
import { versioned } from "../report/versioned.js";
import type { CliOutput } from "./output.js";
import { readReportSetFile } from "../baseline/report-files.js";

export interface HistoryArgs {
  command: "history";
  file: string;
  /** Image ids to show (`--image`, repeatable); empty: every image of the file. */
  images: string[];
  json: boolean;
  /** The size kind of the point made for a report without a history. */
  sizeKind: SizeKind;
}

export function parseHistoryArgs(args: string[]): HistoryArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "size-kind": { type: "string" },
      image: { type: "string", multiple: true },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1)
    throw new UsageError("history takes one report file (a baseline or a report set)");
  const kind = values["size-kind"] ?? "uncompressed";
  if (!SIZE_KINDS.includes(kind as SizeKind))
    throw new UsageError(`--size-kind must be ${SIZE_KINDS.join(" or ")}, got "${kind}"`);
  const images = values.image ?? [];
  if (images.some((id) => !id))
    throw new UsageError("--image takes an image id (a bake target or benchmark id)");
  return { command: "history", file, images, json: values.json ?? false, sizeKind: kind as SizeKind };
}

/** One image's history as `history --json` writes it. */
export interface ImageHistory {
  id: string;
  benchmarkId: string | null;
  branch: string | null;
  /** False: the report had no history and is its own single point (or its build failed). */
  stored: boolean;
  points: HistoryPoint[];
  /** The image's build failed in the run that wrote the file: no report, so no points. */
  failed: boolean;
}

export async function historyCommand(args: HistoryArgs, output: Pick<CliOutput, "out">): Promise<number> {
  const { set, schemaVersion } = await readReportSetFile(args.file);
  const multi = schemaVersion === 2;
  const images = selectImages(set.images, args.images, args.file).map((e) => imageHistory(e, args.sizeKind));
  if (args.json) {
    // The shape follows the file: a single report's history as before (schemaVersion 1), a set's
    // as one entry per image (schemaVersion 2), whatever --image picked, so a script reading one
    // file always meets one shape.
    const doc = multi
      ? versioned("historySet", { images })
      : versioned("history", { ...withoutIdAndFailed(images[0]!) });
    output.out(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  const lines = multi
    ? [
        `History of ${args.file}: ${count(set.images.length, "image")}, each its own baseline${images.length < set.images.length ? ` (${images.length} shown)` : ""}`,
        ...images.flatMap((h) => ["", ...renderImageHistory(h, `== ${h.id}`)]),
      ]
    : renderImageHistory(images[0]!, `History of ${args.file}`);
  output.out(lines.join("\n") + "\n");
  return 0;
}

function withoutIdAndFailed(h: ImageHistory): Omit<ImageHistory, "id" | "failed"> {
  const { id: _id, failed: _failed, ...rest } = h;
  return rest;
}

function selectImages(images: ImageEntry[], wanted: string[], file: string): ImageEntry[] {
  if (!wanted.length) return images;
  const ids = images.map((e) => e.id);
  const unknown = wanted.filter((id) => !ids.includes(id));
  if (unknown.length)
    throw new UsageError(
      `${file} has no image ${unknown.map((id) => `"${id}"`).join(", ")} (its images: ${ids.join(", ")})`,
    );
  return images.filter((e) => wanted.includes(e.id));
}

function imageHistory(e: ImageEntry, kind: SizeKind): ImageHistory {
  const r = e.report ?? e.failed;
  const common = { id: e.id, benchmarkId: r?.benchmarkId ?? null, branch: r?.source?.branch ?? null };
  if (!e.report) return { ...common, stored: false, points: [], failed: true };
  return {
    ...common,
    stored: e.report.history !== undefined,
    points: historyOf(e.report, kind),
    failed: false,
  };
}

function renderImageHistory(h: ImageHistory, title: string): string[] {
  const on = h.branch ? ` (${h.branch})` : "";
  if (h.failed)
    return [`${title}${on}: its build failed in the run that wrote this file: no baseline, no history`];
  const lines = [
    `${title}${on}: ${count(h.points.length, "point")}, oldest first`,
    ...(h.stored
      ? []
      : [
          "  No history stored (a pull request's report, an older baseline, or history-length: 0):",
          "  its own run is the only point.",
        ]),
    "",
    ...pointsTable(h.points),
  ];
  const trend = renderTrendTerminal({ branch: h.branch, points: h.points, current: null });
  if (trend.length) lines.push("", ...trend);
  return lines;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

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
