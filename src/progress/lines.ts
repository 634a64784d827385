// Line hygiene shared by both parsers: what a copied log adds around BuildKit's own text.

/** Longest text kept from one line (log tails, errors, warnings), so one huge line cannot grow memory. */
export const MAX_KEPT_CHARS = 2000;
/** Most build-level or per-step warnings and build errors kept. */
export const MAX_MESSAGES = 100;

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links). buildx wraps the warnings
// summary in yellow even when stderr is not a TTY (research note §1.2).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
// GitHub's downloaded job logs put an RFC3339 timestamp with 7 fractional digits before every line.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}) ?/;

/** Removes ANSI escapes, a trailing CR and a leading RFC3339 timestamp. */
export function cleanLine(raw: string): string {
  let s = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (s.includes("\x1b")) s = s.replace(ANSI, "");
  // Most lines start with `#`, `{` or a space: skip the regex unless a year could start the line.
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57 ? s.replace(TIMESTAMP, "") : s;
}

/** A bounded copy of text that is kept past the line it came from (see detach). */
export function clip(text: string): string {
  return detach(cut(text));
}

function cut(text: string): string {
  return text.length > MAX_KEPT_CHARS ? `${text.slice(0, MAX_KEPT_CHARS)}…` : text;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 represents a
 * substring (a regex group, `slice`) as a view that keeps its whole parent alive, and readline's
 * lines are views into its 64 KB read chunks: a step name kept from a `#N` line held on to a
 * whole chunk, so 4,700 steps retained ~300 MB. Concatenating and slicing forces a flat copy.
 */
export function detach(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * Appends to a list that keeps only its last `max` items. Most lines pass through and are dropped,
 * so they are kept as views: the owner detaches the list (detachAll) once its step goes quiet.
 */
export function pushTail(list: string[], item: string, max: number): void {
  list.push(cut(item));
  if (list.length > max) list.shift();
}

export function detachAll(list: string[]): void {
  for (let i = 0; i < list.length; i++) list[i] = detach(list[i] ?? "");
}

/** Appends unless full or already present (messages repeat: per step and again in summaries). */
export function pushUnique(list: string[], item: string): void {
  const text = clip(item);
  if (list.length < MAX_MESSAGES && !list.includes(text)) list.push(text);
}

export type BareLine = { kind: "error" | "warning"; text: string } | null;

/**
 * Lines outside the progress stream that matter: `ERROR: failed to solve: …` (buildx),
 * `WARNING: …` (logrus warnings such as "No output specified with docker-container driver").
 */
export function parseBareLine(line: string): BareLine {
  const m = /^(ERROR|WARNING|WARN):\s*(.*)$/.exec(line.trim());
  if (!m?.[2]) return null;
  return { kind: m[1] === "ERROR" ? "error" : "warning", text: m[2] };
}

/** BuildKit reports a vertex cancelled because a sibling failed as an error ending in this. */
export function isCanceledError(message: string): boolean {
  return /context canceled$/.test(message.trim());
}

/** The image config digest from an exporter status (`writing image sha256:… done`). */
export function imageIdFromStatus(text: string): string | null {
  return /^writing image (sha256:[0-9a-f]{64})\b/.exec(text)?.[1] ?? null;
}

const SI: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** A step that sends the build context (`[internal] load build context`, not `load .dockerignore`). */
export function isContextLoad(stepName: string | null): boolean {
  return stepName !== null && stepName.startsWith("[internal] load build context");
}

/** Bytes from `transferring context: 35.1kB 0.1s done` (decimal SI units, tonistiigi/units). */
export function contextBytesFromStatus(text: string): number | null {
  const m = /^transferring context: (\d+(?:\.\d+)?)([kKMGT]?B)\b/.exec(text);
  const unit = m?.[2] ? SI[m[2]] : undefined;
  return m && unit ? Math.round(Number(m[1]) * unit) : null;
}
