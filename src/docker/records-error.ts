// Pure: a failed build's error as BuildKit's record keeps it. The error is a google.rpc.Status whose
// details are JSON under typed URLs (moby/buildkit util/grpcerrors withDetails): the Dockerfile
// ranges the failing instruction spans (errdefs.Source), the failing vertex (errdefs.Vertex) and the
// process's exit code (gatewayapi.ExitMessage). The vertex's name and output come from the record's
// status stream (StatusResponse: vertexes = 1, logs = 3), read for that one vertex only.
import { LOG_TAIL_LINES } from "../progress/model.js";
import { fields } from "./records-proto.js";

export interface RecordedFailure {
  /** BuildKit's error message (Status.message), e.g. `process "…" did not complete successfully: exit code: 3`. */
  message: string;
  exitCode: number | null;
  /** The Dockerfile as the frontend named it (`Dockerfile`, `app.Dockerfile`), or null. */
  file: string | null;
  /** 1-based lines of the failing instruction, first to last, or null when the error names none. */
  lines: { line: number; endLine: number } | null;
  /** The failing vertex's digest, and its name and last output lines from the status stream. */
  vertex: string | null;
  step: string | null;
  logTail: string[];
}

interface Detail {
  type: string;
  value: Buffer;
}

const TYPE_PREFIX = "github.com/moby/buildkit/";
/** Output kept per read of the failing vertex: more than ten lines need, bounded whatever it printed. */
const LOG_KEEP_BYTES = 64 * 1024;

/** google.rpc.Status{code = 1, message = 2, details = 3 (Any{type_url = 1, value = 2})}. */
export function decodeStatus(buf: Buffer): { code: number; message: string; details: Detail[] } {
  let code = 0;
  let message = "";
  const details: Detail[] = [];
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 0) code = f.int;
    else if (f.no === 2 && f.bytes) message = f.bytes.toString("utf8");
    else if (f.no === 3 && f.bytes) {
      let type = "";
      let value: Buffer = Buffer.alloc(0);
      for (const a of fields(f.bytes)) {
        if (a.no === 1 && a.bytes) type = a.bytes.toString("utf8");
        else if (a.no === 2 && a.bytes) value = a.bytes;
      }
      details.push({ type, value });
    }
  }
  return { code, message, details };
}

/**
 * The failure a record's error Status describes; `stream` (the record's replayed StatusResponse
 * messages) names the vertex and gives its output when it is there.
 */
export function parseRecordedFailure(status: Buffer, stream: readonly Buffer[] = []): RecordedFailure {
  const { message, details } = decodeStatus(status);
  const out: RecordedFailure = {
    message,
    exitCode: null,
    file: null,
    lines: null,
    vertex: null,
    step: null,
    logTail: [],
  };
  for (const d of details) {
    const json = detailJson(d);
    if (!json) continue;
    if (d.type === `${TYPE_PREFIX}errdefs.Source+json` && out.file === null) readSource(json, out);
    else if (d.type === `${TYPE_PREFIX}errdefs.Vertex+json` && out.vertex === null)
      out.vertex = typeof json.digest === "string" ? json.digest : null;
    else if (d.type === `${TYPE_PREFIX}gatewayapi.ExitMessage+json` && typeof json.Code === "number")
      out.exitCode = json.Code;
  }
  if (out.vertex) Object.assign(out, vertexOutput(stream, out.vertex));
  return out;
}

function detailJson(d: Detail): Record<string, unknown> | null {
  // Stack traces carry the daemon's command line: never decoded, never kept.
  if (!d.type.startsWith(TYPE_PREFIX) || d.type.includes("stack.Stack")) return null;
  try {
    const v: unknown = JSON.parse(d.value.toString("utf8"));
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** errdefs.Source{info: SourceInfo{filename, data, language}, ranges: [{start: {line}, end: {line}}]}. */
function readSource(json: Record<string, unknown>, out: RecordedFailure): void {
  const info = json.info as { filename?: unknown } | undefined;
  out.file = typeof info?.filename === "string" ? info.filename : null;
  const lines: number[] = [];
  for (const r of Array.isArray(json.ranges) ? json.ranges : []) {
    const range = r as { start?: { line?: unknown }; end?: { line?: unknown } };
    for (const p of [range.start?.line, range.end?.line]) {
      if (typeof p === "number" && Number.isInteger(p) && p > 0) lines.push(p);
    }
  }
  if (lines.length) out.lines = { line: Math.min(...lines), endLine: Math.max(...lines) };
}

/** The vertex's name and last output lines, from StatusResponse messages. */
function vertexOutput(stream: readonly Buffer[], digest: string): { step: string | null; logTail: string[] } {
  let step: string | null = null;
  const chunks: Buffer[] = [];
  let kept = 0;
  for (const message of stream) {
    for (const f of fields(message)) {
      if (!f.bytes) continue;
      if (f.no === 1) {
        const v = stringFields(f.bytes, 1, 3);
        if (v[1] === digest && v[3]) step = v[3];
      } else if (f.no === 3) {
        const l = logEntry(f.bytes);
        if (l.vertex !== digest || !l.msg.length) continue;
        chunks.push(l.msg);
        kept += l.msg.length;
        while (chunks.length > 1 && kept - chunks[0]!.length >= LOG_KEEP_BYTES)
          kept -= chunks.shift()!.length;
      }
    }
  }
  const lines = Buffer.concat(chunks).toString("utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return { step, logTail: lines.slice(-LOG_TAIL_LINES).map((l) => l.replace(/\r$/, "")) };
}

function stringFields(buf: Buffer, ...wanted: number[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const f of fields(buf)) {
    if (f.bytes && wanted.includes(f.no)) out[f.no] = f.bytes.toString("utf8");
  }
  return out;
}

/** VertexLog{vertex = 1, timestamp = 2, stream = 3, msg = 4}. */
function logEntry(buf: Buffer): { vertex: string; msg: Buffer } {
  let vertex = "";
  let msg: Buffer = Buffer.alloc(0);
  for (const f of fields(buf)) {
    if (f.no === 1 && f.bytes) vertex = f.bytes.toString("utf8");
    else if (f.no === 4 && f.bytes) msg = f.bytes;
  }
  return { vertex, msg };
}
