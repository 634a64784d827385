// Number and text formatting shared by the terminal and markdown renderings.
import { stripDigests } from "../progress/index.js";

export function formatSeconds(s: number | null): string {
  if (s === null) return "–";
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return `${m}m ${String(rest).padStart(2, "0")}s`;
}

/** Decimal units, as `docker image ls` prints them (go-units), so numbers match what users see. */
export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? "–" : `${Math.round(ratio * 100)}%`;
}

export function formatSigned(n: number, format: (v: number) => string): string {
  if (n === 0) return "±0";
  return n > 0 ? `+${format(n)}` : `−${format(-n)}`;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * A step name or instruction as tables, charts and messages show it: without the `@sha256:<64 hex>`
 * BuildKit appends to a resolved FROM image (every registry image on a runner, every image on
 * the containerd store), which fills a column and tells a reader nothing. The JSON keeps it.
 */
export function stepText(name: string, max: number): string {
  return truncate(stripDigests(name), max);
}

/** A step's seconds when it ran, else its status (FROM rows in the warm column). */
export function statusCell(s: { status: string; seconds: number | null } | null): string {
  if (!s) return "–";
  return s.status === "done" ? formatSeconds(s.seconds) : s.status;
}

/** A step's cold-build cell: statusCell, marked `†` when cached (see NO_CACHE_NOTE). */
export function coldCell(s: { status: string; seconds: number | null } | null): string {
  return s?.status === "cached" ? `cached ${NO_CACHE_MARK}` : statusCell(s);
}

export const NO_CACHE_MARK = "†";

/**
 * Why a `--no-cache` build shows cached steps: the Dockerfile frontend marks RUN, COPY and ADD
 * "ignore cache", but not WORKDIR's mkdir, nor the FROM image source (moby/buildkit
 * frontend/dockerfile/dockerfile2llb convert.go), so BuildKit still takes those from its cache.
 */
export const NO_CACHE_NOTE = `${NO_CACHE_MARK} --no-cache turns BuildKit's cache off for RUN, COPY and ADD only: it still reports WORKDIR, and FROM when the base image is already there, as cached. Those steps do next to no work either way.`;

/** True when the cold (`--no-cache`) column shows a cached step, which then needs NO_CACHE_NOTE. */
export function hasCachedColdStep(rows: { cold: { status: string } | null }[]): boolean {
  return rows.some((r) => r.cold?.status === "cached");
}

/** A step's warm-build cell: cached, or rebuilt with its seconds; `icons` for markdown. */
export function warmCell(s: { status: string; seconds: number | null } | null, icons = false): string {
  if (!s) return "not run";
  if (s.status === "cached") return icons ? "✅ cached" : "cached";
  if (s.status === "done") return `${icons ? "🔁 " : ""}rebuilt ${formatSeconds(s.seconds)}`;
  return s.status;
}

/** Where a layer came from, for the layer tables: the base image or this Dockerfile. */
export function formatLayerSource(source: "base" | "dockerfile" | null | undefined): string {
  return source === "base" ? "base image" : source === "dockerfile" ? "Dockerfile" : "–";
}
