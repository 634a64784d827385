// The text after `#N ` inside a vertex block of `--progress=plain` output.
// Shapes: research note §1.2 (current printer) and §1.5 (history: ≤ v0.4 field lines, v0.8 digest lines).
import { clip, contextBytesFromStatus, imageIdFromStatus, isCanceledError, isContextLoad } from "./lines.js";
import type { StepState, TraceTotals } from "./steps.js";
import { addLogLine, addStepWarning } from "./steps.js";

/** Shapes that only ever follow a header; a `#N` line of one of these shapes is never a vertex name. */
// Digits and hex digits may read `***` where GitHub masked a secret's value (`0.***2 output`).
const CONTENT =
  /^(?:[\d*]+\.[\d*]+(?: |$)|DONE(?: |$)|CACHED$|ERROR(?::|$)|CANCELED$|\.\.\.$|WARN: |sha256:(?:[0-9a-f]|\*\*\*){8,}|\s+[a-z]+: )/;
/** BuildKit v0.8 (Docker 20.10) prints the vertex digest on the line after every header. */
export const DIGEST_LINE = /^sha256:(?:[0-9a-f]{64}|(?:[0-9a-f]|\*\*\*){8,})$/;

export function isContentShaped(rest: string): boolean {
  return CONTENT.test(rest);
}

export interface ContentSink {
  totals: TraceTotals;
  /** Called with each failed step's message, to recognise the Docker 20.10 bare error line. */
  onStepError(message: string): void;
  setName(step: StepState, name: string): void;
}

type Handler = (step: StepState, m: RegExpExecArray, sink: ContentSink) => void;

// `DONE 9.4s`, `DONE 9.4` (seen without the unit), `DONE` (no interval known). A masked `DONE ***s`
// keeps the status and loses the time.
const RULES: [RegExp, Handler][] = [
  [/^DONE(?:\s+(\S+))?$/, (s, m) => finish(s, "done", parseSeconds(m[1]))],
  [/^CACHED$/, (s) => finish(s, "cached", null)],
  [/^ERROR(?::\s*(.*))?$/, (s, m, sink) => fail(s, m[1] ?? "", sink)],
  [/^CANCELED$/, (s) => finish(s, "canceled", null)],
  [/^\.\.\.$/, () => undefined],
  [/^WARN:\s*(.*)$/, (s, m) => addStepWarning(s, m[1] ?? "")],
  [/^[\d*]+\.[\d*]+(?: (.*))?$/s, (s, m) => addLogLine(s, m[1] ?? "")],
  [
    /^\s+(digest|name|started|completed|duration|cached|error):\s?(.*)$/,
    (s, m, sink) => legacyField(s, m, sink),
  ],
];

/** Applies one content line of a block to its step. Anything unrecognised is a status line. */
export function applyContent(step: StepState, rest: string, sink: ContentSink): void {
  for (const [re, handle] of RULES) {
    const m = re.exec(rest);
    if (m) return handle(step, m, sink);
  }
  const imageId = imageIdFromStatus(rest);
  if (imageId) sink.totals.imageId = imageId;
  if (isContextLoad(step.name)) sink.totals.noteContextBytes(contextBytesFromStatus(rest));
}

function finish(step: StepState, status: StepState["status"], seconds: number | null): void {
  step.status = status;
  step.seconds = seconds;
}

function fail(step: StepState, message: string, sink: ContentSink): void {
  finish(step, isCanceledError(message) ? "canceled" : "error", null);
  step.error = message ? clip(message) : null;
  if (message) sink.onStepError(message);
}

function parseSeconds(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.replace(/s$/, ""));
  return Number.isFinite(n) ? n : null;
}

// BuildKit ≤ v0.4 (Docker 18.09) printed vertex events as `%12s: %v` fields instead of DONE/CACHED:
// `#4       digest: sha256:…`, `#4         name: "[2/3] RUN …"`, `#4      started: 2019-03-06 19:56:34.29 +0000 UTC`,
// `#4    completed: …`, `#4     duration: 55.37ms`, `#4       cached: true`, `#4        error: "…"`.
// cached and error stick: `completed` comes with them and must not turn them back into done.
function legacyField(step: StepState, m: RegExpExecArray, sink: ContentSink): void {
  const value = m[2] ?? "";
  switch (m[1]) {
    case "name":
      if (step.name === null) sink.setName(step, unquote(value));
      return;
    case "started":
      step.started = goTimeToIso(value);
      return;
    case "completed":
      step.completed = goTimeToIso(value);
      if (step.status === "running") step.status = "done";
      return;
    case "duration":
      if (step.status !== "cached") step.seconds = parseGoDuration(value);
      return;
    case "cached":
      if (value.trim() === "true") finish(step, "cached", null);
      return;
    case "error":
      fail(step, unquote(value), sink);
      return;
  }
}

function unquote(value: string): string {
  const v = value.trim();
  if (!v.startsWith('"')) return v;
  try {
    return String(JSON.parse(v));
  } catch {
    return v.replace(/^"|"$/g, "");
  }
}

const GO_DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go's `time.Duration.String()`: `187.748µs`, `55.372573ms`, `1m2.5s`. */
export function parseGoDuration(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0) return null;
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * (GO_DURATION_UNITS[p[2] ?? ""] ?? 0), 0);
  return Math.round(seconds * 1e9) / 1e9;
}

/** Go's `time.Time.String()` (`2019-03-06 19:56:34.290356866 +0000 UTC`) as ISO 8601. */
export function goTimeToIso(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-]\d{2})(\d{2})/.exec(text.trim());
  if (!m) return null;
  const zone = m[3] === "+00" && m[4] === "00" ? "Z" : `${m[3]}:${m[4]}`;
  return `${m[1]}T${m[2]}${zone}`;
}
