// Splits a stream of concatenated JSON values fed line by line. buildx 0.12–0.14 pretty-prints each
// rawjson object over many lines; ≥ 0.15 writes one compact object per line (research note §2), and
// non-JSON lines (`ERROR: failed to solve: …`) can follow on the same stream.

/** A value larger than this is dropped instead of buffered: garbage must not grow memory. */
export const MAX_JSON_VALUE_CHARS = 64 * 1024 * 1024;

export interface JsonStreamSink {
  value(parsed: unknown): void;
  /** A line outside any JSON value. */
  text(line: string): void;
}

export interface JsonStream {
  line(text: string): void;
  /** True between values: the next line starts a new one (or is text). */
  idle(): boolean;
}

export function createJsonStream(sink: JsonStreamSink): JsonStream {
  // Lines of an indented value (buildx 0.12–0.14: Go's MarshalIndent), held until its closing line.
  let pretty: string[] | null = null;
  let prettySize = 0;
  let parts: string[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  function emit(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // A broken value (a truncated log) is skipped; the next one parses on its own.
    }
    sink.value(parsed);
  }

  function reset(): void {
    parts = [];
    size = 0;
    depth = 0;
    inString = false;
    escaped = false;
  }

  // Scans `text` from `from`; returns the index just past the value that closed, or -1.
  function scan(text: string, from: number): number {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
      else if ((c === 125 /* } */ || c === 93) /* ] */ && --depth === 0) return i + 1;
    }
    return -1;
  }

  // MarshalIndent puts the top-level braces alone at column 0 and indents everything inside, and
  // JSON strings hold no raw newline: a value is every line from `{` to `}`, with no need to scan
  // its characters. Anything else on the way is read the general way.
  function prettyLine(text: string, held: string[]): void {
    if (text === "}") {
      pretty = null;
      held.push(text);
      return emit(held.join("\n"));
    }
    if (text === "{") {
      // A new value at column 0: the held one was cut short (a truncated log); skip it.
      pretty = [text];
      prettySize = 2;
      return;
    }
    if (text.startsWith(" ") && prettySize + text.length < MAX_JSON_VALUE_CHARS) {
      held.push(text);
      prettySize += text.length + 1;
      return;
    }
    pretty = null;
    if (prettySize + text.length >= MAX_JSON_VALUE_CHARS) return;
    for (const l of held) scanLine(l);
    scanLine(text);
  }

  function line(text: string): void {
    if (pretty !== null) return prettyLine(text, pretty);
    if (depth === 0 && text === "{") {
      pretty = [text];
      prettySize = 2;
      return;
    }
    scanLine(text);
  }

  function scanLine(text: string): void {
    let rest = text;
    while (rest !== "") {
      if (depth === 0) {
        const start = rest.search(/\S/);
        if (start < 0) return;
        if (rest[start] !== "{" && rest[start] !== "[") return sink.text(rest);
        rest = rest.slice(start);
        // Fast path for ≥ 0.15: a whole object on one line.
        if (rest.endsWith("}") && tryWhole(rest)) return;
      }
      const end = scan(rest, 0);
      if (end < 0) {
        parts.push(rest, "\n");
        size += rest.length + 1;
        if (size > MAX_JSON_VALUE_CHARS) reset();
        return;
      }
      parts.push(rest.slice(0, end));
      const whole = parts.join("");
      reset();
      emit(whole);
      rest = rest.slice(end);
    }
  }

  function tryWhole(text: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return false; // `}{` on one line, or a value that continues: scan it.
    }
    sink.value(parsed);
    return true;
  }

  return { line, idle: () => depth === 0 && pretty === null };
}
