// Parsers for the human units inputs accept. Pure; each returns null for text it cannot read,
// and the input schema turns that into a message that names the input and shows an example.

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `250MB`, `1.5 GB`, `512MiB`, `1000` (bytes). Decimal units are what `docker image ls` prints. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = SIZE_UNITS[(m[2] ?? "b").toLowerCase()];
  return unit === undefined ? null : Math.round(Number(m[1]) * unit);
}

/** `90`, `90s`, `2m`, `1m30s`, `1.5m` → seconds. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** `0.8` or `80%` → 0.8; must end up within 0..1. */
export function parseRatio(text: string): number | null {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  const v = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
}

export type Growth = { kind: "bytes"; bytes: number } | { kind: "ratio"; ratio: number };

/** `10%` (relative to the base image) or a size such as `20MB`. */
export function parseGrowth(text: string): Growth | null {
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (pct) return { kind: "ratio", ratio: Number(pct[1]) / 100 };
  const bytes = parseSize(text);
  return bytes === null ? null : { kind: "bytes", bytes };
}
