// Per-step state shared by both parsers. The only thing that grows with a log is the number of
// distinct steps; every list inside a step is bounded.
import { clip, detach, detachAll, MAX_KEPT_CHARS, MAX_MESSAGES, pushTail, pushUnique } from "./lines.js";
import { LOG_TAIL_LINES } from "./model.js";
import type { BuildTrace, ProgressFormat, TraceStep } from "./model.js";
import { decodeRawData } from "./base64.js";
import { mergeGroups } from "./groups.js";
import { parseStepName } from "./names.js";

/** What a step's TraceStep is made of as the log is read, and what the parsers keep on the way. */
export interface StepState extends Pick<
  TraceStep,
  | "key"
  | "name"
  | "status"
  | "seconds"
  | "started"
  | "completed"
  | "warnings"
  | "error"
  | "logTail"
  | "progressGroup"
> {
  /** rawjson: id of the vertex's progress group, which ties `COPY --link`'s two vertices together. */
  groupId: string | null;
  /** Output not yet ended by a newline (rawjson log chunks split lines anywhere). */
  partial: string;
  /** rawjson output chunks not decoded yet, oldest first (see addRawChunk). */
  pending: string[];
}

export class StepTable {
  private readonly byKey = new Map<string, StepState>();
  // Latest step per name, for the plain error summary (` > name:`) that names steps, not numbers.
  private readonly byName = new Map<string, StepState>();

  get(key: string): StepState | undefined {
    return this.byKey.get(key);
  }

  getOrCreate(key: string): StepState {
    let step = this.byKey.get(key);
    if (!step) {
      step = emptyStep(key);
      this.byKey.set(key, step);
    }
    return step;
  }

  setName(step: StepState, name: string): void {
    if (step.name === name) return;
    step.name = detach(name);
    this.byName.set(step.name, step);
  }

  findByName(name: string): StepState | undefined {
    return this.byName.get(name);
  }

  /** One step per instruction: the vertices of a progress group (`COPY --link`) become one. */
  toSteps(): TraceStep[] {
    return mergeGroups([...this.byKey.values()].map((s) => ({ step: toTraceStep(s), groupId: s.groupId })));
  }
}

function emptyStep(key: string): StepState {
  return {
    key,
    name: null,
    status: "running",
    seconds: null,
    started: null,
    completed: null,
    warnings: [],
    error: null,
    logTail: [],
    progressGroup: null,
    groupId: null,
    partial: "",
    pending: [],
  };
}

function toTraceStep(s: StepState): TraceStep {
  settleOutput(s);
  const parts = s.name === null ? null : parseStepName(s.name);
  const logTail = s.partial ? [...s.logTail, s.partial].slice(-LOG_TAIL_LINES) : [...s.logTail];
  return {
    key: s.key,
    name: s.name,
    stage: parts?.stage ?? null,
    target: parts?.target ?? null,
    platform: parts?.platform ?? null,
    index: parts?.index ?? null,
    instruction: parts?.instruction ?? null,
    status: s.status,
    seconds: s.seconds,
    started: s.started,
    completed: s.completed,
    warnings: [...s.warnings],
    error: s.error,
    logTail,
    progressGroup: s.progressGroup,
  };
}

/**
 * Log lines are kept as views of the text they were cut from (readline's 64 KB chunk, a decoded
 * log chunk) while their step is the one talking; once output moves to another step, the quiet
 * step's lines are copied (detach in lines.ts), so only one step at a time holds a chunk.
 */
export function createTalkTracker(): (step: StepState) => void {
  let talking: StepState | null = null;
  return (step) => {
    if (step === talking) return;
    if (talking) {
      settleOutput(talking);
      detachAll(talking.logTail);
    }
    talking = step;
  };
}

export function addLogLine(step: StepState, text: string): void {
  pushTail(step.logTail, text, LOG_TAIL_LINES);
}

/**
 * Chunks a step may hold undecoded: they are views of the read chunks they were cut from, so this
 * bounds what the talking step keeps alive (a quiet step's are decoded, see createTalkTracker).
 */
const MAX_PENDING = 64;

/**
 * Keeps a rawjson output chunk as the base64 cut from its update (decodeRawData), undecoded: most
 * chunks of a long step are pushed out of its last lines before anything reads them, and decoding
 * each one cost half the parsing time. Decoded when the step goes quiet, is read or holds too many.
 */
export function addRawChunk(step: StepState, data: string): void {
  step.pending.push(data);
  if (step.pending.length >= MAX_PENDING) settleOutput(step);
}

/**
 * Adds a step's pending chunks as addLogChunk would have one by one, decoding only the newest ones
 * that hold more than LOG_TAIL_LINES line ends: what came before cannot show in the last lines
 * (nor in the unended line after them), so those chunks are dropped undecoded.
 */
function settleOutput(step: StepState): void {
  const pending = step.pending;
  if (pending.length === 0) return;
  let ends = 0;
  for (let i = pending.length - 1; i >= 0 && ends <= LOG_TAIL_LINES; i--) {
    const text = decodeRawData(pending[i] ?? "");
    if (text === null) continue; // an update that is not JSON: skipped, as the JSON path skips it
    decoded.push(text);
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) ends++;
  }
  // Arrays are emptied, never replaced: V8 moves the objects of an allocation site whose objects
  // mostly outlive a young-generation GC straight to the old one (pretenuring), and new arrays here
  // made it promote twice the bytes (+30 MB peak RSS on bench/memory.ts's log).
  pending.length = 0;
  if (ends > LOG_TAIL_LINES) {
    step.logTail.length = 0;
    step.partial = "";
  }
  for (let i = decoded.length - 1; i >= 0; i--) addLogChunk(step, decoded[i] ?? "");
  decoded.length = 0;
}

/** settleOutput's scratch list, reused (see there). */
const decoded: string[] = [];

/** Adds raw output that may hold several lines or end mid-line. */
export function addLogChunk(step: StepState, chunk: string): void {
  if (step.pending.length > 0) settleOutput(step);
  const end = chunk.lastIndexOf("\n");
  if (end === chunk.length - 1 && chunk.indexOf("\n") === end) {
    // The usual chunk: one whole line.
    const line = step.partial + chunk.slice(0, chunk.endsWith("\r\n") ? -2 : -1);
    step.partial = "";
    return addLogLine(step, line);
  }
  if (end < 0) {
    step.partial = detach((step.partial + chunk).slice(0, MAX_KEPT_CHARS));
    return;
  }
  // Only the last lines are kept: skip splitting a long chunk's earlier ones.
  let cut = end;
  for (let n = 0; n < LOG_TAIL_LINES && cut >= 0; n++) cut = cut > 0 ? chunk.lastIndexOf("\n", cut - 1) : -1;
  const head = cut < 0 ? step.partial + chunk.slice(0, end) : chunk.slice(cut + 1, end);
  for (const p of head.split("\n")) addLogLine(step, p.endsWith("\r") ? p.slice(0, -1) : p);
  step.partial = detach(chunk.slice(end + 1, end + 1 + MAX_KEPT_CHARS));
}

export function addStepWarning(step: StepState, text: string): void {
  pushUnique(step.warnings, text);
}

/** Build-level results collected next to the steps. */
export class TraceTotals {
  imageId: string | null = null;
  contextBytes: number | null = null;
  readonly warnings: string[] = [];
  readonly errors: string[] = [];

  warn(text: string): void {
    pushUnique(this.warnings, text);
  }

  /** The largest size seen: the status is re-printed as the transfer grows. */
  noteContextBytes(bytes: number | null): void {
    if (bytes !== null) this.contextBytes = Math.max(this.contextBytes ?? 0, bytes);
  }

  error(text: string): void {
    if (this.errors.length < MAX_MESSAGES) this.errors.push(clip(text));
  }

  trace(format: ProgressFormat, table: StepTable): BuildTrace {
    return {
      format,
      steps: table.toSteps(),
      imageId: this.imageId,
      contextBytes: this.contextBytes,
      warnings: [...this.warnings],
      errors: [...this.errors],
    };
  }
}
