// Most of a rawjson log is build output: one `{"logs":[…]}` update per output chunk, written by Go's
// encoding/json in VertexLog's field order (vertex, stream, data, timestamp; data is base64, so it
// holds no escapes). That exact shape is read here without JSON.parse, in both layouts buildx
// prints: one object per line (≥ 0.15) and MarshalIndent's ten lines (0.12–0.14, Docker 20.10's
// buildx 0.13). Anything else (several logs in one update, another field order, text) goes to the
// JSON stream unchanged, lines held back included, so the result never depends on this path.
import type { JsonStream } from "./json-stream.js";

const COMPACT =
  /^\{"logs":\[\{"vertex":"(sha256:[0-9a-f]{64})","stream":\d+,"data":"([A-Za-z0-9+/=]*)","timestamp":"[^"\\]*"\}\]\}$/;

/** MarshalIndent's lines of `{"logs":[one VertexLog]}`; a regex captures the digest or the data. */
const INDENTED: readonly (string | RegExp)[] = [
  "{",
  '  "logs": [',
  "    {",
  /^ {6}"vertex": "(sha256:[0-9a-f]{64})",$/,
  /^ {6}"stream": \d+,$/,
  /^ {6}"data": "([A-Za-z0-9+/=]*)",$/,
  /^ {6}"timestamp": "[^"\\]*"$/,
  "    }",
  "  ]",
  "}",
];
const DIGEST_LINE = 3;
const DATA_LINE = 5;

/** Feeds cleaned lines; output chunks go to `output`, everything else to `stream`. */
export function createFastLogReader(
  stream: JsonStream,
  output: (digest: string, base64: string) => void,
): (line: string) => void {
  // Lines of a value that so far has the indented log shape, held until it is whole or is not one.
  let held: string[] = [];
  let digest = "";
  let data = "";

  function giveUp(line: string): void {
    const lines = held;
    held = [];
    for (const l of lines) stream.line(l);
    stream.line(line);
  }

  function indented(line: string): void {
    const want = INDENTED[held.length] ?? "";
    const match = typeof want === "string" ? (line === want ? [line] : null) : want.exec(line);
    if (!match) return giveUp(line);
    if (held.length === DIGEST_LINE) digest = match[1] ?? "";
    else if (held.length === DATA_LINE) data = match[1] ?? "";
    if (held.length < INDENTED.length - 1) {
      held.push(line);
      return;
    }
    held = [];
    output(digest, data);
  }

  return (line) => {
    if (held.length > 0) return indented(line);
    if (!stream.idle()) return stream.line(line);
    if (line === "{") return indented(line);
    const compact = COMPACT.exec(line);
    if (compact) output(compact[1] ?? "", compact[2] ?? "");
    else stream.line(line);
  };
}
