// Pure: the history a baseline carries along its branch. Each baseline saved from a push holds
// the last N points of the branch (the previous baseline's points, then its own), so a pull
// request that restores one baseline gets the trend with it: no second cache entry, no gh-pages
// branch, nothing to keep in sync.
//
// The rules, and why:
// - One point per commit. A re-run of a commit replaces its point in place (the newest numbers of
//   that commit win; the cache keeps the first entry, so in the Action this only matters for files).
// - A push whose run saved nothing (failed, cancelled, still running) leaves a `missing` point,
//   found by the next push: its event's `before` is not the commit of the baseline it restored. A
//   chart then shows a hole instead of joining two points as if they were neighbours: a jump
//   across the hole may belong to either push. Only one marker per hole: how many pushes it spans
//   is not known (only `before` is).
// - Capped at N points, gaps included (N is the width of the chart); a leading gap says nothing
//   and is dropped.
// - An older baseline without history starts one: its own report is its first point.
import type { HistoryPoint, MeasuredPoint } from "./history-schema.js";
import type { Report } from "./schema.js";
import { imageSize, sizeRounding, type SizeKind } from "./size.js";

export const DEFAULT_HISTORY_LENGTH = 30;
/** A push event's `before` for a new branch: nothing came before it. */
const NULL_COMMIT = /^0+$/;

/** The headline numbers of a run, with the image size of `kind` (the one its run compared and showed). */
export function pointOf(report: Report, kind: SizeKind): MeasuredPoint {
  const s = report.summary;
  return {
    status: "measured",
    commit: report.source?.commit ?? null,
    date: report.createdAt,
    coldSeconds: s.coldSeconds,
    warmSeconds: s.warmSeconds,
    cacheHitRatio: s.cacheHitRatio,
    sizeBytes: imageSize(report, kind),
    sizeKind: kind,
    sizeRounding: kind === "uncompressed" ? sizeRounding(report) : null,
  };
}

/** A report's history; a report without one (an older baseline) is its own single point. */
export function historyOf(report: Report, kind: SizeKind): HistoryPoint[] {
  return report.history ?? [pointOf(report, kind)];
}

export interface ExtendOptions {
  /** Points kept, gaps included; 0 keeps none. */
  limit: number;
  /** The push event's `before`: the branch's tip before this push, if known. */
  before?: string | null;
}

/** The history of `head`'s baseline: `previous`'s (the branch's last baseline, if any), then `head`. */
export function extendHistory(
  previous: Report | null,
  head: MeasuredPoint,
  kind: SizeKind,
  o: ExtendOptions,
): HistoryPoint[] {
  const points = previous ? [...historyOf(previous, kind)] : [];
  const at = head.commit === null ? -1 : points.findIndex((p) => p.commit === head.commit);
  if (at >= 0) points[at] = head;
  else {
    const gap = missingBefore(points, head, o.before ?? null);
    if (gap) points.push({ status: "missing", commit: gap });
    points.push(head);
  }
  return cap(points, o.limit);
}

/** The commit to mark missing, or null: `before` exists, is not in the history, and is not the last point. */
function missingBefore(points: HistoryPoint[], head: MeasuredPoint, before: string | null): string | null {
  if (!before || NULL_COMMIT.test(before) || before === head.commit || !points.length) return null;
  return points.some((p) => p.commit === before) ? null : before;
}

function cap(points: HistoryPoint[], limit: number): HistoryPoint[] {
  const kept = limit > 0 ? points.slice(-limit) : [];
  while (kept[0]?.status === "missing") kept.shift();
  return kept;
}

/** Whether two measured sizes can be compared: the same kind, and for uncompressed the same rounding. */
export function sameSizeKind(a: MeasuredPoint, b: MeasuredPoint): boolean {
  return a.sizeKind === b.sizeKind && a.sizeRounding === b.sizeRounding;
}
