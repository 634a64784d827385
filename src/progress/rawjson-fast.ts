// Most of a rawjson log is build output: one `{"logs":[…]}` update per output chunk, written by Go's
// encoding/json in VertexLog's field order (vertex, stream, data, timestamp; data is base64, so it
// holds no escapes). That exact shape is read here without JSON.parse, in both layouts buildx
// prints: one object per line (≥ 0.15) and MarshalIndent's ten lines (0.12–0.14, Docker 20.10's
// buildx 0.13). Anything else (several logs in one update, another field order, text) goes to the
// JSON stream unchanged, lines held back included, so the result never depends on this path.
//
// Lines arrive raw: a line of the shape holds no ANSI escape, CR or leading timestamp, so it is its
// own clean form, and only lines that miss the shape are cleaned (cleaning every line cost about as
// much as splitting it). The checks are exact: a field read here is the string JSON.parse would give
// (the data's control characters are checked when it is decoded, see decodeRawData).
import type { JsonStream } from "./json-stream.js";
import { detach } from "./lines.js";

/** A one-line log update up to its data's opening quote, and what follows the data's closing quote. */
const COMPACT_HEAD = /^\{"logs":\[\{"vertex":"(sha256:[0-9a-f]{64})","stream":\d+,"data":"/;
// eslint-disable-next-line no-control-regex
const COMPACT_TAIL = /","timestamp":"[^"\\\x00-\x1f]*"\}\]\}$/y;

/** MarshalIndent's lines of `{"logs":[one VertexLog]}`: three constant lines, four fields, three more. */
const OPEN = ["{", '  "logs": [', "    {"];
const CLOSE = ["    }", "  ]", "}"];
const VERTEX = /^ {6}"vertex": "(sha256:[0-9a-f]{64})",$/;
const STREAM = /^ {6}"stream": \d+,$/;
const DATA_OPEN = '      "data": "';
// eslint-disable-next-line no-control-regex
const TIMESTAMP = /^ {6}"timestamp": "[^"\\\x00-\x1f]*"$/;
const AT_VERTEX = 3;
const AT_STREAM = 4;
const AT_DATA = 5;
const AT_TIMESTAMP = 6;
const LINES = 10;

/** The base64 of an indented data line, or null unless it is exactly the string JSON.parse gives. */
function dataOf(line: string): string | null {
  if (line.slice(0, DATA_OPEN.length) !== DATA_OPEN || !line.endsWith('",')) return null;
  return rawData(line.slice(DATA_OPEN.length, -2));
}

/**
 * Text between a data field's quotes that holds no quote or backslash: then it is its own JSON value,
 * but for a raw control character, which decodeRawData turns away once the chunk is decoded.
 */
function rawData(data: string): string | null {
  return data.includes('"') || data.includes("\\") ? null : data;
}

/**
 * Feeds raw lines; output chunks go to `output` as their raw base64 (see decodeRawData), everything
 * else, cleaned, to `stream`.
 */
export function createFastLogReader(
  stream: JsonStream,
  output: (digest: string, data: string) => void,
  clean: (raw: string) => string,
): (raw: string) => void {
  // How many lines of an indented log update are held (0: none), and the variable ones among them.
  let at = 0;
  const fields = ["", "", "", ""]; // the four field lines, for a replay
  let digest = "";
  let data = "";
  // Consecutive output chunks mostly come from one vertex: an identical line needs no second look.
  // What is kept from one line to the next is a copy: a view would keep the line's whole 64 KB read
  // chunk alive long enough to reach the old generation (+60 MB peak RSS on bench/memory.ts's log).
  let lastVertexLine = "";
  let lastDigest = "";
  let lastStreamLine = "";

  function giveUp(line: string): void {
    const n = at;
    at = 0;
    for (let i = 0; i < n; i++) stream.line(i < AT_VERTEX ? (OPEN[i] ?? "") : (fields[i - AT_VERTEX] ?? ""));
    stream.line(line);
  }

  /** Whether `line` is line `at` of the shape; a field's value is kept. */
  function matches(line: string): boolean {
    switch (at) {
      case AT_VERTEX: {
        if (line === lastVertexLine) return ((digest = lastDigest), true);
        const m = VERTEX.exec(line);
        if (!m) return false;
        lastVertexLine = detach(line);
        digest = lastDigest = detach(m[1] ?? "");
        return true;
      }
      case AT_STREAM:
        if (line === lastStreamLine) return true;
        if (!STREAM.test(line)) return false;
        lastStreamLine = detach(line);
        return true;
      case AT_DATA: {
        const d = dataOf(line);
        if (d !== null) data = d;
        return d !== null;
      }
      case AT_TIMESTAMP:
        return TIMESTAMP.test(line);
      default:
        return line === (at < AT_VERTEX ? OPEN[at] : CLOSE[at - AT_TIMESTAMP - 1]);
    }
  }

  function indented(raw: string): void {
    let line = raw;
    if (!matches(line)) {
      line = clean(raw);
      if (line === raw || !matches(line)) return giveUp(line);
    }
    if (at >= AT_VERTEX && at <= AT_TIMESTAMP) fields[at - AT_VERTEX] = line;
    if (++at < LINES) return;
    at = 0;
    output(digest, data);
  }

  // The head of the last one-line update (digest and stream checked): the next one mostly repeats it.
  let lastHead = "";
  let lastHeadDigest = "";

  function compact(line: string): boolean {
    // A slice compared costs a seventh of startsWith over these ~100 characters (V8 12).
    if (lastHead === "" || line.slice(0, lastHead.length) !== lastHead) {
      const m = COMPACT_HEAD.exec(line);
      if (!m) return false;
      lastHead = detach(m[0]);
      lastHeadDigest = detach(m[1] ?? "");
    }
    const end = line.indexOf('"', lastHead.length);
    COMPACT_TAIL.lastIndex = end;
    if (end < 0 || !COMPACT_TAIL.test(line)) return false;
    const d = rawData(line.slice(lastHead.length, end));
    if (d !== null) output(lastHeadDigest, d);
    return d !== null;
  }

  return (raw) => {
    if (at > 0) return indented(raw);
    if (!stream.idle()) return stream.line(clean(raw));
    if (raw === "{") return indented(raw);
    if (compact(raw)) return;
    const line = clean(raw);
    if (line === raw || !compact(line)) return line === "{" ? indented(line) : stream.line(line);
  };
}
