// Number and text formatting shared by the terminal and markdown renderings.

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

/** A step's cold-build cell: its seconds when it ran, else its status. */
export function coldCell(s: { status: string; seconds: number | null } | null): string {
  if (!s) return "–";
  return s.status === "done" ? formatSeconds(s.seconds) : s.status;
}

/** A step's warm-build cell: cached, or rebuilt with its seconds; `icons` for markdown. */
export function warmCell(s: { status: string; seconds: number | null } | null, icons = false): string {
  if (!s) return "not run";
  if (s.status === "cached") return icons ? "✅ cached" : "cached";
  if (s.status === "done") return `${icons ? "🔁 " : ""}rebuilt ${formatSeconds(s.seconds)}`;
  return s.status;
}
