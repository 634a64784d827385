// `--progress=rawjson` → BuildTrace. Each JSON value is one BuildKit SolveStatus update
// (`vertexes`, `statuses`, `logs`, `warnings`; research note §2). Vertex updates repeat the whole
// vertex, so the latest one decides its status.
import { createJsonStream } from "./json-stream.js";
import { decodeBase64, decodeRawData } from "./base64.js";
import { createFastLogReader } from "./rawjson-fast.js";
import {
  cleanLine,
  detach,
  imageIdFromStatus,
  isCanceledError,
  isContextLoad,
  parseBareLine,
} from "./lines.js";
import type { ProgressParser } from "./model.js";
import {
  addLogChunk,
  addRawChunk,
  addStepWarning,
  createTalkTracker,
  StepTable,
  TraceTotals,
} from "./steps.js";
import type { StepState } from "./steps.js";

type Json = Record<string, unknown>;

export function createRawjsonParser(): ProgressParser {
  const table = new StepTable();
  const totals = new TraceTotals();
  // digest → step: updates are joined by digest, and a digest whose name is already a step joins
  // that step (steps are reported by name; which digest is the key does not matter).
  const byDigest = new Map<string, StepState>();
  // Vertexes announced but not started yet. Plain output never shows them (a step after a failed
  // one is announced and then never runs), so they become steps only once they start.
  const announced = new Map<string, string>();

  function stepFor(key: string, name: string | null): StepState {
    let step = byDigest.get(key);
    if (step) return step;
    // Kept for the whole build: a copy, not a view of the text the fast path cut it from.
    const digest = detach(key);
    const known = name === null ? undefined : table.findByName(name);
    step = known ?? table.getOrCreate(digest);
    if (name !== null) table.setName(step, name);
    byDigest.set(digest, step);
    announced.delete(digest);
    return step;
  }

  // digest → cached: every vertex BuildKit sent, as its build record counts them.
  const vertices = new Map<string, boolean>();

  function vertex(v: Json): void {
    const digest = str(v.digest);
    if (digest === null) return;
    if (v.cached === true || !vertices.has(digest))
      vertices.set(digest, v.cached === true || !!vertices.get(digest));
    const name = str(v.name) ?? announced.get(digest) ?? null;
    const started = str(v.started);
    const completed = str(v.completed);
    const error = str(v.error);
    const cached = v.cached === true;
    if (!byDigest.has(digest) && !started && !completed && !error && !cached) {
      if (name !== null) announced.set(digest, name);
      return;
    }
    const step = stepFor(digest, name);
    if (isObject(v.progressGroup)) {
      step.progressGroup = str(v.progressGroup.name) ?? step.progressGroup;
      step.groupId = str(v.progressGroup.id) ?? step.groupId;
    }
    if (started) step.started = started;
    if (completed) step.completed = completed;
    applyStatus(step, { started, completed, error, cached });
  }

  function log(l: Json): void {
    const digest = str(l.vertex);
    const data = str(l.data);
    if (digest === null || data === null) return;
    outputText(digest, decodeBase64(data));
  }

  const talk = createTalkTracker();
  function outputText(digest: string, text: string): void {
    const step = stepFor(digest, announced.get(digest) ?? null);
    talk(step);
    addLogChunk(step, text);
  }

  /** An output chunk the fast path read: its step's base64, decoded only if it can still show. */
  function output(digest: string, data: string): void {
    const step = byDigest.get(digest);
    if (step) {
      talk(step);
      return addRawChunk(step, data);
    }
    const text = decodeRawData(data);
    if (text !== null) outputText(digest, text); // null: not JSON, which the general path skips
  }

  function warning(w: Json): void {
    const short = str(w.short);
    if (short === null) return;
    const text = decodeBase64(short).trim();
    totals.warn(text);
    const digest = str(w.vertex);
    const step = digest === null ? undefined : byDigest.get(digest);
    if (step) addStepWarning(step, text);
  }

  function status(s: Json): void {
    const id = str(s.id) ?? "";
    const imageId = imageIdFromStatus(id);
    if (imageId) totals.imageId = imageId;
    const digest = str(s.vertex);
    const step = digest === null ? undefined : byDigest.get(digest);
    if (
      id === "transferring context:" &&
      isContextLoad(step?.name ?? null) &&
      typeof s.current === "number"
    ) {
      totals.noteContextBytes(s.current);
    }
  }

  function update(value: unknown): void {
    if (!isObject(value)) return;
    each(value.vertexes, vertex);
    each(value.statuses, status);
    each(value.logs, log);
    each(value.warnings, warning);
  }

  function text(line: string): void {
    const bare = parseBareLine(line);
    if (bare) return bare.kind === "error" ? totals.error(bare.text) : totals.warn(bare.text);
  }

  const stream = createJsonStream({ value: update, text });
  const read = createFastLogReader(stream, output, cleanLine);
  return {
    line: read,
    result: () => {
      const cached = [...vertices.values()].filter(Boolean).length;
      return { ...totals.trace("rawjson", table), vertices: { total: vertices.size, cached } };
    },
  };
}

interface VertexTimes {
  started: string | null;
  completed: string | null;
  error: string | null;
  cached: boolean;
}

function applyStatus(step: StepState, v: VertexTimes): void {
  if (v.error !== null) {
    step.status = isCanceledError(v.error) ? "canceled" : "error";
    step.error = v.error;
  } else if (v.cached) {
    step.status = "cached";
  } else if (v.completed) {
    step.status = "done";
  } else if (v.started) {
    step.status = "running"; // a new run interval of a vertex that had completed before
    return;
  } else {
    return;
  }
  // Same meaning as plain, where CACHED prints no time: cached steps have no run time.
  step.seconds = step.status === "cached" ? null : secondsBetween(v.started, v.completed);
}

/** completed − started with the full fractional precision of RFC3339Nano (Date keeps only ms). */
export function secondsBetween(started: string | null, completed: string | null): number | null {
  const a = started === null ? null : splitTime(started);
  const b = completed === null ? null : splitTime(completed);
  if (!a || !b) return null;
  const s = b.whole - a.whole + (b.fraction - a.fraction);
  return Math.round(s * 1e6) / 1e6;
}

function splitTime(iso: string): { whole: number; fraction: number } | null {
  const m = /^(.+:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return Number.isNaN(ms) ? null : { whole: ms / 1000, fraction: Number(`0.${m[2] ?? "0"}`) };
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function str(x: unknown): string | null {
  return typeof x === "string" && x !== "" ? x : null;
}

function each(list: unknown, fn: (item: Json) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isObject(item)) fn(item);
}
