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

type CellStep = { status: string; seconds: number | null; instruction?: string | null; shared?: boolean };

/** A step's cold-build cell: statusCell, marked when cached (`†`: NO_CACHE_NOTE) or shared (`‡`: SHARED_NOTE). */
export function coldCell(s: CellStep | null): string {
  if (sharedStep(s, "cold")) return `${s?.status === "cached" ? "cached" : statusCell(s)} ${SHARED_MARK}`;
  return s?.status === "cached" ? `cached ${NO_CACHE_MARK}` : statusCell(s);
}

export const NO_CACHE_MARK = "†";
export const SHARED_MARK = "‡";

/**
 * Why a `--no-cache` build shows cached steps: the Dockerfile frontend marks RUN, COPY and ADD
 * "ignore cache", but not WORKDIR's mkdir, nor the FROM image source (moby/buildkit
 * frontend/dockerfile/dockerfile2llb convert.go), so BuildKit still takes those from its cache.
 */
export const NO_CACHE_NOTE = `${NO_CACHE_MARK} --no-cache turns BuildKit's cache off for RUN, COPY and ADD only: it still reports WORKDIR, and FROM when the base image is already there, as cached. Those steps do next to no work either way.`;

/**
 * A step BuildKit shared with another build. Ignoring the cache does not stop BuildKit's
 * scheduler from merging a step with the identical one (same definition digest) of another build
 * on the same daemon that is still running: the step is done once, and this build reports the
 * other's status and times. It shows as a step that began before this build did (`shared`, from
 * the timings: src/docker/build.ts stepTimings), or, in the cold build, as a RUN, COPY or ADD
 * reported cached although --no-cache rebuilds those. Seen in this project's own CI (two test
 * files building the same project at once); reproduced by test/engine/shared-step.test.ts.
 */
export function sharedStep(
  s: { status: string; instruction?: string | null; shared?: boolean } | null,
  build: "cold" | "warm",
): boolean {
  if (!s) return false;
  if (s.shared) return true;
  return build === "cold" && s.status === "cached" && /^(RUN|COPY|ADD)\s/i.test(s.instruction ?? "");
}

export const SHARED_NOTE = `${SHARED_MARK} Shared with another build: another build on the same Docker daemon was running the identical step at that moment, and BuildKit did it once for both (a RUN, COPY or ADD then shows as cached even under --no-cache, or with time from before this build began). Its status and time are not this build's, so the totals are off by it. Benchmark a project one run at a time per daemon.`;

/** The run's warning for the steps sharedStep finds (names redacted already), or null. */
export function sharedStepsWarning(
  cold: { name: string | null; line: number | null }[],
  warm: { name: string | null; line: number | null }[],
): string | null {
  const list = (steps: typeof cold) =>
    steps.map((s) => `\`${stepText(s.name ?? "?", 60)}\`${s.line ? ` (line ${s.line})` : ""}`).join(", ");
  const parts = [
    ...(cold.length ? [`the cold build (--no-cache) shared ${list(cold)}`] : []),
    ...(warm.length ? [`the warm build shared ${list(warm)}`] : []),
  ];
  if (!parts.length) return null;
  return `${parts.join("; ")} with another build on this Docker daemon that was running the identical step at that moment: BuildKit did it once for both, so the status and time reported for it are not this build's, and the totals are off by it. Benchmark a project one run at a time per daemon`;
}

/** The notes the step table needs under it: NO_CACHE_NOTE, SHARED_NOTE, both or none. */
export function stepNotes(rows: { cold: CellStep | null; warm: CellStep | null }[]): string[] {
  const cachedCold = rows.some((r) => r.cold?.status === "cached" && !sharedStep(r.cold, "cold"));
  const shared = rows.some((r) => sharedStep(r.cold, "cold") || sharedStep(r.warm, "warm"));
  return [...(cachedCold ? [NO_CACHE_NOTE] : []), ...(shared ? [SHARED_NOTE] : [])];
}

/** A step's warm-build cell: cached, or rebuilt with its seconds; `icons` for markdown. */
export function warmCell(s: CellStep | null, icons = false): string {
  if (!s) return "not run";
  if (sharedStep(s, "warm")) return `${warmCell({ ...s, shared: false }, icons)} ${SHARED_MARK}`;
  if (s.status === "cached") return icons ? "✅ cached" : "cached";
  if (s.status === "done") return `${icons ? "🔁 " : ""}rebuilt ${formatSeconds(s.seconds)}`;
  return s.status;
}

/** Where a layer came from, for the layer tables: the base image or this Dockerfile. */
export function formatLayerSource(source: "base" | "dockerfile" | null | undefined): string {
  return source === "base" ? "base image" : source === "dockerfile" ? "Dockerfile" : "–";
}
